// While a project folder is being read: how far along, per folder, with a Cancel.
import { ActionIcon, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { IngestProgress } from '../../../shared/domain';
import { projectsClient } from '../../api/projectsClient';
import { baseName } from '../../format/date';

export function IngestProgressList() {
  const [reading, setReading] = useState<Record<number, IngestProgress>>({});
  const [cancelling, setCancelling] = useState<Record<number, boolean>>({});

  useEffect(
    () =>
      projectsClient.onIngestProgress((progress) => {
        setReading((current) => {
          const next = { ...current };
          if (progress.done) delete next[progress.projectId];
          else next[progress.projectId] = progress;
          return next;
        });
        if (progress.done) setCancelling(({ [progress.projectId]: _, ...rest }) => rest);
      }),
    [],
  );

  const cancel = (projectId: number) => {
    setCancelling((current) => ({ ...current, [projectId]: true }));
    void projectsClient.cancelIngest(projectId);
  };

  const entries = Object.values(reading);
  if (entries.length === 0) return null;
  return (
    <Stack gap={6} px={4} mt={6} data-testid="ingest-progress">
      {entries.map((p) => (
        <div key={p.projectId} title={p.projectPath}>
          <Group gap={4} wrap="nowrap" justify="space-between">
            <Text size="xs" fw={500} truncate="end">
              {cancelling[p.projectId] ? 'Stopping' : 'Reading'} {baseName(p.projectPath)}
            </Text>
            <Tooltip label="Stop reading. The runs read so far stay; the rest is read when Runlens next starts or the folder is added again" multiline maw={240} withArrow>
              <ActionIcon
                size="xs"
                variant="subtle"
                color="gray"
                aria-label={`Cancel reading ${p.projectPath}`}
                data-testid="ingest-cancel"
                disabled={cancelling[p.projectId]}
                onClick={() => cancel(p.projectId)}
              >
                <X size={12} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <Progress size="xs" my={3} value={p.runsTotal > 0 ? (100 * p.runsDone) / p.runsTotal : 0} />
          <Text size="xs" c="dimmed" data-testid="ingest-progress-text">
            {p.runsDone.toLocaleString()} of {p.runsTotal.toLocaleString()} runs · {p.pointsAdded.toLocaleString()} points
          </Text>
        </div>
      ))}
    </Stack>
  );
}
