import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readNewLines } from '../../electron/backend/sources/lineReader';
import type { FileCursor } from '../../electron/backend/sources/records';
import { removeTempDirs, tempDir } from '../helpers';
import { killGuards, linkAs, loopAt, makeFifo } from './hostileFiles';

afterAll(removeTempDirs);

function readAll(file: string, cursor: FileCursor | null) {
  const lines: string[] = [];
  let last = cursor;
  let restarted = false;
  for (const chunk of readNewLines(file, cursor)) {
    lines.push(...chunk.lines);
    last = chunk.cursor;
    restarted ||= chunk.restarted;
  }
  return { lines, cursor: last, restarted };
}

describe('readNewLines', () => {
  it('stops before a torn last line and resumes exactly there', () => {
    const file = path.join(tempDir(), 'a.jsonl');
    fs.writeFileSync(file, 'one\ntwo\nthr');
    const first = readAll(file, null);
    expect(first.lines).toEqual(['one', 'two']);
    expect(first.cursor!.byteOffset).toBe(8);
    expect(first.cursor!.lineNumber).toBe(2);

    fs.appendFileSync(file, 'ee\nfour\n');
    const second = readAll(file, first.cursor);
    expect(second.lines).toEqual(['three', 'four']);
    expect(second.cursor!.lineNumber).toBe(4);
    expect(second.restarted).toBe(false);
  });

  it('reads only what was appended', () => {
    const file = path.join(tempDir(), 'b.jsonl');
    fs.writeFileSync(file, 'x\n'.repeat(1000));
    const first = readAll(file, null);
    fs.appendFileSync(file, 'y\n');
    const second = readAll(file, first.cursor);
    expect(second.lines).toEqual(['y']);
  });

  it('starts over when the file was truncated or replaced', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.jsonl');
    fs.writeFileSync(file, 'a\nb\nc\n');
    const first = readAll(file, null);
    fs.writeFileSync(file, 'z\n');
    const truncated = readAll(file, first.cursor);
    expect(truncated.lines).toEqual(['z']);
    expect(truncated.restarted).toBe(true);

    // Same size, new inode (an atomic rename over the old file).
    const replacement = path.join(dir, 'c.tmp');
    fs.writeFileSync(replacement, 'q\n');
    fs.renameSync(replacement, file);
    const replaced = readAll(file, truncated.cursor);
    expect(replaced.lines).toEqual(['q']);
    expect(replaced.restarted).toBe(true);
  });

  it('handles lines longer than one read chunk and CRLF endings', () => {
    const file = path.join(tempDir(), 'd.jsonl');
    const long = 'L'.repeat(5 * 1024 * 1024);
    fs.writeFileSync(file, `${long}\r\nshort\r\n`);
    const { lines } = readAll(file, null);
    expect(lines.map((line) => line.length)).toEqual([long.length + 1, 6]);
    expect(lines[1].trimEnd()).toBe('short');
  });

  it('throws ENOENT for a file deleted before reading', () => {
    const file = path.join(tempDir(), 'gone.jsonl');
    expect(() => readAll(file, null)).toThrow(/ENOENT/);
  });
});

