// The TensorBoard reader on broken and hostile input: every truncation of a
// real file, random bytes, single flipped bytes, a 2 GB sparse file, files
// that vanish or loop, empty files, undecodable events, oversized records.
// None may throw, hang, or read a file whole into memory.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileVersionEvent, pb, summaryEvent, tfRecord } from '../../bench/generate/tensorboard';
import type { FileBatch, RunRecord } from '../../electron/backend/sources/records';
import { readTensorBoardRun } from '../../electron/backend/sources/tensorboard/format';
import { crc32c, maskCrc, maxHeldRecordBytes } from '../../electron/backend/sources/tensorboard/tfrecord';
import { removeTempDirs, tempDir } from '../helpers';
import { seededRandom } from '../../bench/lib/random';

afterAll(removeTempDirs);

const fixtures = path.join(__dirname, '..', 'fixtures', 'real', 'tensorboard');
// 6,078 bytes, 95 records, 85 points (5 tags x 17, see tensorboardReal.test.ts).
const small = path.join(fixtures, 'pytorch-summarywriter-unet/unet/runs/UNet_lr2e_3/events.out.tfevents.1738168825.wn44.25432.0');
const none = { cursorFor: () => null };

function readFolder(folder: string): { batches: FileBatch[]; records: RunRecord[]; points: number; warnings: Extract<RunRecord, { kind: 'warning' }>[] } {
  const batches = [...readTensorBoardRun(folder, none)];
  const records = batches.flatMap((b) => b.records);
  let points = 0;
  for (const r of records) if (r.kind === 'metrics') for (const s of r.points.values()) points += s.steps.length;
  const warnings = records.filter((r): r is Extract<RunRecord, { kind: 'warning' }> => r.kind === 'warning');
  return { batches, records, points, warnings };
}


function boundaries(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at < bytes.length; at += 16 + bytes.readUInt32LE(at)) out.push(at);
  return out;
}

