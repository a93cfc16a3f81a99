// The benchmark's event-file generator (bench/generate/tensorboard.ts), read
// back with the reader: every point, value and timestamp it wrote.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateTensorBoardRuns,
  generatedAsTensor,
  generatedFileName,
  generatedTag,
  generatedValue,
  generatedWallTime,
} from '../../bench/generate/tensorboard';
import type { MetricPoints } from '../../electron/backend/sources/records';
import { tensorboardFormat } from '../../electron/backend/sources/tensorboard/format';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

describe('TensorBoard event generator', () => {
  it('writes runs the reader reads back exactly (2 runs x 3 metrics x 50 steps)', () => {
    const dir = tempDir();
    const { points, files } = generateTensorBoardRuns(dir, { runs: 2, metrics: 3, steps: 50 });
    expect(points).toBe(300);
    expect(files).toEqual([0, 1].map((run) => path.join(dir, `run-00${run}`, generatedFileName(run))));
    // Both encodings are present: metric 1 as a tensor, 0 and 2 as simple_value.
    expect([0, 1, 2].map(generatedAsTensor)).toEqual([false, true, false]);
    for (let run = 0; run < 2; run++) {
      const folder = path.join(dir, `run-00${run}`);
      expect(tensorboardFormat.isRunFolder(folder, new Set(fs.readdirSync(folder)))).toBe(true);
      const records = [...tensorboardFormat.readRun(folder, { cursorFor: () => null })].flatMap((b) => b.records);
      expect(records.filter((r) => r.kind === 'warning')).toEqual([]);
      expect(records[0]).toMatchObject({ kind: 'header', startTime: generatedWallTime(run, 0) * 1000 });
      const got: MetricPoints = new Map();
      for (const r of records) if (r.kind === 'metrics') for (const [k, s] of r.points) got.set(k, s);
      expect([...got.keys()]).toEqual([0, 1, 2].map(generatedTag));
      for (let m = 0; m < 3; m++) {
        const s = got.get(generatedTag(m))!;
        const steps = Array.from({ length: 50 }, (_, i) => i);
        expect(s.steps).toEqual(steps);
        expect(s.timestamps).toEqual(steps.map((step) => generatedWallTime(run, step) * 1000));
        // Written as float32, read back widened to a double.
        expect(s.values).toEqual(steps.map((step) => Math.fround(generatedValue(run, m, step, 50))));
      }
    }
  });

  it('names tags with slashes and spaces, unique past the first ten', () => {
    const tags = Array.from({ length: 25 }, (_, i) => generatedTag(i));
    expect(new Set(tags).size).toBe(25);
    expect(tags).toContain('throughput/samples per s');
    expect(tags[10]).toBe('train/loss_1');
  });

  it('streams large runs to disk in bounded memory (20 metrics x 5,000 steps, 100k points)', () => {
    const dir = tempDir();
    const rssBefore = process.memoryUsage().rss;
    const { points, files } = generateTensorBoardRuns(dir, { runs: 1, metrics: 20, steps: 5_000 });
    expect(points).toBe(100_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    let read = 0;
    for (const batch of tensorboardFormat.readRun(path.dirname(files[0]), { cursorFor: () => null })) {
      for (const r of batch.records) if (r.kind === 'metrics') for (const s of r.points.values()) read += s.steps.length;
    }
    expect(read).toBe(100_000);
  });
});
