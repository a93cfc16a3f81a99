// While a project folder is being read: how far along, per folder.
import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { IngestProgress } from '../../../shared/domain';
import { projectsClient } from '../../api/projectsClient';
import { baseName } from '../../format/date';

export function IngestProgressList() {
  const [reading, setReading] = useState<Record<string, IngestProgress>>({});

  useEffect(
    () =>
      projectsClient.onIngestProgress((progress) =>
        setReading((current) => {
          const next = { ...current };
          if (progress.done) delete next[progress.projectPath];
          else next[progress.projectPath] = progress;
          return next;
        }),
      ),
    [],
  );

  const entries = Object.values(reading);
  if (entries.length === 0) return null;
  return (
    <Stack gap={6} px={4} mt={6} data-testid="ingest-progress">
      {entries.map((p) => (
        <div key={p.projectPath} title={p.projectPath}>
          <Text size="xs" c="dimmed" truncate="end">
            Reading {baseName(p.projectPath)}: {p.filesDone.toLocaleString()} of {p.filesTotal.toLocaleString()} files
          </Text>
          <Progress size="xs" value={p.filesTotal > 0 ? (100 * p.filesDone) / p.filesTotal : 0} />
        </div>
      ))}
    </Stack>
  );
}
