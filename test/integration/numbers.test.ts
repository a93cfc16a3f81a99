// NaN, ±Infinity and -0 cross both transports unchanged: HTTP (browser mode)
// through the codec, and IPC (Electron) through structured clone, for every
// request that carries metric values.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode } from '../../shared/codec';
import type { RunDetail } from '../../shared/domain';
import { startServer, type RunningServer } from '../../electron/server';
import { removeTempDirs, tempDir, writeNativeRun } from '../helpers';

let server: RunningServer;

beforeAll(async () => {
  const project = tempDir();
  const run = writeNativeRun(path.join(project, 'diverged'), { name: 'diverged' });
  // As Python's json module writes them: bare NaN, Infinity, -Infinity.
  const values = ['1', 'Infinity', '-Infinity', '-0.0', 'NaN'];
  fs.writeFileSync(path.join(run, 'metrics.jsonl'), values.map((value, step) => `{"step": ${step}, "timestamp": ${1_700_000_000_000 + step}, "values": {"loss": ${value}}}\n`).join(''));
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  server = await startServer({ dataDir: tempDir('runlens-data-'), staticDir, version: 'test', projects: [project] });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

function overHttp(name: string, args: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const body = encode(args);
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: `/api/${name}`, method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(decode(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What Electron's IPC carries: the structured clone of the backend's answer. */
async function overIpc(name: Parameters<RunningServer['backend']['handle']>[0], args: unknown): Promise<unknown> {
  return deserialize(serialize(await server.backend.handle(name, args)));
}

const spell = (value: unknown) =>
  JSON.stringify(value, (_key, x: unknown) => (typeof x === 'number' && (Object.is(x, -0) || !Number.isFinite(x)) ? `number ${Object.is(x, -0) ? '-0' : String(x)}` : x));

describe('metric values that are not finite', () => {
  it('arrive through runs/list, runs/get and runs/metricSeries exactly, by HTTP and by IPC alike', async () => {
    const listed = (await overHttp('runs/list', {})) as { ok: true; value: RunDetail[] };
    expect(listed.ok).toBe(true);
    const loss = listed.value[0].metrics.loss;
    expect(Number.isNaN(loss.last)).toBe(true);
    expect(loss.min).toBe(-Infinity);
    expect(loss.max).toBe(Infinity);
    const runId = listed.value[0].id;
    for (const [name, args] of [
      ['runs/list', {}],
      ['runs/get', { runId }],
      ['runs/metricSeries', { runId, key: 'loss' }],
    ] as const) {
      const byHttp = await overHttp(name, args);
      expect(spell(byHttp)).toBe(spell(await overIpc(name, args)));
    }
    const series = (await overHttp('runs/metricSeries', { runId, key: 'loss' })) as { ok: true; value: { values: number[] } };
    expect(spell(series.value.values)).toBe(spell([1, Infinity, -Infinity, -0, NaN]));
  });

  it('may be sent as arguments too, and a NaN where a number is wanted is refused by name', async () => {
    const listed = (await overHttp('runs/list', {})) as { ok: true; value: { id: string }[] };
    const answer = (await overHttp('runs/metricSeries', { runId: listed.value[0].id, key: 'loss', fromStep: NaN })) as { ok: false; error: { code: string; message: string } };
    expect(answer).toEqual({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('"fromStep"') } });
  });
});
