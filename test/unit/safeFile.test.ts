// safeFile.ts: the one way readers open files. Regular files only, whole
// reads capped without allocating past the cap, problems as typed errors.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openRegularFile, problemOf, readFileCapped, readTextCapped, statOrNull, UnreadableFileError } from '../../electron/backend/sources/safeFile';
import { removeTempDirs, tempDir } from '../helpers';
import { invalidUtf8, isRoot, killGuards, linkAs, loopAt, makeFifo } from './hostileFiles';

afterEach(killGuards);
afterAll(removeTempDirs);

function errorOf(read: () => unknown): UnreadableFileError | NodeJS.ErrnoException {
  try {
    read();
  } catch (error) {
    return error as UnreadableFileError;
  }
  throw new Error('did not throw');
}

describe('openRegularFile', () => {
  it('opens a regular file (also through a symlink) and gives its stats', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'abc');
    const link = linkAs(path.join(dir, 'link.txt'), 'a.txt');
    const { fd, stat } = openRegularFile(link);
    fs.closeSync(fd);
    expect(stat.size).toBe(3);
  });

  it('refuses a FIFO at once, naming it and what it is', () => {
    const fifo = makeFifo(path.join(tempDir(), 'run.json'));
    const error = errorOf(() => openRegularFile(fifo));
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error).toMatchObject({ code: 'ENOTREG', path: fifo, message: `${fifo} is not a regular file (a FIFO): not read` });
    expect(problemOf(error)).toBe('is not a regular file (a FIFO): not read');
  });

  it('refuses /dev/zero, a folder, a symlink loop and a dangling link with their own codes; a missing file is ENOENT', () => {
    const dir = tempDir();
    expect(errorOf(() => openRegularFile(linkAs(path.join(dir, 'zero'), '/dev/zero')))).toMatchObject({ code: 'ENOTREG', reason: 'is not a regular file (a character device): not read' });
    expect(errorOf(() => openRegularFile(dir))).toMatchObject({ code: 'ENOTREG', reason: 'is not a regular file (a folder): not read' });
    expect(errorOf(() => openRegularFile(loopAt(path.join(dir, 'loop'))))).toMatchObject({ code: 'ELOOP', reason: 'is a symbolic link loop: not read' });
    expect(errorOf(() => openRegularFile(linkAs(path.join(dir, 'dangling'), 'gone.txt')))).toMatchObject({ code: 'EDANGLING', reason: 'is a dangling symbolic link (to "gone.txt"): not read' });
    expect(errorOf(() => openRegularFile(path.join(dir, 'missing')))).toMatchObject({ code: 'ENOENT' });
    expect(errorOf(() => openRegularFile(path.join(dir, 'zero', 'below')))).toMatchObject({ code: 'ENOTDIR' });
    expect(statOrNull(path.join(dir, 'missing'))).toBeNull();
    expect(() => statOrNull(path.join(dir, 'dangling'))).toThrow(expect.objectContaining({ code: 'EDANGLING' }));
  });

  it.skipIf(isRoot)('says a file it may not read cannot be read (EACCES)', () => {
    const file = path.join(tempDir(), 'secret');
    fs.writeFileSync(file, 'x');
    fs.chmodSync(file, 0);
    expect(problemOf(errorOf(() => openRegularFile(file)))).toBe('cannot be read (EACCES: permission denied)');
  });
});

describe('readFileCapped', () => {
  it('reads a file up to the cap; past it refuses without reading, or cuts to the cap', () => {
    const file = path.join(tempDir(), 'big');
    fs.writeFileSync(file, '0123456789');
    expect(readFileCapped(file, 10).data.toString()).toBe('0123456789');
    expect(errorOf(() => readFileCapped(file, 9))).toMatchObject({ code: 'ETOOLARGE', reason: 'is larger than 9 bytes: not read' });
    const cut = readFileCapped(file, 4, { cut: true });
    expect(cut).toMatchObject({ cut: true });
    expect(cut.data.toString()).toBe('0123');
  });

  it('never allocates more than the cap, even for a 2 GB file', () => {
    const file = path.join(tempDir(), 'sparse');
    fs.writeFileSync(file, 'head');
    fs.truncateSync(file, 2 ** 31);
    const before = process.memoryUsage().rss;
    const read = readFileCapped(file, 1024 * 1024, { cut: true });
    expect(read.data.length).toBe(1024 * 1024);
    expect(read.data.buffer.byteLength).toBeLessThanOrEqual(1024 * 1024 * 2);
    expect(() => readFileCapped(file, 1024 * 1024)).toThrow(/is larger than 1048576 bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    fs.rmSync(file);
  });

  it('reads text, says when it is not UTF-8, and does not call a cut inside a character invalid', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ok'), 'héllo');
    expect(readTextCapped(path.join(dir, 'ok'), 100)).toMatchObject({ text: 'héllo', invalidUtf8: false });
    expect(readTextCapped(path.join(dir, 'ok'), 2, { cut: true })).toMatchObject({ text: 'h', invalidUtf8: false, cut: true });
    fs.writeFileSync(path.join(dir, 'bad'), Buffer.concat([Buffer.from('a'), invalidUtf8]));
    expect(readTextCapped(path.join(dir, 'bad'), 100)).toMatchObject({ invalidUtf8: true });
  });
});
