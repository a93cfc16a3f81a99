// The fuzz suite's reader process: reads one project into one data folder per
// job (one JSON line on stdin), exactly as `runlens ingest` does, and answers
// with a snapshot of what the store then holds (one JSON line on stdout). It
// runs in a child process so that the suite can kill a read that hangs.
import readline from 'node:readline';
import path from 'node:path';
import { createBackend } from '../../electron/backend/backend';

export interface ReadJob {
  id: number;
  dataDir: string;
  project: string;
}

export interface RunSnapshot {
  /** The run's path inside the project (a store's runs: the store's path and run id). */
  path: string;
  name: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  warnings: string[];
}

export interface ReadAnswer {
  id: number;
  /** The read failed in a way the user would see as an error (never expected). */
  error: string | null;
  runs: RunSnapshot[];
  models: string[];
  /** Every warning of the project: file and message. */
  warnings: string[];
}

async function read(job: ReadJob): Promise<ReadAnswer> {
  const answer: ReadAnswer = { id: job.id, error: null, runs: [], models: [], warnings: [] };
  const backend = await createBackend({ dataDir: job.dataDir, mode: 'cli', version: 'fuzz', emit: () => {}, watch: false, lockWaitMs: 300, storeBusyRetryMs: 10_000 });
  try {
    const added = await backend.send('projects/add', { path: job.project });
    if (!added.ok) {
      answer.error = `${added.error.code}: ${added.error.message}`;
      return answer;
    }
    const listed = await backend.send('runs/list', { includeDeleted: true });
    if (!listed.ok) throw new Error(listed.error.message);
    for (const run of listed.value) {
      const detail = await backend.send('runs/get', { runId: run.id });
      if (!detail.ok) throw new Error(detail.error.message);
      answer.runs.push({
        path: path.relative(job.project, run.path),
        name: run.name,
        params: run.params,
        metrics: Object.fromEntries(Object.entries(run.metrics).map(([key, m]) => [key, m.count])),
        warnings: detail.value.warnings.map((w) => `${path.relative(job.project, w.path)}: ${w.message}`),
      });
    }
    const models = await backend.send('registry/models', {});
    if (!models.ok) throw new Error(models.error.message);
    answer.models = models.value.flatMap((m) => [m.name, ...m.versions.map((v) => `${m.name} v${v.version}`)]);
    const warnings = await backend.send('warnings/list', {});
    if (!warnings.ok) throw new Error(warnings.error.message);
    answer.warnings = warnings.value.map((w) => `${path.relative(job.project, w.path)}: ${w.message}`);
  } catch (error) {
    answer.error = `internal: ${(error as Error).stack ?? String(error)}`;
  } finally {
    await backend.close();
  }
  return answer;
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const job = JSON.parse(line) as ReadJob;
  queue = queue.then(async () => {
    const answer = await read(job).catch((error: Error) => ({ id: job.id, error: `crash: ${error.stack ?? error}`, runs: [], models: [], warnings: [] }));
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });
});
lines.on('close', () => void queue.then(() => process.exit(0)));
