import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNativeEvents, readNativeHeader, readNativeMetrics } from '../../electron/backend/sources/native';
import type { RunRecord } from '../../electron/backend/sources/records';
import { appendEvent, appendMetrics, metricLine, removeTempDirs, tempDir, writeNativeRun } from '../helpers';

afterAll(removeTempDirs);

function records(batches: Iterable<{ records: RunRecord[] }>): RunRecord[] {
  return [...batches].flatMap((batch) => batch.records);
}

describe('native run reader', () => {
  it('reads the header, with system facts as tags', () => {
    const run = writeNativeRun(path.join(tempDir(), 'r1'), { name: 'baseline', experiment: 'cnn', params: { lr: '0.1' }, startTime: 42 });
    const header = readNativeHeader(path.join(run, 'run.json'))!;
    expect(header[0]).toMatchObject({ kind: 'header', name: 'baseline', experiment: 'cnn', startTime: 42, heartbeatIntervalMs: 5000 });
    expect(header).toContainEqual({ kind: 'params', values: { lr: '0.1' } });
    expect(header.find((r) => r.kind === 'tags')).toMatchObject({ values: { 'runlens.host': 'test' } });
  });

  it('ignores a run.json written by another tool', () => {
    const file = path.join(tempDir(), 'run.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'not ours' }));
    expect(readNativeHeader(file)).toBeNull();
  });

  it('reads metrics column-wise, keeping NaN and Infinity in both spellings', () => {
    const run = writeNativeRun(path.join(tempDir(), 'r2'));
    appendMetrics(run, metricLine(0, { loss: 1, acc: 0.5 }) + metricLine(1, { loss: 'NaN', acc: 'Infinity' }));
    appendMetrics(run, '{"step": 2, "timestamp": 3, "values": {"loss": NaN, "acc": -Infinity}}\n');
    const [metrics] = records(readNativeMetrics(path.join(run, 'metrics.jsonl'), null)) as Extract<RunRecord, { kind: 'metrics' }>[];
    expect(metrics.points.get('loss')!.steps).toEqual([0, 1, 2]);
    expect(metrics.points.get('loss')!.values).toEqual([1, NaN, NaN]);
    expect(metrics.points.get('acc')!.values).toEqual([0.5, Infinity, -Infinity]);
  });

  it('skips and counts malformed lines and non-numeric values, naming the line', () => {
    const run = writeNativeRun(path.join(tempDir(), 'r3'));
    appendMetrics(run, metricLine(0, { loss: 1 }) + 'garbage\n' + '{"step": "x", "values": {}}\n' + metricLine(3, { loss: 'high', acc: 0.9 }));
    const all = records(readNativeMetrics(path.join(run, 'metrics.jsonl'), null));
    const warning = all.find((r) => r.kind === 'warning') as Extract<RunRecord, { kind: 'warning' }>;
    expect(warning.count).toBe(3);
    expect(warning.detail).toContain('line 2: not JSON');
    expect(warning.detail).toContain('line 4: value of "loss" is not a number');
    const metrics = all.find((r) => r.kind === 'metrics') as Extract<RunRecord, { kind: 'metrics' }>;
    expect(metrics.points.get('loss')!.values).toEqual([1]);
    expect(metrics.points.get('acc')!.values).toEqual([0.9]);
  });

  it('reads events and refuses artifact paths that leave the run folder', () => {
    const run = writeNativeRun(path.join(tempDir(), 'r4'));
    appendEvent(run, { type: 'params', values: { batch: 32 } });
    appendEvent(run, { type: 'artifact', path: 'artifacts/model.onnx', size: 10 });
    appendEvent(run, { type: 'artifact', path: '../../etc/passwd', size: 1 });
    appendEvent(run, { type: 'end', status: 'finished', timestamp: 99 });
    const all = records(readNativeEvents(path.join(run, 'events.jsonl'), null));
    expect(all).toContainEqual({ kind: 'params', values: { batch: '32' } });
    expect(all).toContainEqual({ kind: 'artifact', path: 'artifacts/model.onnx', size: 10 });
    expect(all).toContainEqual({ kind: 'status', status: 'FINISHED', endTime: 99, reason: null });
    const warning = all.find((r) => r.kind === 'warning') as Extract<RunRecord, { kind: 'warning' }>;
    expect(warning.detail).toContain('leaves the run folder');
  });
});
