import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNewLines } from '../../electron/backend/sources/lineReader';
import type { FileCursor } from '../../electron/backend/sources/records';
import { removeTempDirs, tempDir } from '../helpers';

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
