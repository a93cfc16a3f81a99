import { AppShell, Divider, ScrollArea, Stack } from '@mantine/core';
import { AddProject } from './AddProject';
import { AreaNav } from './AreaNav';
import { IngestProgressList } from './IngestProgressList';
import { ProjectList } from './ProjectList';
import classes from './Sidebar.module.css';

export function Sidebar() {
  return (
    <>
      <AppShell.Section grow component={ScrollArea} p="sm">
        <Stack gap={4}>
          <div className={classes.sectionLabel}>Projects</div>
          <ProjectList />
          <AddProject />
          <IngestProgressList />
        </Stack>
      </AppShell.Section>
      <Divider />
      <AppShell.Section p="sm">
        <AreaNav />
      </AppShell.Section>
    </>
  );
}
