// A long load: how much of the file is read, how many rows, and a Cancel.
import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { formatBytes } from '../../format/number';
import { progressFraction, selectProgress } from '../../stores/evaluation/selectors';
import { evaluationStore, useEvaluationStore } from '../../stores/evaluation/store';

export function LoadProgress({ name }: { name: string }) {
  const progress = useEvaluationStore(selectProgress);
  const fraction = progressFraction(progress);
  return (
    <Paper withBorder p="md" radius="sm" maw={560} mx="auto" w="100%" data-testid="evaluation-loading">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Reading “{name}”…
        </Text>
        <Progress value={fraction === null ? 100 : fraction * 100} animated={fraction === null} striped={fraction === null} data-testid="evaluation-progress" />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {progress
              ? `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} · ${progress.rowsRead.toLocaleString('en-US')} rows`
              : 'Starting…'}
          </Text>
          <Button size="xs" variant="default" onClick={() => void evaluationStore.getState().cancel()} data-testid="evaluation-cancel">
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
