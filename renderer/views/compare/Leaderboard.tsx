// One row per run, chosen metrics as columns (last value), the best of each
// column highlighted, sortable, exportable as CSV.
import { Button, Group, MultiSelect, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { ArrowDown, ArrowUp, Download } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { RunRow } from '../../../shared/runQuery';
import { downloadCsv } from '../../charts/export';
import { formatMetric } from '../../format/number';
import { sourceLabel } from '../../format/source';
import { bestIndices, defaultDirection, leaderboardCsvRows, metricLast, sortLeaderboard, type BestDirection, type LeaderboardSort } from './leaderboard';
import classes from './CompareTables.module.css';
import { Section } from './Section';

interface Props {
  rows: RunRow[];
  /** Every metric key of the runs (the picker's options). */
  metrics: string[];
  /** Metrics whose values the rows already carry (the default columns come from these). */
  loaded: string[];
  colors: Record<string, string>;
  onWantMetrics(keys: string[]): void;
}

/** Columns shown at first. */
export const DEFAULT_LEADERBOARD_METRICS = 8;

function SortMark({ active, descending }: { active: boolean; descending: boolean }) {
  if (!active) return null;
  return descending ? <ArrowDown size={12} /> : <ArrowUp size={12} />;
}

export function Leaderboard({ rows, metrics, loaded, colors, onWantMetrics }: Props) {
  const [picked, setPicked] = useState<string[] | null>(null);
  const [directions, setDirections] = useState<Record<string, BestDirection>>({});
  const [sort, setSort] = useState<LeaderboardSort>({ by: 'name' });
  const [descending, setDescending] = useState(false);

  const columns = (picked ?? [...loaded].sort((a, b) => a.localeCompare(b)).slice(0, DEFAULT_LEADERBOARD_METRICS)).filter((key) => metrics.includes(key));
  useEffect(() => {
    if (picked) onWantMetrics(picked);
  }, [picked, onWantMetrics]);

  const direction = (key: string): BestDirection => directions[key] ?? defaultDirection(key);
  const sorted = sortLeaderboard(rows, sort, descending);
  const best = new Map(columns.map((key) => [key, new Set(bestIndices(sorted.map((row) => metricLast(row, key)), direction(key)))]));

  const sortBy = (next: LeaderboardSort, defaultDescending: boolean): void => {
    const same = next.by === sort.by && (next.by === 'name' || (sort.by === 'metric' && next.key === sort.key));
    setSort(next);
    setDescending(same ? !descending : defaultDescending);
  };

  const exportCsv = (): void => {
    const { columns: header, rows: body } = leaderboardCsvRows(sorted, columns);
    downloadCsv(header, body, 'leaderboard');
  };

  return (
    <Section
      title="Leaderboard"
      testId="leaderboard"
      actions={
        <Group gap="sm" align="flex-end">
          <MultiSelect
            label="Metrics"
            size="xs"
            w={420}
            data={metrics}
            value={columns}
            onChange={setPicked}
            searchable
            clearable
            limit={200}
            placeholder="Pick metrics"
            data-testid="leaderboard-metrics"
          />
          <Button size="xs" variant="light" leftSection={<Download size={14} />} onClick={exportCsv} data-testid="leaderboard-csv">
            Export CSV
          </Button>
        </Group>
      }
    >
      <ScrollArea.Autosize mah={560} type="auto" offsetScrollbars>
        <table className={classes.table}>
          <thead>
            <tr>
              <th className={classes.sticky}>
                <UnstyledButton onClick={() => sortBy({ by: 'name' }, false)} data-testid="leaderboard-sort-name" fw={600} fz="sm">
                  <Group gap={4} wrap="nowrap">
                    Run <SortMark active={sort.by === 'name'} descending={descending} />
                  </Group>
                </UnstyledButton>
              </th>
              {columns.map((key) => (
                <th key={key} data-metric={key}>
                  <Group gap={4} wrap="nowrap" justify="space-between">
                    <UnstyledButton
                      onClick={() => sortBy({ by: 'metric', key }, direction(key) === 'max')}
                      data-testid="leaderboard-sort"
                      fw={600}
                      fz="sm"
                      title={`Sort by ${key}`}
                    >
                      <Group gap={4} wrap="nowrap">
                        <span>{key}</span>
                        <SortMark active={sort.by === 'metric' && sort.key === key} descending={descending} />
                      </Group>
                    </UnstyledButton>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="gray"
                      title={`Best is the ${direction(key) === 'min' ? 'lowest' : 'highest'}; click to flip`}
                      aria-label={`Best ${key}: ${direction(key)}`}
                      data-testid="leaderboard-direction"
                      data-direction={direction(key)}
                      onClick={() => setDirections((d) => ({ ...d, [key]: direction(key) === 'min' ? 'max' : 'min' }))}
                    >
                      {direction(key)}
                    </Button>
                  </Group>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row, r) => (
              <tr key={row.id} data-testid="leaderboard-row" data-run-id={row.id}>
                <td className={classes.sticky} title={`${row.name} (${row.id})`}>
                  <span className={classes.runHead}>
                    <span className={classes.swatch} style={{ background: colors[row.id] }} />
                    <span className={classes.runName}>{row.name}</span>
                    <span className={classes.source}>{sourceLabel(row.source)}</span>
                  </span>
                </td>
                {columns.map((key) => {
                  const isBest = best.get(key)?.has(r) ?? false;
                  const value = metricLast(row, key);
                  return (
                    <td
                      key={key}
                      className={`${classes.number} ${value === null ? classes.missing : ''} ${isBest ? classes.best : ''}`}
                      data-best={isBest || undefined}
                    >
                      {formatMetric(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea.Autosize>
      {columns.length === 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          {metrics.length === 0 ? 'These runs logged no metrics.' : 'Pick metrics to rank the runs by.'}
        </Text>
      )}
    </Section>
  );
}
