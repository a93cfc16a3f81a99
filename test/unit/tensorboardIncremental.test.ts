// The TensorBoard reader read incrementally, as the watcher drives it: files
// that grow (a torn last record while training writes), files replaced or
// truncated, a bad CRC that must be said once, and tag metadata that comes
// only with a tag's first event. A small in-memory stand-in for the store
// keeps cursors and warnings the way ingest/runWriter.ts does.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { floatTensor, fileVersionEvent, pb, pluginMetadata, summaryEvent, tfRecord } from '../../bench/generate/tensorboard';
import type { CursorLookup, FileBatch, FileCursor, RunRecord } from '../../electron/backend/sources/records';
import { readTensorBoardRun, type TensorBoardReadOptions } from '../../electron/backend/sources/tensorboard/format';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

const fixtures = path.join(__dirname, '..', 'fixtures', 'real', 'tensorboard');
const unetWd = path.join(fixtures, 'pytorch-summarywriter-unet/unet/runs/UNet_wd_1e_4/events.out.tfevents.1738277380.wn44.22511.0');
const kerasValidation = path.join(fixtures, 'keras-tf2-hparams/archive/logs/imdb-model-1690485351/validation/events.out.tfevents.1690485359.e-bnbobg-5l77j-0.80091.1.v2');

/** What the store keeps of a run: cursors, series, warnings per file (cleared by a read from start). */
class Store implements CursorLookup {
  cursors = new Map<string, FileCursor>();
  series = new Map<string, { steps: number[]; values: number[] }>();
  warnings = new Map<string, Extract<RunRecord, { kind: 'warning' }>[]>();
  headers: Extract<RunRecord, { kind: 'header' }>[] = [];
  voids = 0;

  cursorFor(file: string): FileCursor | null {
    return this.cursors.get(file) ?? null;
  }

  apply(batches: Iterable<FileBatch>): FileBatch[] {
    const seen: FileBatch[] = [];
    for (const batch of batches) {
      seen.push(batch);
      if (batch.fromStart) this.warnings.delete(batch.file);
      for (const record of batch.records) {
        if (record.kind === 'voidMetrics') {
          this.voids += 1;
          this.series.clear();
        } else if (record.kind === 'metrics') {
          for (const [key, s] of record.points) {
            const into = this.series.get(key) ?? { steps: [], values: [] };
            into.steps.push(...s.steps);
            into.values.push(...s.values);
            this.series.set(key, into);
          }
        } else if (record.kind === 'warning') {
          this.warnings.set(batch.file, [...(this.warnings.get(batch.file) ?? []), record]);
        } else if (record.kind === 'header') {
          this.headers.push(record);
        }
      }
      this.cursors.set(batch.file, batch.cursor);
    }
    return seen;
  }

  read(folder: string, options?: TensorBoardReadOptions): FileBatch[] {
    return this.apply(readTensorBoardRun(folder, this, options));
  }

  points(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.steps.length;
    return n;
  }

  allWarnings(): Extract<RunRecord, { kind: 'warning' }>[] {
    return [...this.warnings.values()].flat();
  }
}

/** Record boundaries of a TFRecord file (each record's start offset, and the end). */
function boundaries(bytes: Buffer): number[] {
  const out: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    out.push(at);
    at += 16 + bytes.readUInt32LE(at);
  }
  out.push(at);
  return out;
}

function oneShot(file: string): Store {
  const folder = tempDir();
  fs.copyFileSync(file, path.join(folder, path.basename(file)));
  const store = new Store();
  store.read(folder);
  return store;
}

