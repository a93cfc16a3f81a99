// The filter, in MLflow's search syntax. The text is parsed as it is typed
// (shared/runFilter): a mistake is marked where it is, with the parser's
// message below, and the last good rows stay shown until the text parses.
import { ActionIcon, CloseButton, Code, Popover, Stack, Table, Text, TextInput } from '@mantine/core';
import { CircleHelp, Search } from 'lucide-react';
import { useMemo } from 'react';
import { parseRunFilter } from '../../../shared/runFilter';
import { selectFilterError } from '../../stores/runs/selectors';
import { useRunsStore } from '../../stores/runs/store';
import { selectRunFilter } from '../../stores/ui/selectors';
import { uiStore, useUiStore } from '../../stores/ui/store';
import classes from './RunsTable.module.css';

export const FILTER_PLACEHOLDER = "metrics.f1 > 0.8 and params.model = 'lgbm'";

/** Where the text fails to parse, now (before the debounce): the store's error is for what was sent. */
function useLiveError(text: string) {
  const sent = useRunsStore(selectFilterError);
  return useMemo(() => {
    if (text.trim() === '') return null;
    try {
      const result = parseRunFilter(text);
      return result.ok ? sent : result.error;
    } catch {
      return sent;
    }
  }, [text, sent]);
}

/** The text around the mistake, with the failing part marked (a wavy red underline). */
function Excerpt({ text, position, length }: { text: string; position: number; length: number }) {
  const start = Math.min(position, text.length);
  const end = Math.min(text.length, start + Math.max(1, length));
  const from = Math.max(0, start - 28);
  const to = Math.min(text.length, end + 28);
  return (
    <span className={classes.filterExcerpt} aria-hidden>
      {from > 0 && '…'}
      {text.slice(from, start)}
      <mark className={classes.filterMark} data-testid="filter-error-mark">
        {text.slice(start, end) || '\u00a0'}
      </mark>
      {text.slice(end, to)}
      {to < text.length && '…'}
    </span>
  );
}

export function FilterBox() {
  const text = useUiStore(selectRunFilter);
  const error = useLiveError(text);
  const setFilter = uiStore.getState().setRunFilter;

  return (
    <Stack gap={2} className={classes.filterBox}>
      <div className={classes.filterRow}>
        {/* The label ties the older `runs-filter` test id to the input too. */}
        <label data-testid="runs-filter" className={classes.filterLabel}>
          <TextInput
            size="xs"
            placeholder={FILTER_PLACEHOLDER}
            leftSection={<Search size={14} />}
            value={text}
            onChange={(event) => setFilter(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && text) setFilter('');
            }}
            rightSection={text ? <CloseButton size="xs" aria-label="Clear the filter" onClick={() => setFilter('')} /> : null}
            error={error !== null}
            spellCheck={false}
            autoComplete="off"
            data-testid="filter-input"
            aria-label="Filter runs (MLflow search syntax)"
            aria-invalid={error !== null}
            aria-describedby={error ? 'runs-filter-error' : undefined}
          />
        </label>
        <FilterHelp />
      </div>
      {error && (
        <div className={classes.filterError}>
          <Excerpt text={text} position={error.position} length={error.length} />
          <Text id="runs-filter-error" size="xs" c="red" data-testid="filter-error" title={error.message} truncate="end">
            col {error.position + 1}: {error.message}
          </Text>
        </div>
      )}
    </Stack>
  );
}

const examples: [string, string][] = [
  ['metrics.f1 > 0.8', 'last value of a metric'],
  ['metrics.loss.min < 0.1', 'its minimum (or .max)'],
  ["params.model = 'lgbm'", 'a param, as text'],
  ["params.lr IN ('0.01', '0.1')", 'one of several'],
  ["tags.team LIKE 'vis%'", 'LIKE / ILIKE with % and _'],
  ["attributes.status = 'FAILED'", 'status, source, experiment, name, start_time, duration, starred…'],
  ['metrics.`val loss` < 1', 'backquotes around odd names'],
  ['unet lr2e', 'bare words: part of the name'],
];

function FilterHelp() {
  return (
    <Popover position="bottom-end" withArrow shadow="md" width={420}>
      <Popover.Target>
        <ActionIcon variant="subtle" size="sm" aria-label="Filter syntax" data-testid="filter-help">
          <CircleHelp size={15} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600} mb={4}>
          Filter syntax (MLflow search)
        </Text>
        <Text size="xs" c="dimmed" mb={6}>
          Comparisons joined with <Code>and</Code> / <Code>or</Code>, parentheses to group. Operators: <Code>=</Code> <Code>!=</Code> <Code>&lt;</Code>{' '}
          <Code>&lt;=</Code> <Code>&gt;</Code> <Code>&gt;=</Code> <Code>LIKE</Code> <Code>ILIKE</Code> <Code>IN</Code> <Code>NOT IN</Code>. Prefixes:{' '}
          <Code>metrics.</Code> <Code>params.</Code> <Code>tags.</Code> <Code>attributes.</Code>. Text in quotes.
        </Text>
        <Table fz="xs" verticalSpacing={2} withRowBorders={false}>
          <Table.Tbody>
            {examples.map(([code, meaning]) => (
              <Table.Tr key={code}>
                <Table.Td>
                  <Code>{code}</Code>
                </Table.Td>
                <Table.Td c="dimmed">{meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Popover.Dropdown>
    </Popover>
  );
}
