// Where the lineage graph draws its boxes: four columns, left to right —
// the data and code (datasets, git commit), the run, the version, and the
// scoring jobs that used it — each column centred on the tallest. Pure.
import type { VersionLineage } from '../../../../shared/registry/types';

export type LineageKind = 'dataset' | 'commit' | 'run' | 'version' | 'job';

export interface LineageNode {
  id: string;
  kind: LineageKind;
  /** The box's first line, clipped to fit (the full text is `title`). */
  label: string;
  /** Its second line: digest, rows, status… */
  detail: string;
  title: string;
  x: number;
  y: number;
  /** Where a click goes, when somewhere: a run's panel or a job's evaluation. */
  href: string | null;
  /** The run it came from is no longer read (deleted or its project removed). */
  gone?: boolean;
}

export interface LineageLayout {
  nodes: LineageNode[];
  edges: { from: string; to: string }[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 46;
const COLUMN_GAP = 56;
const ROW_GAP = 12;
const PAD = 8;
/** Characters a 200 px box shows on a line at 12 px. */
const LABEL_CHARS = 28;

/** Cuts text to `max` characters with an ellipsis; a 256-character name must not overflow its box. */
export function clip(text: string, max = LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

type Draft = Omit<LineageNode, 'x' | 'y'>;

function columnsOf(lineage: VersionLineage): Draft[][] {
  const { version, run, datasets, gitCommit, scoringJobs } = lineage;
  const sources: Draft[] = datasets.map((d, i) => ({
    id: `dataset:${i}`,
    kind: 'dataset',
    label: clip(d.name || d.source || 'dataset'),
    detail: clip([d.context, d.rows === null ? null : `${d.rows.toLocaleString('en-US')} rows`, d.digest ? d.digest.slice(0, 10) : null].filter(Boolean).join(' · ') || 'dataset'),
    title: [d.name, d.source, d.digest].filter(Boolean).join('\n'),
    href: null,
  }));
  if (gitCommit) sources.push({ id: 'commit', kind: 'commit', label: `commit ${gitCommit.slice(0, 10)}`, detail: 'git', title: gitCommit, href: null });
  const runs: Draft[] = run
    ? [{ id: 'run', kind: 'run', label: clip(run.name || run.id), detail: clip(run.exists ? `run · ${run.experiment}` : 'run (no longer read)'), title: `${run.name}\n${run.id}`, href: run.exists ? `#/runs/${encodeURIComponent(run.id)}` : null, gone: !run.exists }]
    : [];
  const versions: Draft[] = [{ id: 'version', kind: 'version', label: clip(`${version.model} v${version.version}`), detail: clip(`${version.stage}${version.aliases.length ? ` · @${version.aliases.join(' @')}` : ''}`), title: `${version.model} version ${version.version}\n${version.sha256}`, href: null }];
  const jobs: Draft[] = scoringJobs.map((job) => ({
    id: `job:${job.id}`,
    kind: 'job',
    label: clip(`${job.kind} job #${job.id}`),
    detail: clip(`${job.status} · ${job.inputPath.split(/[\\/]/).pop() ?? ''}`),
    title: job.inputPath,
    href: job.kind === 'score' && job.status === 'finished' ? `#/evaluation?job=${job.id}` : null,
  }));
  return [sources, runs, versions, jobs];
}

/**
 * The graph's boxes and arrows: every source feeds the run (or the version
 * when no run is known), the run feeds the version, the version every job.
 * Empty columns keep their place so the version sits in the same spot. O(n).
 */
export function lineageLayout(lineage: VersionLineage): LineageLayout {
  const columns = columnsOf(lineage);
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const height = PAD * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const nodes: LineageNode[] = [];
  columns.forEach((column, c) => {
    const columnHeight = column.length * NODE_HEIGHT + Math.max(0, column.length - 1) * ROW_GAP;
    const top = (height - columnHeight) / 2;
    column.forEach((draft, r) => nodes.push({ ...draft, x: PAD + c * (NODE_WIDTH + COLUMN_GAP), y: top + r * (NODE_HEIGHT + ROW_GAP) }));
  });
  const [sources, runs, , jobs] = columns;
  const into = runs.length > 0 ? 'run' : 'version';
  const edges = [
    ...sources.map((s) => ({ from: s.id, to: into })),
    ...runs.map((r) => ({ from: r.id, to: 'version' })),
    ...jobs.map((j) => ({ from: 'version', to: j.id })),
  ];
  return { nodes, edges, width: PAD * 2 + 4 * NODE_WIDTH + 3 * COLUMN_GAP, height };
}