describe('TensorBoard reader, incremental', () => {
  it('reads a file written in two parts (torn in the middle of a record) as one read gives it', () => {
    const bytes = fs.readFileSync(unetWd);
    const whole = oneShot(unetWd);
    expect(whole.points()).toBe(250); // 5 tags x 50 (see tensorboardReal.test.ts)
    const folder = tempDir();
    const file = path.join(folder, path.basename(unetWd));
    const cut = Math.floor(bytes.length / 2);
    expect(boundaries(bytes)).not.toContain(cut); // mid-record
    fs.writeFileSync(file, bytes.subarray(0, cut));
    const store = new Store();
    const first = store.read(folder);
    const lastBoundaryBefore = Math.max(...boundaries(bytes).filter((b) => b <= cut));
    expect(first[first.length - 1].cursor.byteOffset).toBe(lastBoundaryBefore);
    expect(store.allWarnings()).toEqual([]);
    const partial = store.points();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(250);
    fs.appendFileSync(file, bytes.subarray(cut));
    const second = store.read(folder);
    expect(second.every((b) => !b.fromStart)).toBe(true);
    expect(second.flatMap((b) => b.records).some((r) => r.kind === 'header' || r.kind === 'voidMetrics')).toBe(false);
    expect(store.points()).toBe(250);
    expect(store.series).toEqual(whole.series);
    expect(store.allWarnings()).toEqual([]);
    expect(store.headers).toHaveLength(1);
  });

  it('gives the same series whatever the split, batch size and read chunk', () => {
    const bytes = fs.readFileSync(kerasValidation);
    const whole = oneShot(kerasValidation);
    expect(whole.points()).toBe(80);
    for (const cut of [1, 11, 12, 15, 16, 17, 100, 165, 1000, 3333, bytes.length - 1]) {
      const folder = tempDir();
      const file = path.join(folder, 'events.out.tfevents.1.host');
      fs.writeFileSync(file, bytes.subarray(0, cut));
      const store = new Store();
      store.read(folder, { batchRecords: 3, chunkBytes: 64 });
      fs.appendFileSync(file, bytes.subarray(cut));
      store.read(folder, { batchRecords: 3, chunkBytes: 64 });
      expect(store.series, `cut at ${cut}`).toEqual(whole.series);
      expect(store.allWarnings()).toEqual([]);
    }
  });

  it('reads nothing when nothing changed, and only a cursor when just the mtime did', () => {
    const folder = tempDir();
    const file = path.join(folder, path.basename(unetWd));
    fs.copyFileSync(unetWd, file);
    const store = new Store();
    store.read(folder);
    expect(store.read(folder)).toEqual([]);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const touched = store.read(folder);
    expect(touched).toHaveLength(1);
    expect(touched[0].records).toEqual([]);
    expect(touched[0].fromStart).toBe(false);
    expect(store.points()).toBe(250);
  });

  it('splits a long file into batches, each with the cursor after it; only the first is from the start', () => {
    const folder = tempDir();
    fs.copyFileSync(unetWd, path.join(folder, path.basename(unetWd)));
    const store = new Store();
    const batches = store.read(folder, { batchRecords: 50 });
    // 274 records (Python count): batches of 50 records and the rest.
    expect(batches.map((b) => b.cursor.lineNumber)).toEqual([50, 100, 150, 200, 250, 274]);
    expect(batches.map((b) => b.fromStart)).toEqual([true, false, false, false, false, false]);
    const offsets = batches.map((b) => b.cursor.byteOffset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(batches[0].records[0].kind).toBe('header');
    expect(store.points()).toBe(250);
  });

  it('also ends a batch at 200,000 points, for writers that put many values in one event', () => {
    const folder = tempDir();
    const values = Array.from({ length: 1000 }, (_, i) => Buffer.concat([pb.bytes(1, `m${i}`), pb.float(2, i)]));
    const events = Array.from({ length: 201 }, (_, step) => tfRecord(summaryEvent(1_700_000_000 + step, step, ...values)));
    fs.writeFileSync(path.join(folder, 'events.out.tfevents.1700000000.merged'), Buffer.concat(events));
    const store = new Store();
    const batches = store.read(folder);
    expect(batches.map((b) => b.cursor.lineNumber)).toEqual([200, 201]);
    expect(store.points()).toBe(201_000);
  });

  it('gives points without a wall_time no timestamp (NaN), and the run no start time', () => {
    const folder = tempDir();
    const noTime = Buffer.concat([pb.varint(2, 7), pb.message(5, pb.message(1, pb.bytes(1, 'loss'), pb.float(2, 1)))]);
    fs.writeFileSync(path.join(folder, 'events.out.tfevents.0.host'), tfRecord(noTime));
    const records = [...readTensorBoardRun(folder, new Store())].flatMap((b) => b.records);
    expect(records[0]).toMatchObject({ kind: 'header', startTime: null });
    expect(records[1]).toMatchObject({ kind: 'metrics' });
    const series = (records[1] as Extract<RunRecord, { kind: 'metrics' }>).points.get('loss')!;
    expect(series).toEqual({ steps: [7], timestamps: [NaN], values: [1] });
  });

  it('remembers a tag is a scalars tensor across reads when its metadata came in an earlier read', () => {
    const folder = tempDir();
    const file = path.join(folder, 'events.out.tfevents.1700000000.host.1.0.v2');
    const tag = pb.bytes(1, 'epoch_loss');
    fs.writeFileSync(file, Buffer.concat([
      tfRecord(fileVersionEvent(1_700_000_000)),
      tfRecord(summaryEvent(1_700_000_001, 0, Buffer.concat([tag, floatTensor(0.5), pluginMetadata('scalars')]))),
    ]));
    const store = new Store();
    store.read(folder);
    expect(store.series.get('epoch_loss')!.values).toEqual([0.5]);
    fs.appendFileSync(file, Buffer.concat([
      tfRecord(summaryEvent(1_700_000_002, 1, Buffer.concat([tag, floatTensor(0.25)]))),
      tfRecord(summaryEvent(1_700_000_003, 2, Buffer.concat([tag, floatTensor(0.125)]))),
    ]));
    store.read(folder);
    expect(store.series.get('epoch_loss')).toEqual({ steps: [0, 1, 2], values: [0.5, 0.25, 0.125] });
    // A second file (the writer restarted) carries no metadata for the tag: still a scalar.
    fs.writeFileSync(path.join(folder, 'events.out.tfevents.1700000100.host.2.0.v2'), Buffer.concat([
      tfRecord(fileVersionEvent(1_700_000_100)),
      tfRecord(summaryEvent(1_700_000_101, 3, Buffer.concat([tag, floatTensor(0.0625)]))),
    ]));
    const third = store.read(folder);
    expect(third.map((b) => path.basename(b.file))).toEqual(['events.out.tfevents.1700000100.host.2.0.v2']);
    expect(store.series.get('epoch_loss')!.values).toEqual([0.5, 0.25, 0.125, 0.0625]);
    expect(store.headers).toHaveLength(1);
  });

  it('starts the whole run over when one file was replaced or truncated: voids the series, reads every file again', () => {
    const folder = tempDir();
    const a = path.join(folder, 'events.out.tfevents.1700000000.host.1.0');
    const b = path.join(folder, 'events.out.tfevents.1700000100.host.2.0');
    const event = (t: number, step: number, value: number) => tfRecord(summaryEvent(t, step, Buffer.concat([pb.bytes(1, 'loss'), pb.float(2, value)])));
    fs.writeFileSync(a, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), event(1_700_000_001, 1, 1), event(1_700_000_002, 2, 2)]));
    fs.writeFileSync(b, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_100)), event(1_700_000_101, 3, 3)]));
    const store = new Store();
    store.read(folder);
    expect(store.series.get('loss')!.steps).toEqual([1, 2, 3]);
    // Replace b with a new file (new inode) holding other points.
    const replacement = path.join(folder, 'tmp');
    fs.writeFileSync(replacement, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_100)), event(1_700_000_101, 30, 30)]));
    fs.renameSync(replacement, b);
    const again = store.read(folder);
    expect(again[0].records[0]).toEqual({ kind: 'voidMetrics', keys: 'all' });
    expect(again.map((x) => [path.basename(x.file), x.fromStart])).toEqual([
      [path.basename(a), true],
      [path.basename(b), true],
    ]);
    expect(store.series.get('loss')!.steps).toEqual([1, 2, 30]);
    expect(store.voids).toBe(1);
    expect(store.headers).toHaveLength(2);
    // Truncate a in place (same inode, smaller than its cursor).
    fs.truncateSync(a, fs.statSync(a).size - 20);
    store.read(folder);
    expect(store.voids).toBe(2);
    expect(store.series.get('loss')!.steps).toEqual([1, 30]);
    expect(store.allWarnings()).toEqual([]);
  });

  it('stops at a bad data CRC with one warning, keeps the points before it, and does not warn again', () => {
    const bytes = Buffer.from(fs.readFileSync(unetWd));
    const at = boundaries(bytes);
    const bad = at[100];
    bytes[bad + 12 + 5] ^= 0x40;
    const folder = tempDir();
    const file = path.join(folder, path.basename(unetWd));
    fs.writeFileSync(file, bytes);
    const store = new Store();
    const batches = store.read(folder);
    const warnings = store.allWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toBe(`bad CRC in record at byte ${bad}; the rest of ${path.basename(unetWd)} is not read`);
    expect(warnings[0].detail).toContain('data');
    const last = batches[batches.length - 1].cursor;
    expect(last.byteOffset).toBe(bad);
    expect(last.lineNumber).toBe(100);
    const before = store.points();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(250);
    // Unchanged: nothing to read. Grown: read again from the bad record, no new warning.
    expect(store.read(folder)).toEqual([]);
    fs.appendFileSync(file, bytes.subarray(0, 100));
    const grown = store.read(folder);
    expect(grown).toHaveLength(1);
    expect(grown[0].records).toEqual([]);
    expect(grown[0].cursor.byteOffset).toBe(bad);
    expect(store.allWarnings()).toHaveLength(1);
    expect(store.points()).toBe(before);
  });

  it('warns again after the file is read from its start, and reads on once the bad record is mended', () => {
    const good = fs.readFileSync(unetWd);
    const bytes = Buffer.from(good);
    const bad = boundaries(bytes)[0];
    bytes[bad + 3] ^= 0x01; // the length of the first record
    const folder = tempDir();
    const file = path.join(folder, path.basename(unetWd));
    fs.writeFileSync(file, bytes);
    const store = new Store();
    store.read(folder);
    expect(store.allWarnings().map((w) => w.detail)).toEqual([expect.stringContaining('length')]);
    expect(store.points()).toBe(0);
    // The same bad record at byte 0 after the file grew: still one warning (a read that finds it again is not "from start").
    fs.appendFileSync(file, Buffer.alloc(10));
    const again = store.read(folder);
    expect(again.map((b) => b.fromStart)).toEqual([false]);
    expect(store.allWarnings()).toHaveLength(1);
    // Mended in place (same inode, larger): read from the start, the warning goes, every point comes.
    fs.writeFileSync(file, good);
    const mended = store.read(folder);
    expect(mended[0].fromStart).toBe(true);
    expect(store.allWarnings()).toEqual([]);
    expect(store.points()).toBe(250);
  });
});
