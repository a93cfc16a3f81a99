// One titled block of the compare view.
import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  testId: string;
  /** Controls beside the title. */
  actions?: ReactNode;
  children: ReactNode;
}

export function Section({ title, testId, actions, children }: Props) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} component="section">
      <Group justify="space-between" align="center" mb="sm" wrap="wrap" gap="sm">
        <Title order={4}>{title}</Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}
