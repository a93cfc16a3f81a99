// What was wrong with the input: the backend's notices as it worded them, the
// rows read and left out (NaN scores, unreadable lines) as counts, and a
// table thinned to a cap.
import { Alert, Group, Stack, Text } from '@mantine/core';
import { CircleAlert, Info, TriangleAlert } from 'lucide-react';
import type { Evaluation } from '../../../shared/evaluation/types';
import { thinnedNotice } from '../../stores/evaluation/selectors';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The counts line: rows used, and those left out, always shown so a clean file says so too. */
function ReadCounts({ evaluation }: { evaluation: Evaluation }) {
  const parts = [`${plural(evaluation.rows, 'row', 'rows')} evaluated`];
  parts.push(evaluation.nanScoreRows > 0 ? `${plural(evaluation.nanScoreRows, 'row', 'rows')} left out for a NaN score` : 'no NaN scores');
  parts.push(evaluation.skippedLines > 0 ? `${plural(evaluation.skippedLines, 'malformed line', 'malformed lines')} skipped` : 'no malformed lines');
  return (
    <Group gap={6}>
      <Text size="xs" c="dimmed" data-testid="evaluation-counts" data-nan-rows={evaluation.nanScoreRows} data-skipped-lines={evaluation.skippedLines}>
        {parts.join(' · ')}
      </Text>
    </Group>
  );
}

export function EvaluationNotices({ evaluation }: { evaluation: Evaluation }) {
  const thinned = thinnedNotice(evaluation);
  const items: { key: string; level: 'error' | 'warning' | 'info'; text: string }[] = [
    ...evaluation.notices.map((n, i) => ({ key: `n${i}`, level: n.level, text: n.message })),
  ];
  if (thinned) items.push({ key: 'thinned', level: 'info', text: `The ${thinned}; counts stay exact at every threshold kept, and the slider steps through those.` });
  return (
    <Stack gap={4} data-testid="evaluation-notices">
      <ReadCounts evaluation={evaluation} />
      {items.map((item) => (
        <Alert
          key={item.key}
          p={6}
          variant="light"
          color={item.level === 'error' ? 'red' : item.level === 'warning' ? 'yellow' : 'gray'}
          icon={item.level === 'error' ? <CircleAlert size={16} /> : item.level === 'warning' ? <TriangleAlert size={16} /> : <Info size={16} />}
          data-testid="evaluation-notice"
          data-level={item.level}
        >
          <Text size="sm">{item.text}</Text>
        </Alert>
      ))}
    </Stack>
  );
}
