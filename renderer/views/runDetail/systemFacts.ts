// What a run's source recorded about where and how it ran, from its tags:
// the native logger's run.json `system` block (stored as runlens.* tags, see
// electron/backend/sources/native/header.ts) and MLflow's mlflow.* tags.
// DVCLive and TensorBoard record none of this. Pure: tested on plain objects.
import type { RunDetail } from '../../../shared/domain';

export interface SystemFact {
  label: string;
  value: string;
  /** The tag it came from, for a tooltip. */
  tag: string;
  mono: boolean;
}

interface FactSpec {
  label: string;
  /** Tried in order: the first one present wins. */
  tags: string[];
  mono?: boolean;
  format?: (value: string) => string;
}

const sourceTypes: Record<string, string> = { NOTEBOOK: 'Notebook', JOB: 'Job', PROJECT: 'Project', LOCAL: 'Local', UNKNOWN: 'Unknown' };

const factSpecs: FactSpec[] = [
  { label: 'Git commit', tags: ['runlens.git.commit', 'mlflow.source.git.commit'], mono: true },
  { label: 'Uncommitted changes', tags: ['runlens.git.dirty'], format: (v) => (v === 'true' ? 'Yes (the working tree was dirty)' : v === 'false' ? 'No' : v) },
  { label: 'Git branch', tags: ['mlflow.source.git.branch'], mono: true },
  { label: 'Repository', tags: ['mlflow.source.git.repoURL', 'mlflow.gitRepoURL'], mono: true },
  { label: 'Host', tags: ['runlens.host'] },
  { label: 'User', tags: ['runlens.user', 'mlflow.user'] },
  { label: 'Python', tags: ['runlens.python'] },
  { label: 'Command', tags: ['runlens.command'], mono: true },
  { label: 'Source file', tags: ['mlflow.source.name'], mono: true },
  { label: 'Source type', tags: ['mlflow.source.type'], format: (v) => sourceTypes[v] ?? v },
  { label: 'Entry point', tags: ['mlflow.project.entryPoint'], mono: true },
  { label: 'Parent run', tags: ['mlflow.parentRunId'], mono: true },
];

/** Every tag a fact is read from: shown in the System section, so left out of Tags. */
export const systemTagNames: ReadonlySet<string> = new Set(factSpecs.flatMap((spec) => spec.tags));

export function systemFacts(tags: Record<string, string>): SystemFact[] {
  const facts: SystemFact[] = [];
  for (const spec of factSpecs) {
    const tag = spec.tags.find((name) => Object.hasOwn(tags, name) && tags[name] !== '');
    if (tag === undefined) continue;
    facts.push({ label: spec.label, value: spec.format ? spec.format(tags[tag]) : tags[tag], tag, mono: spec.mono ?? false });
  }
  return facts;
}

/** The run's tags without those the System section shows. */
export function otherTags(tags: Record<string, string>): [string, string][] {
  return Object.entries(tags).filter(([name]) => !systemTagNames.has(name));
}

/** Where a run is, said as what it is: a run folder, or a run inside an MLflow SQLite database. */
export type RunLocation = { kind: 'folder'; folder: string } | { kind: 'database'; database: string; runId: string };

/** Runs read from a store have the path `<database>#<run id>` (electron/backend/ingest/storeIngest.ts). */
export function runLocation(run: Pick<RunDetail, 'source' | 'path'>): RunLocation {
  if (run.source === 'mlflow-sqlite') {
    const at = run.path.lastIndexOf('#');
    if (at > 0) return { kind: 'database', database: run.path.slice(0, at), runId: run.path.slice(at + 1) };
  }
  return { kind: 'folder', folder: run.path };
}
