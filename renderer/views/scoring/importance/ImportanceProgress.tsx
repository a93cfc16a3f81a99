// The job this window started: features done of all, the time it has taken,
// Cancel while it runs, and how it ended.
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { Square } from 'lucide-react';
import { useNow } from '../../../hooks/useNow';
import { formatDuration } from '../../../format/duration';
import { elapsedMs, isRunning, type RunningImportance } from '../../../stores/importance/selectors';
import { importanceStore } from '../../../stores/importance/store';

const statusColors = { running: 'blue', finished: 'green', failed: 'red', cancelled: 'gray' } as const;
const statusWords = { running: '', finished: ' · finished', failed: ' · failed', cancelled: ' · cancelled' } as const;

export function ImportanceProgress({ job }: { job: RunningImportance }) {
  const progress = job.progress;
  const running = isRunning(job);
  const now = useNow();
  const status = progress?.status ?? 'running';
  const done = progress?.featuresDone ?? 0;
  const total = progress?.featureCount ?? 0;
  const fraction = total > 0 ? Math.min(1, done / total) : null;
  return (
    <Stack gap="xs" data-testid="importance-job" data-status={status}>
      <Progress
        size="lg"
        color={statusColors[status]}
        value={fraction === null ? 100 : fraction * 100}
        animated={running}
        striped={running && fraction === null}
        aria-label="Permutation importance progress"
        data-testid="importance-progress"
        data-done={done}
        data-total={total}
      />
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="importance-progress-text">
          {progress ? `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} features` : 'Starting…'}
          {` · ${formatDuration(elapsedMs(job, now))}`}
          {statusWords[status]}
        </Text>
        {running && (
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<Square size={12} />}
            onClick={() => void importanceStore.getState().cancel()}
            data-testid="importance-cancel"
          >
            Cancel
          </Button>
        )}
      </Group>
    </Stack>
  );
}
