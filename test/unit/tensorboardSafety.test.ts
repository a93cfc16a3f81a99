// The TensorBoard reader on event files that are not what they should be: a
// FIFO, a symlink to /dev/zero, a record claiming more bytes than any record
// may hold, a file rewritten in place. Every read returns, warns, reads the
// other files, and voids nothing while the series' files are still there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fileVersionEvent, pb, summaryEvent, tfRecord } from '../../bench/generate/tensorboard';
import { tensorboardFormat } from '../../electron/backend/sources/tensorboard/format';
import { crc32c, maskCrc } from '../../electron/backend/sources/tensorboard/tfrecord';
import { removeTempDirs, tempDir } from '../helpers';
import { killGuards, linkAs, makeFifo, MemoryStore, randomBytes } from './hostileFiles';

afterEach(killGuards);
afterAll(removeTempDirs);

const point = (tag: string, step: number, value: number) => tfRecord(summaryEvent(1_700_000_000 + step, step, Buffer.concat([pb.bytes(1, tag), pb.float(2, value)])));

/** A run of two event files (loss in a, acc in b), read once. */
function knownRun(): { run: string; a: string; b: string; store: MemoryStore } {
  const run = tempDir();
  const a = path.join(run, 'events.out.tfevents.1700000000.a');
  const b = path.join(run, 'events.out.tfevents.1700000001.b');
  fs.writeFileSync(a, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), point('loss', 0, 1), point('loss', 1, 0.5)]));
  fs.writeFileSync(b, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_001)), point('acc', 0, 0.25)]));
  const store = new MemoryStore(tensorboardFormat, run);
  store.read();
  expect(store.values('loss')).toEqual([1, 0.5]);
  expect(store.values('acc')).toEqual([0.25]);
  return { run, a, b, store };
}

describe('TensorBoard: event files that are not regular files', () => {
  for (const [what, make, kind] of [
    ['a FIFO', (f: string) => makeFifo(f), 'a FIFO'],
    ['a symlink to /dev/zero', (f: string) => linkAs(f, '/dev/zero'), 'a character device'],
  ] as const) {
    it(`an event file replaced by ${what}: a warning, the other file read, nothing voided, said once`, () => {
      const { a, b, store } = knownRun();
      make(a);
      fs.appendFileSync(b, point('acc', 1, 0.5));
      store.read();
      expect(store.newWarnings()).toEqual([`${path.basename(a)} is not a regular file (${kind}): not read`]);
      expect(store.voids).toEqual([]);
      expect(store.values('loss')).toEqual([1, 0.5]);
      expect(store.values('acc')).toEqual([0.25, 0.5]);
      expect(store.read()).toEqual([]);
    });
  }

  it('a new event file that is a FIFO: a warning; once it is a file, it is read without voiding the others', () => {
    const { run, store } = knownRun();
    const c = makeFifo(path.join(run, 'events.out.tfevents.1700000002.c'));
    store.read();
    expect(store.newWarnings()).toEqual([`${path.basename(c)} is not a regular file (a FIFO): not read`]);
    fs.rmSync(c);
    fs.writeFileSync(c, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_002)), point('f1', 0, 0.75)]));
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('f1')).toEqual([0.75]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.allWarnings()).toEqual([]);
  });

  it('a file read before, a FIFO for a while, then a file again: the run is read again from zero (no duplicates)', () => {
    const { a, store } = knownRun();
    const bytes = fs.readFileSync(a);
    makeFifo(a);
    store.read();
    fs.rmSync(a);
    fs.writeFileSync(a, bytes);
    store.read();
    expect(store.voids).toEqual(['all']);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.values('acc')).toEqual([0.25]);
  });
});

describe('TensorBoard: a record claiming too many bytes', () => {
  it('is not allocated: a warning, the points before it read, the rest of that file not read, said once', () => {
    const run = tempDir();
    const file = path.join(run, 'events.out.tfevents.1700000000.big');
    const header = Buffer.alloc(12);
    // 2^40 bytes, its length CRC good: a writer's bug, or a crafted file.
    header.writeUInt32LE(0, 0);
    header.writeUInt32LE(256, 4);
    header.writeUInt32LE(maskCrc(crc32c(header, 0, 8)), 8);
    fs.writeFileSync(file, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), point('loss', 0, 1), header, point('loss', 1, 2)]));
    const store = new MemoryStore(tensorboardFormat, run);
    const before = process.memoryUsage().rss;
    store.read();
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(store.values('loss')).toEqual([1]);
    expect(store.newWarnings()).toEqual([`record at byte ${fs.statSync(file).size - header.length - point('loss', 1, 2).length} claims ${2 ** 40} bytes, more than the 64 MB a record may hold and more than the file has; the rest of ${path.basename(file)} is not read`]);
    fs.appendFileSync(file, point('loss', 2, 3));
    store.read();
    expect(store.newWarnings()).toEqual([]);
    expect(store.values('loss')).toEqual([1]);
  });
});

describe('TensorBoard: an event file rewritten in place', () => {
  it('same inode, grown, the bytes before the cursor changed: the run is read again from zero', () => {
    const { a, store } = knownRun();
    const inode = fs.statSync(a).ino;
    fs.writeFileSync(a, Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), point('loss', 0, 7), point('loss', 1, 8), point('loss', 2, 9)]));
    expect(fs.statSync(a).ino).toBe(inode);
    store.read();
    expect(store.voids).toEqual(['all']);
    expect(store.values('loss')).toEqual([7, 8, 9]);
    expect(store.values('acc')).toEqual([0.25]);
  });

  it('appended only: resumed, nothing voided', () => {
    const { a, store } = knownRun();
    fs.appendFileSync(a, point('loss', 2, 0.25));
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
  });
});

describe('TensorBoard: empty and random files', () => {
  it('an empty file and a random one beside a good one: warnings at most, never a throw, the good one read', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const run = tempDir();
      fs.writeFileSync(path.join(run, 'events.out.tfevents.1.empty'), '');
      fs.writeFileSync(path.join(run, 'events.out.tfevents.2.noise'), randomBytes(seed, 5000));
      fs.writeFileSync(path.join(run, 'events.out.tfevents.3.good'), Buffer.concat([tfRecord(fileVersionEvent(1_700_000_000)), point('loss', 0, 1)]));
      const store = new MemoryStore(tensorboardFormat, run);
      expect(() => store.read()).not.toThrow();
      expect(store.values('loss')).toEqual([1]);
      expect(store.read()).toEqual([]);
    }
  });
});
