// Every read runs off the thread that answers requests, the watcher's too:
// one huge or pathological file must not freeze the window or the server.
// Proof: requests sent while the watcher's read of a change goes on are
// answered before that read ends (on the main thread they would all wait for it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../shared/api';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { ingestWorker, metricLine, removeTempDirs, tempDir, waitFor, writeNativeRun } from '../helpers';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});
afterAll(removeTempDirs);

/** Lines that each take the slow path: bare NaN and Infinity that JSON.parse refuses, and malformed ones. */
function pathologicalLines(count: number): string {
  const lines: string[] = [];
  for (let step = 0; step < count; step++) {
    lines.push(step % 3 === 2 ? `{"step": ${step}, "values": {"loss":${' '.repeat(200)}NaN${' '.repeat(200)}` : `{"step": ${step}, "timestamp": ${step}, "values": {"loss": NaN, "lr": Infinity, "acc": -Infinity}}`);
  }
  return `${lines.join('\n')}\n`;
}

async function watchingBackend(events: { name: keyof Events; payload: unknown; at: number }[]): Promise<Backend> {
  return createBackend({
    dataDir: tempDir('runlens-data-'),
    mode: 'browser',
    version: 'test',
    emit: (name, payload) => events.push({ name, payload, at: events.length }),
    watch: true,
    ingestWorker,
  });
}

describe('the thread that answers requests', () => {
  it("keeps answering while the watcher's read of a huge pathological append goes on", async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'run'), { name: 'run' });
    fs.appendFileSync(path.join(run, 'metrics.jsonl'), metricLine(0, { loss: 1 }));
    const events: { name: keyof Events; payload: unknown; at: number }[] = [];
    backend = await watchingBackend(events);
    const b = backend;
    const added = await b.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    const listed = await b.send('runs/list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const runId = listed.value[0].id;

    // Hundreds of thousands of lines, a third of them malformed: seconds of parsing.
    const text = pathologicalLines(600_000);
    const before = events.length;
    fs.appendFileSync(path.join(run, 'metrics.jsonl'), text);
    const readEnded = () => events.slice(before).some((e) => e.name === 'runs/changed' && (e.payload as Events['runs/changed']).runIds.includes(runId));

    let answeredDuringRead = 0;
    while (!readEnded()) {
      const info = await b.send('app/info', {});
      expect(info.ok).toBe(true);
      if (!readEnded()) answeredDuringRead += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The watcher waits up to 250 ms before it reports a change: about 25 answers come before the read starts even on one thread.
    expect(answeredDuringRead).toBeGreaterThan(100);
    const detail = await b.send('runs/get', { runId });
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.metrics.loss.count).toBe(1 + 400_000);
    expect(detail.value.warnings.some((w) => /malformed lines skipped/.test(w.message))).toBe(true);
  }, 180_000);

  it('keeps answering, and reads the rest, when a FIFO takes the place of a run file', async () => {
    const project = tempDir();
    const run = writeNativeRun(path.join(project, 'run'), { name: 'run' });
    const events: { name: keyof Events; payload: unknown; at: number }[] = [];
    backend = await watchingBackend(events);
    const b = backend;
    const added = await b.send('projects/add', { path: project });
    if (!added.ok) throw new Error(added.error.message);
    const events$ = path.join(run, 'events.jsonl');
    fs.rmSync(events$);
    execFileSync('mkfifo', [events$]);
    // A blocked read would end once something opens the FIFO for writing: this does, late, so that a regression fails instead of hanging.
    const unblock = setTimeout(() => {
      try {
        fs.closeSync(fs.openSync(events$, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // no reader: nothing blocked
      }
    }, 20_000);
    try {
      fs.appendFileSync(path.join(run, 'metrics.jsonl'), metricLine(1, { loss: 0.5 }));
      const detail = await waitFor(async () => {
        const info = await b.send('app/info', {});
        expect(info.ok).toBe(true);
        const listed = await b.send('runs/list', {});
        if (!listed.ok || listed.value[0]?.metrics.loss?.count !== 1) return null;
        const got = await b.send('runs/get', { runId: listed.value[0].id });
        return got.ok && got.value.warnings.some((w) => /events\.jsonl/.test(w.path) || /events\.jsonl/.test(w.message)) ? got.value : null;
      }, 'the metric and a warning about the FIFO', 15_000);
      expect(detail.warnings.map((w) => w.message).join('\n')).toMatch(/not a regular file/);
    } finally {
      clearTimeout(unblock);
    }
  }, 60_000);
});