describe('readNewLines on a huge file with no newline', () => {
  it('streams past a 2 GB sparse file in bounded memory, counting one overlong line', () => {
    const file = path.join(tempDir(), 'huge.jsonl');
    fs.writeFileSync(file, 'good\n');
    fs.truncateSync(file, 2 ** 31);
    const before = process.memoryUsage().rss;
    let overlong = 0;
    let lines: string[] = [];
    let last: FileCursor | null = null;
    for (const chunk of readNewLines(file, null)) {
      overlong += chunk.overlongLines;
      lines = lines.concat(chunk.lines);
      last = chunk.cursor;
    }
    expect(lines).toEqual(['good']);
    expect(overlong).toBe(1);
    expect(last!.byteOffset).toBe(2 ** 31);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});

describe('readNewLines: anchors and files rewritten in place', () => {
  it('puts an anchor on every cursor (null at offset 0) and resumes when the bytes before it are unchanged', () => {
    const file = path.join(tempDir(), 'a.jsonl');
    fs.writeFileSync(file, '');
    const empty = readAll(file, null);
    expect(empty.cursor!.anchor).toBeNull();
    fs.writeFileSync(file, 'one\ntwo\n');
    const first = readAll(file, null);
    expect(first.cursor!.anchor).toMatch(/^[0-9a-f]{16}$/);
    fs.appendFileSync(file, 'three\n');
    const second = readAll(file, first.cursor);
    expect(second).toMatchObject({ lines: ['three'], restarted: false });
    expect(second.cursor!.anchor).not.toBe(first.cursor!.anchor);
  });

  it('reads a file rewritten in place (same inode, same or larger size) again from zero, saying why', () => {
    const file = path.join(tempDir(), 'b.jsonl');
    fs.writeFileSync(file, `${'x'.repeat(300)}\nold\n`);
    const first = readAll(file, null);
    const inode = fs.statSync(file).ino;
    fs.writeFileSync(file, `${'x'.repeat(300)}\nnew\nmore\n`);
    expect(fs.statSync(file).ino).toBe(inode);
    const chunks = [...readNewLines(file, first.cursor)];
    expect(chunks[0]).toMatchObject({ restarted: true, restartReason: 'the bytes before the cursor changed (rewritten in place)' });
    expect(chunks.flatMap((c) => c.lines)).toEqual(['x'.repeat(300), 'new', 'more']);
  });

  it('a cursor without an anchor (stored before anchors existed) resumes as before', () => {
    const file = path.join(tempDir(), 'c.jsonl');
    fs.writeFileSync(file, 'a\nb\n');
    const first = readAll(file, null);
    fs.writeFileSync(file, 'A\nB\nc\n');
    const { anchor: _, ...old } = first.cursor!;
    expect(readAll(file, old)).toMatchObject({ lines: ['c'], restarted: false });
  });

  it('says why a replaced or truncated file restarts', () => {
    const dir = tempDir();
    const file = path.join(dir, 'd.jsonl');
    fs.writeFileSync(file, 'a\nb\n');
    const first = readAll(file, null);
    fs.writeFileSync(file, 'a\n');
    expect([...readNewLines(file, first.cursor)][0].restartReason).toBe('the file is shorter than what was read (truncated)');
    fs.writeFileSync(path.join(dir, 'tmp'), 'a\nb\n');
    fs.renameSync(path.join(dir, 'tmp'), file);
    expect([...readNewLines(file, first.cursor)][0].restartReason).toBe('the file was replaced (a new inode)');
  });

  it('flags lines holding bytes that are not UTF-8, and not a valid U+FFFD', () => {
    const file = path.join(tempDir(), 'e.jsonl');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('ok \uFFFD\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nfine\n')]));
    const chunks = [...readNewLines(file, null)];
    expect(chunks[0].invalidUtf8).toEqual({ lines: 2, first: 1 });
    fs.writeFileSync(file, 'ok \uFFFD\n');
    expect([...readNewLines(file, null)][0].invalidUtf8).toBeUndefined();
  });
});

describe('readNewLines on what is not a regular file', () => {
  afterEach(killGuards);

  it('refuses a FIFO, /dev/zero, a symlink loop and a dangling link with typed errors, without blocking', () => {
    const dir = tempDir();
    const fifo = makeFifo(path.join(dir, 'fifo.jsonl'));
    expect(() => readAll(fifo, null)).toThrow(expect.objectContaining({ code: 'ENOTREG', message: `${fifo} is not a regular file (a FIFO): not read` }));
    const zero = linkAs(path.join(dir, 'zero.jsonl'), '/dev/zero');
    expect(() => readAll(zero, null)).toThrow(expect.objectContaining({ code: 'ENOTREG', message: `${zero} is not a regular file (a character device): not read` }));
    const loop = loopAt(path.join(dir, 'loop.jsonl'));
    expect(() => readAll(loop, null)).toThrow(expect.objectContaining({ code: 'ELOOP', message: `${loop} is a symbolic link loop: not read` }));
    const dangling = linkAs(path.join(dir, 'dangling.jsonl'), 'nowhere');
    expect(() => readAll(dangling, null)).toThrow(expect.objectContaining({ code: 'EDANGLING' }));
    expect(() => readAll(dir, null)).toThrow(expect.objectContaining({ code: 'ENOTREG', message: `${dir} is not a regular file (a folder): not read` }));
  });
});

describe('readNewLines: a last line of binary bytes', () => {
  it('says so once per change of the file, keeps the cursor before it, and says nothing of a text line being written', () => {
    const file = path.join(tempDir(), 'f.jsonl');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('ok\n'), Buffer.from([0x01, 0x02, 0x00, 0x41])]));
    const first = [...readNewLines(file, null)];
    expect(first.map((c) => c.binaryTail)).toEqual([undefined, 4]);
    expect(first[1].cursor.byteOffset).toBe(3);
    expect([...readNewLines(file, first[1].cursor)]).toEqual([]);
    // Completed later into a line: read (as whatever it is).
    fs.appendFileSync(file, '\n');
    expect([...readNewLines(file, first[1].cursor)].flatMap((c) => c.lines)).toEqual(['\u0001\u0002\u0000A']);
    fs.writeFileSync(file, 'ok\n{"step": 1, "val');
    expect([...readNewLines(file, null)].map((c) => c.binaryTail)).toEqual([undefined]);
  });
});
