// Two processes reading one growing run into one data folder never store a
// point twice nor lose one: a batch is stored only if its file's cursor is
// still the one its read started from (runWriter.ts). The race shows on a
// loaded machine, so a CPU-bound process runs beside the reads.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { ingestWorker, removeTempDirs, repoRoot, tempDir, waitFor, writeNativeRun } from '../helpers';

const cli = path.join(repoRoot, 'bin', 'runlens.cjs');
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});
afterAll(removeTempDirs);

function start(command: string, args: string[]): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  return { child, exited, output: () => output };
}

/** A CPU-bound process beside the reads, so that they interleave as on a busy laptop. */
function loadTheMachine(): ChildProcess {
  return start(process.execPath, ['-e', 'for (;;) {}']).child;
}

/** Appends `lines` metric lines to the run in bursts, as a training loop logs. */
function growRun(run: string, lines: number) {
  const script = `
    const fs = require('fs');
    const file = ${JSON.stringify(path.join(run, 'metrics.jsonl'))};
    let step = 0;
    const burst = () => {
      let text = '';
      for (let i = 0; i < 100 && step < ${lines}; i++, step++) text += JSON.stringify({ step, timestamp: 1700000000000 + step, values: { loss: 1 / (step + 1) } }) + '\\n';
      fs.appendFileSync(file, text);
      if (step < ${lines}) setTimeout(burst, 30);
    };
    burst();`;
  return start(process.execPath, ['-e', script]);
}

async function ingestOnce(dataDir: string, project: string): Promise<void> {
  const run = start(process.execPath, [cli, 'ingest', project, '--data-dir', dataDir, '--json']);
  const code = await run.exited;
  if (code !== 0) throw new Error(`runlens ingest exited ${code}: ${run.output()}`);
}

/** Ingests again and again until `done` resolves. */
async function ingestUntil(dataDir: string, project: string, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.then(() => (finished = true));
  let reads = 0;
  while (!finished) {
    await ingestOnce(dataDir, project);
    reads += 1;
  }
  return reads;
}

async function storedPoints(dataDir: string): Promise<{ count: number; lastStep: number }> {
  const run = start(process.execPath, [cli, 'runs', '--data-dir', dataDir, '--json']);
  expect(await run.exited).toBe(0);
  const [only] = JSON.parse(run.output()) as { metrics: Record<string, { count: number; last_step: number }> }[];
  return { count: only.metrics.loss.count, lastStep: only.metrics.loss.last_step };
}

const lines = 12_000;

describe('two processes reading one growing run', () => {
  it.each([1, 2, 3, 4, 5])('store every point exactly once: two CLI ingests racing, trial %i', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'growing'));
    const dataDir = tempDir('runlens-data-');
    await ingestOnce(dataDir, project);
    loadTheMachine();
    const writer = growRun(run, lines);
    const [first, second] = await Promise.all([ingestUntil(dataDir, project, writer.exited), ingestUntil(dataDir, project, writer.exited)]);
    expect(await writer.exited).toBe(0);
    expect(first + second).toBeGreaterThanOrEqual(4);
    await ingestOnce(dataDir, project);
    expect(await storedPoints(dataDir)).toEqual({ count: lines, lastStep: lines - 1 });
  }, 120_000);

  it.each([1, 2, 3])('store every point exactly once: a watching server and CLI ingests, trial %i', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'growing'));
    const dataDir = tempDir('runlens-data-');
    const backend = await createBackend({ dataDir, mode: 'browser', version: 'test', emit: () => {}, watch: true, ingestWorker });
    try {
      const added = await backend.send('projects/add', { path: project });
      if (!added.ok) throw new Error(added.error.message);
      loadTheMachine();
      const writer = growRun(run, lines);
      const reads = await ingestUntil(dataDir, project, writer.exited);
      expect(await writer.exited).toBe(0);
      expect(reads).toBeGreaterThan(0);
      await waitFor(async () => {
        const listed = await backend.send('runs/list', {});
        return listed.ok && listed.value[0]?.metrics.loss?.lastStep === lines - 1;
      }, 'the watcher to read the last line', 60_000);
    } finally {
      await backend.close();
    }
    await ingestOnce(dataDir, project);
    expect(await storedPoints(dataDir)).toEqual({ count: lines, lastStep: lines - 1 });
  }, 120_000);
});
