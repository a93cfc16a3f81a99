// Params side by side: runs as columns, the params that differ highlighted,
// the identical ones folded behind a toggle.
import { Button, Group, ScrollArea, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { CellValue, RunRow } from '../../../shared/runQuery';
import classes from './CompareTables.module.css';
import { diffParams, oddValues, type ParamDiffRow } from './paramsDiff';
import { Section } from './Section';

interface Props {
  rows: RunRow[];
  params: string[];
  colors: Record<string, string>;
  /** Params past the request's limit, not shown. */
  leftOut: number;
}

/** Differing params shown before "show all": a 100-run table of 200 rows is 20,000 cells. */
const FIRST_ROWS = 40;

const show = (value: CellValue): string => (value === null ? '—' : String(value));

function ParamRow({ param, differs }: { param: ParamDiffRow; differs: boolean }) {
  const odd = differs ? oddValues(param.values) : null;
  return (
    <tr data-testid="params-diff-row" data-param={param.name} data-differs={differs}>
      <th scope="row" className={`${classes.sticky} ${classes.mono} ${differs ? classes.differs : classes.same}`}>
        {param.name}
      </th>
      {param.values.map((value, i) => (
        <td
          key={i}
          className={`${classes.mono} ${value === null ? classes.missing : ''} ${odd?.[i] ? classes.odd : ''}`}
          data-odd={odd?.[i] || undefined}
        >
          {show(value)}
        </td>
      ))}
    </tr>
  );
}

export function ParamsDiff({ rows, params, colors, leftOut }: Props) {
  const [showIdentical, setShowIdentical] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const { differing, identical } = useMemo(() => diffParams(rows, params), [rows, params]);
  const shownDiffering = showAll ? differing : differing.slice(0, FIRST_ROWS);

  return (
    <Section title="Params" testId="params-diff">
      {params.length === 0 ? (
        <Text size="sm" c="dimmed">
          These runs have no params.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={520} type="auto" offsetScrollbars>
          <table className={classes.table}>
            <thead>
              <tr>
                <th className={classes.sticky}>Param</th>
                {rows.map((row) => (
                  <th key={row.id} title={`${row.name} (${row.id})`}>
                    <span className={classes.runHead}>
                      <span className={classes.swatch} style={{ background: colors[row.id] }} />
                      {row.name}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {differing.length === 0 && (
                <tr>
                  <td colSpan={rows.length + 1} className={classes.missing}>
                    Every param has the same value in all {rows.length} runs.
                  </td>
                </tr>
              )}
              {shownDiffering.map((param) => (
                <ParamRow key={param.name} param={param} differs />
              ))}
              {showIdentical && identical.map((param) => <ParamRow key={param.name} param={param} differs={false} />)}
            </tbody>
          </table>
        </ScrollArea.Autosize>
      )}
      <Group gap="xs" mt="xs">
        {differing.length > shownDiffering.length && (
          <Button variant="subtle" size="xs" onClick={() => setShowAll(true)} data-testid="params-differing-all">
            Show all {differing.length} differing params
          </Button>
        )}
        {identical.length > 0 && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setShowIdentical((open) => !open)}
            data-testid="params-identical-toggle"
            aria-expanded={showIdentical}
          >
            {showIdentical ? 'Hide' : 'Show'} {identical.length} identical {identical.length === 1 ? 'param' : 'params'}
          </Button>
        )}
      </Group>
      {leftOut > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {leftOut} more params are not shown (the first {params.length} by name are).
        </Text>
      )}
    </Section>
  );
}