describe('TensorBoard reader, fuzzed', () => {
  it('reads every truncation of a real file without a throw or a warning, points never decreasing with length', () => {
    const bytes = fs.readFileSync(small);
    const folder = tempDir();
    const file = path.join(folder, path.basename(small));
    fs.writeFileSync(file, '');
    // Grown a byte at a time through one descriptor (rewriting the file 6,079 times is slow), read from scratch each time.
    const fd = fs.openSync(file, 'r+');
    let previous = 0;
    for (let length = 0; length <= bytes.length; length++) {
      if (length > 0) fs.writeSync(fd, bytes, length - 1, 1, length - 1);
      const { points, warnings, batches } = readFolder(folder);
      expect(warnings, `length ${length}`).toEqual([]);
      expect(points, `length ${length}`).toBeGreaterThanOrEqual(previous);
      expect(batches[batches.length - 1].cursor.byteOffset).toBeLessThanOrEqual(length);
      previous = points;
    }
    fs.closeSync(fd);
    expect(previous).toBe(85);
  });

  it('survives random bytes, alone and after valid records', () => {
    const random = seededRandom(7);
    const valid = fs.readFileSync(small);
    for (let trial = 0; trial < 40; trial++) {
      const noise = Buffer.alloc(1 + Math.floor(random() * 5000));
      for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
      const folder = tempDir();
      fs.writeFileSync(path.join(folder, 'events.out.tfevents.noise'), noise);
      expect(() => readFolder(folder)).not.toThrow();
      fs.writeFileSync(path.join(folder, 'events.out.tfevents.noise'), Buffer.concat([valid, noise]));
      const { points, warnings } = readFolder(folder);
      expect(points).toBe(85);
      // Noise after the records: a CRC stop, or (under 16 bytes) a torn record.
      expect(warnings.length).toBe(noise.length >= 16 ? 1 : 0);
    }
  });

  it('stops with one CRC warning at the record holding any flipped byte, keeping the points before it', () => {
    const good = fs.readFileSync(small);
    const starts = boundaries(good);
    const pointsBefore = new Map<number, number>();
    const random = seededRandom(11);
    const folder = tempDir();
    const file = path.join(folder, path.basename(small));
    for (let trial = 0; trial < 150; trial++) {
      const at = Math.floor(random() * good.length);
      const bytes = Buffer.from(good);
      bytes[at] ^= 1 + Math.floor(random() * 255);
      fs.writeFileSync(file, bytes);
      const { points, warnings, batches } = readFolder(folder);
      const record = starts.filter((s) => s <= at).pop()!;
      expect(warnings, `byte ${at}`).toHaveLength(1);
      expect(warnings[0].message).toContain(`bad CRC in record at byte ${record};`);
      expect(warnings[0].detail).toContain(at - record < 12 ? 'length' : 'data');
      expect(batches[batches.length - 1].cursor.byteOffset).toBe(record);
      // The same record always keeps the same points before it.
      if (!pointsBefore.has(record)) pointsBefore.set(record, points);
      expect(points).toBe(pointsBefore.get(record));
    }
  });

  it('stops at once on a 2 GB sparse file (valid records, then zeros), reading only a few MB', () => {
    const folder = tempDir();
    const file = path.join(folder, 'events.out.tfevents.1700000000.sparse');
    fs.copyFileSync(small, file);
    fs.truncateSync(file, 2 ** 31);
    const rssBefore = process.memoryUsage().rss;
    const { points, warnings, batches } = readFolder(folder);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(points).toBe(85);
    expect(warnings.map((w) => w.message)).toEqual([`bad CRC in record at byte 6078; the rest of ${path.basename(file)} is not read`]);
    expect(batches[batches.length - 1].cursor).toMatchObject({ byteOffset: 6078, size: 2 ** 31 });
  });

  it('skips a record larger than 64 MB unread and reads on after it', () => {
    const folder = tempDir();
    const file = path.join(folder, 'events.out.tfevents.1700000000.big');
    const length = maxHeldRecordBytes + 1;
    const header = Buffer.alloc(12);
    header.writeUInt32LE(length, 0);
    header.writeUInt32LE(maskCrc(crc32c(header, 0, 8)), 8);
    const after = tfRecord(summaryEvent(1_700_000_001, 5, Buffer.concat([pb.bytes(1, 'loss'), pb.float(2, 0.5)])));
    fs.writeFileSync(file, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), header]));
    // The big record's data and CRC are a hole in a sparse file.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, after, 0, after.length, fs.statSync(file).size + length + 4);
    fs.closeSync(fd);
    const { points, warnings } = readFolder(folder);
    expect(points).toBe(1);
    expect(warnings).toMatchObject([{ message: 'records larger than 64 MB were skipped', count: 1 }]);
  });

  it('counts events that frame correctly but do not decode, and reads the ones around them', () => {
    const folder = tempDir();
    const good = (step: number) => tfRecord(summaryEvent(1_700_000_000 + step, step, Buffer.concat([pb.bytes(1, 'loss'), pb.float(2, step)])));
    fs.writeFileSync(path.join(folder, 'events.out.tfevents.1700000000.host'), Buffer.concat([
      tfRecord(fileVersionEvent(1_700_000_000)),
      good(1),
      tfRecord(Buffer.from([0x2a, 0x7f, 0x01])), // a summary field longer than the event
      tfRecord(Buffer.from([0x0b])), // a group (wire type 3) that never ends
      good(2),
      tfRecord(Buffer.from([0x0f])), // wire type 7 does not exist
      good(3),
    ]));
    const { points, warnings } = readFolder(folder);
    expect(points).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'warning', message: 'events that are not valid Event protos were skipped', count: 3 });
    expect(warnings[0].detail).toMatch(/^record 3 at byte \d+: field longer than its message; record 4 at byte \d+: message ends inside a varint; record 6 at byte \d+: unknown wire type 7$/);
  });

  it('skips an event file deleted between listing and reading', () => {
    const folder = tempDir();
    fs.copyFileSync(small, path.join(folder, 'events.out.tfevents.1.a'));
    fs.copyFileSync(small, path.join(folder, 'events.out.tfevents.2.b'));
    const generator = readTensorBoardRun(folder, none);
    const first = generator.next();
    expect(first.done).toBe(false);
    fs.rmSync(path.join(folder, 'events.out.tfevents.2.b'));
    const rest = [...generator];
    expect(rest).toEqual([]);
  });

  it('warns about symlink loops and dangling links among the event files, ignores folders; the scan does not recurse', () => {
    const folder = tempDir();
    fs.copyFileSync(small, path.join(folder, 'events.out.tfevents.1.real'));
    fs.symlinkSync('events.out.tfevents.loop', path.join(folder, 'events.out.tfevents.loop'));
    fs.symlinkSync('.', path.join(folder, 'events.out.tfevents.self'));
    fs.symlinkSync('nowhere', path.join(folder, 'events.out.tfevents.dangling'));
    fs.mkdirSync(path.join(folder, 'events.out.tfevents.dir'));
    fs.copyFileSync(small, path.join(folder, 'events.out.tfevents.dir', 'events.out.tfevents.2.nested'));
    const { points, batches, warnings } = readFolder(folder);
    expect(batches.map((b) => path.basename(b.file))).toEqual(['events.out.tfevents.dangling', 'events.out.tfevents.loop', 'events.out.tfevents.1.real']);
    expect(warnings.map((w) => w.message)).toEqual([
      'events.out.tfevents.dangling is a dangling symbolic link (to "nowhere"): not read',
      'events.out.tfevents.loop is a symbolic link loop: not read',
    ]);
    expect(points).toBe(85);
  });

  it('reads an empty file as no records (no header yet), and the header once events come', () => {
    const folder = tempDir();
    const file = path.join(folder, 'events.out.tfevents.1700000000.empty');
    fs.writeFileSync(file, '');
    const cursors = new Map<string, import('../../electron/backend/sources/records').FileCursor>();
    const lookup = { cursorFor: (f: string) => cursors.get(f) ?? null };
    const first = [...readTensorBoardRun(folder, lookup)];
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ records: [], fromStart: true, cursor: { byteOffset: 0, lineNumber: 0 } });
    cursors.set(file, first[0].cursor);
    expect([...readTensorBoardRun(folder, lookup)]).toEqual([]);
    fs.appendFileSync(file, tfRecord(fileVersionEvent(1_700_000_000.5)));
    const second = [...readTensorBoardRun(folder, lookup)];
    expect(second[0].records).toEqual([
      { kind: 'header', sourceRunId: null, name: null, experiment: null, startTime: 1_700_000_000_500, heartbeatIntervalMs: null },
    ]);
    expect(second[0].fromStart).toBe(true);
  });

  it('reads a folder with no event files as nothing', () => {
    expect([...readTensorBoardRun(tempDir(), none)]).toEqual([]);
  });
});
