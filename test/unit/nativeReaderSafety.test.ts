// The native reader on files that are not what they should be: a FIFO, a
// symlink to /dev/zero, a symlink loop, a dangling link, too large, empty,
// random bytes, invalid UTF-8, a header that no longer says it is ours, a
// file rewritten in place. Every read returns, says what it could not read,
// reads the rest, and voids no series it still has.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isNativeRunFolder, nativeFormat, parseJsonLine, quoteBareNonFinite, readNativeMetrics } from '../../electron/backend/sources/native';
import type { RunRecord } from '../../electron/backend/sources/records';
import { appendEvent, appendMetrics, metricLine, removeTempDirs, tempDir, writeNativeRun } from '../helpers';
import { invalidUtf8, killGuards, linkAs, loopAt, makeFifo, MemoryStore, randomBytes } from './hostileFiles';
import { oldParse } from '../../bench/lib/oldLineParse';

afterEach(killGuards);
afterAll(removeTempDirs);

/** A native run read once: two points of loss, a params event. */
function knownRun(): { run: string; store: MemoryStore } {
  const run = writeNativeRun(path.join(tempDir(), 'run'), { name: 'baseline', startTime: 42, params: { lr: '0.1' } });
  appendMetrics(run, metricLine(0, { loss: 1 }) + metricLine(1, { loss: 0.5 }));
  appendEvent(run, { type: 'params', values: { batch: 32 } });
  const store = new MemoryStore(nativeFormat, run);
  store.read();
  expect(store.values('loss')).toEqual([1, 0.5]);
  expect(store.allWarnings()).toEqual([]);
  return { run, store };
}

describe('native reader: a file that is not a regular file', () => {
  for (const name of ['run.json', 'metrics.jsonl', 'events.jsonl']) {
    it(`${name} as a FIFO: the read returns with a warning, reads the other files, voids nothing, and says it once`, () => {
      const { run, store } = knownRun();
      makeFifo(path.join(run, name));
      if (name !== 'metrics.jsonl') appendMetrics(run, metricLine(2, { loss: 0.25 }));
      if (name !== 'events.jsonl') appendEvent(run, { type: 'tags', values: { team: 'vision' } });
      store.read();
      expect(store.newWarnings()).toEqual([`${name} is not a regular file (a FIFO): not read`]);
      expect(store.voids).toEqual([]);
      expect(store.values('loss')).toEqual(name === 'metrics.jsonl' ? [1, 0.5] : [1, 0.5, 0.25]);
      if (name !== 'events.jsonl') expect(store.tags.team).toBe('vision');
      expect(store.params).toMatchObject({ lr: '0.1', batch: '32' });
      // Said once: the next read yields nothing about it.
      expect(store.read()).toEqual([]);
    });
  }

  it('run.json as a symlink to /dev/zero is refused unread (no unbounded read); the metrics are read', () => {
    const { run, store } = knownRun();
    linkAs(path.join(run, 'run.json'), '/dev/zero');
    appendMetrics(run, metricLine(2, { loss: 0.25 }));
    const before = process.memoryUsage().rss;
    store.read();
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(store.newWarnings()).toEqual(['run.json is not a regular file (a character device): not read']);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
    expect(store.voids).toEqual([]);
  });

  it('metrics.jsonl and events.jsonl as symlinks to /dev/zero are refused', () => {
    const { run, store } = knownRun();
    linkAs(path.join(run, 'metrics.jsonl'), '/dev/zero');
    linkAs(path.join(run, 'events.jsonl'), '/dev/zero');
    store.read();
    expect(store.newWarnings()).toEqual([
      'metrics.jsonl is not a regular file (a character device): not read',
      'events.jsonl is not a regular file (a character device): not read',
    ]);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.voids).toEqual([]);
  });

  it('symlink loops and dangling links: warnings naming the file, the rest read', () => {
    const { run, store } = knownRun();
    loopAt(path.join(run, 'run.json'));
    linkAs(path.join(run, 'events.jsonl'), 'nowhere.jsonl');
    loopAt(path.join(run, 'heartbeat'));
    appendMetrics(run, metricLine(2, { loss: 0.25 }));
    store.read();
    expect(store.newWarnings()).toEqual([
      'run.json is a symbolic link loop: not read',
      'events.jsonl is a dangling symbolic link (to "nowhere.jsonl"): not read',
      'heartbeat is a symbolic link loop: not read',
    ]);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
    expect(store.voids).toEqual([]);
    expect(store.read()).toEqual([]);
  });

  it('a FIFO replaced by the file again is read from its start (its old series voided first), and its warning cleared', () => {
    const { run, store } = knownRun();
    const metrics = path.join(run, 'metrics.jsonl');
    makeFifo(metrics);
    store.read();
    expect(store.allWarnings()).toEqual(['metrics.jsonl: metrics.jsonl is not a regular file (a FIFO): not read']);
    fs.rmSync(metrics);
    fs.writeFileSync(metrics, metricLine(0, { loss: 9 }));
    store.read();
    expect(store.voids).toEqual(['all']);
    expect(store.values('loss')).toEqual([9]);
    expect(store.allWarnings()).toEqual([]);
  });
});

describe('native reader: a damaged run.json', () => {
  const cases: [string, string | Buffer, string][] = [
    ['empty', '', 'run.json is empty'],
    ['not JSON', '{"format": "runlens.run", "name": ', 'run.json is not valid JSON'],
    ['random bytes', randomBytes(7, 500), 'run.json is not valid JSON'],
    ['no longer ours', JSON.stringify({ format: 'something.else', name: 'x' }), 'run.json no longer says "format": "runlens.run"'],
    ['a JSON list', '[1, 2]', 'run.json no longer says "format": "runlens.run"'],
  ];
  for (const [what, content, message] of cases) {
    it(`${what}: a warning naming run.json; the header stays as it was, metrics and events are read`, () => {
      const { run, store } = knownRun();
      fs.writeFileSync(path.join(run, 'run.json'), content);
      appendMetrics(run, metricLine(2, { loss: 0.25 }));
      appendEvent(run, { type: 'end', status: 'FINISHED', timestamp: 99 });
      store.read();
      const warnings = store.newWarnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0].startsWith(message)).toBe(true);
      expect(store.headers).toHaveLength(1);
      expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
      expect(store.status).toMatchObject({ status: 'FINISHED' });
      expect(store.voids).toEqual([]);
      expect(store.read()).toEqual([]);
    });
  }

  it('too large (a 2 GB sparse file): refused without reading it, with the cap in the warning', () => {
    const { run, store } = knownRun();
    const header = path.join(run, 'run.json');
    fs.truncateSync(header, 2 ** 31);
    const before = process.memoryUsage().rss;
    store.read();
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(store.newWarnings()).toEqual(['run.json is larger than 1048576 bytes: not read']);
    expect(store.values('loss')).toEqual([1, 0.5]);
    expect(store.read()).toEqual([]);
    fs.rmSync(header);
  });

  it('invalid UTF-8 inside a string: read, with a warning', () => {
    const run = path.join(tempDir(), 'run');
    writeNativeRun(run);
    const text = fs.readFileSync(path.join(run, 'run.json'));
    const at = text.indexOf('"name":"') + 8;
    fs.writeFileSync(path.join(run, 'run.json'), Buffer.concat([text.subarray(0, at), invalidUtf8, text.subarray(at)]));
    const store = new MemoryStore(nativeFormat, run);
    store.read();
    expect(store.headers[0].name).toContain('\uFFFD');
    expect(store.newWarnings()).toEqual(['run.json is not valid UTF-8: the bytes that are not were read as U+FFFD']);
  });

  it('missing: a warning, metrics and events still read; the run folder gone is ENOENT', () => {
    const { run, store } = knownRun();
    fs.rmSync(path.join(run, 'run.json'));
    appendMetrics(run, metricLine(2, { loss: 0.25 }));
    store.read();
    expect(store.newWarnings()).toEqual(['run.json is missing: the header is not read']);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
    expect(store.read()).toEqual([]);
    fs.rmSync(run, { recursive: true });
    expect(() => store.read()).toThrow(/ENOENT/);
  });

  it('params and tag values are capped in number and length', () => {
    const run = path.join(tempDir(), 'run');
    const params: Record<string, string> = {};
    for (let i = 0; i < 10_050; i++) params[`p${i}`] = String(i);
    writeNativeRun(run, { params, tags: { long: 'x'.repeat(100_000) } });
    const store = new MemoryStore(nativeFormat, run);
    store.read();
    expect(Object.keys(store.params)).toHaveLength(10_000);
    expect(store.tags.long).toHaveLength(64 * 1024);
    expect(store.newWarnings()).toEqual([
      'run.json: more than 10000 params: the rest were not read',
      'run.json: 1 of the tags longer than 65536 characters: cut',
    ]);
  });
});

describe('native run detection', () => {
  it('takes a folder whose run.json is damaged beside metrics.jsonl and events.jsonl as a (damaged) native run; another tool\'s run.json alone not', () => {
    const folder = tempDir();
    const names = new Set(['run.json', 'metrics.jsonl', 'events.jsonl']);
    fs.writeFileSync(path.join(folder, 'run.json'), randomBytes(3, 300));
    expect(isNativeRunFolder(folder, names)).toBe(true);
    expect(isNativeRunFolder(folder, new Set(['run.json', 'metrics.jsonl']))).toBe(false);
    makeFifo(path.join(folder, 'run.json'));
    expect(isNativeRunFolder(folder, names)).toBe(true);
    loopAt(path.join(folder, 'run.json'));
    expect(isNativeRunFolder(folder, names)).toBe(true);
    fs.rmSync(path.join(folder, 'run.json'));
    // The trio is the format's own (docs/FORMAT.md): a header that no longer says so is damage, reported by the read.
    fs.writeFileSync(path.join(folder, 'run.json'), '{"name": "not ours"}');
    expect(isNativeRunFolder(folder, names)).toBe(true);
    expect(isNativeRunFolder(folder, new Set(['run.json']))).toBe(false);
  });

  it('refuses a FIFO, /dev/zero and a loop without blocking; reads at most 64 KiB of a huge run.json', () => {
    const folder = tempDir();
    const names = new Set(['run.json']);
    makeFifo(path.join(folder, 'run.json'));
    expect(isNativeRunFolder(folder, names)).toBe(false);
    linkAs(path.join(folder, 'run.json'), '/dev/zero');
    expect(isNativeRunFolder(folder, names)).toBe(false);
    loopAt(path.join(folder, 'run.json'));
    expect(isNativeRunFolder(folder, names)).toBe(false);
    const header = path.join(folder, 'run.json');
    fs.rmSync(header);
    fs.writeFileSync(header, '{"format": "runlens.run", "pad": "');
    fs.truncateSync(header, 2 ** 31);
    const before = process.memoryUsage().rss;
    expect(isNativeRunFolder(folder, names)).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
    fs.rmSync(header);
  });
});

describe('native metrics and events with odd bytes', () => {
  it('invalid UTF-8 in metrics.jsonl: the line is read with U+FFFD, and a warning names the line', () => {
    const run = writeNativeRun(path.join(tempDir(), 'run'));
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), Buffer.concat([
      Buffer.from(metricLine(0, { loss: 1 })),
      Buffer.from('{"step": 1, "timestamp": 1, "values": {"lo'), invalidUtf8, Buffer.from('ss": 2}}\n'),
    ]));
    const records = [...readNativeMetrics(path.join(run, 'metrics.jsonl'), null)].flatMap((b) => b.records);
    const metrics = records.find((r) => r.kind === 'metrics') as Extract<RunRecord, { kind: 'metrics' }>;
    expect([...metrics.points.keys()]).toEqual(['loss', 'lo\uFFFD\uFFFD(\uFFFDss']);
    expect(records.filter((r) => r.kind === 'warning')).toEqual([
      { kind: 'warning', message: 'metrics.jsonl: bytes that are not UTF-8 were read as U+FFFD', count: 1, detail: 'line 2' },
    ]);
  });

  it('random bytes in metrics.jsonl and events.jsonl: warnings, the valid lines around them read, no throw', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const run = writeNativeRun(path.join(tempDir(), 'run'));
      fs.writeFileSync(path.join(run, 'metrics.jsonl'), Buffer.concat([Buffer.from(metricLine(0, { loss: 1 })), randomBytes(seed, 3000), Buffer.from(`\n${metricLine(1, { loss: 2 })}`)]));
      fs.writeFileSync(path.join(run, 'events.jsonl'), Buffer.concat([randomBytes(seed + 100, 2000), Buffer.from('\n')]));
      const store = new MemoryStore(nativeFormat, run);
      store.read();
      expect(store.values('loss')!.at(0)).toBe(1);
      expect(store.values('loss')!.at(-1)).toBe(2);
      expect(store.newWarnings().length).toBeGreaterThan(0);
    }
  });
});

describe('native metrics.jsonl rewritten in place', () => {
  it('same inode, same size, other bytes: read again from zero, its series voided first', () => {
    const { run, store } = knownRun();
    const file = path.join(run, 'metrics.jsonl');
    const inode = fs.statSync(file).ino;
    // Rewritten through the same descriptor-less path: O_TRUNC keeps the inode.
    fs.writeFileSync(file, metricLine(0, { loss: 7 }) + metricLine(1, { loss: 8 }));
    expect(fs.statSync(file).ino).toBe(inode);
    store.read();
    expect(store.voids).toEqual(['all']);
    expect(store.values('loss')).toEqual([7, 8]);
  });

  it('same inode, grown, the old lines changed: detected by the anchor, not only by size', () => {
    const { run, store } = knownRun();
    const file = path.join(run, 'metrics.jsonl');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, metricLine(0, { loss: 3 }), 0);
    fs.closeSync(fd);
    appendMetrics(run, metricLine(2, { loss: 0.25 }));
    store.read();
    expect(store.voids).toEqual(['all']);
    expect(store.values('loss')).toEqual([3, 0.5, 0.25]);
  });

  it('appended only: resumed, nothing voided', () => {
    const { run, store } = knownRun();
    appendMetrics(run, metricLine(2, { loss: 0.25 }));
    store.read();
    expect(store.voids).toEqual([]);
    expect(store.values('loss')).toEqual([1, 0.5, 0.25]);
  });
});



const accepts = (parse: (line: string) => unknown, line: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: parse(line) };
  } catch {
    return { ok: false };
  }
};

/** Whether a parsed value holds a string that the old regex would have quoted inside (and so broken). */
function holdsQuotableString(value: unknown): boolean {
  const pattern = /[:,\[]\s*(-?Infinity|NaN)\s*[,}\]]/;
  if (typeof value === 'string') return pattern.test(value);
  if (Array.isArray(value)) return value.some(holdsQuotableString);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => pattern.test(k) || holdsQuotableString(v));
  return false;
}

describe('parseJsonLine', () => {
  it('reads bare NaN, Infinity and -Infinity as values, and keeps quoted ones and strings as they are', () => {
    expect(parseJsonLine('{"step": 1, "values": {"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN, -Infinity], "e": "NaN"}}')).toEqual({
      step: 1, values: { a: 'NaN', b: 'Infinity', c: '-Infinity', d: ['NaN', '-Infinity'], e: 'NaN' },
    });
    expect(parseJsonLine('{"s": "a: NaN, b", "v": NaN}')).toEqual({ s: 'a: NaN, b', v: 'NaN' });
    expect(parseJsonLine('{"s": "quote \\" then: NaN,", "v":NaN}')).toEqual({ s: 'quote " then: NaN,', v: 'NaN' });
    expect(parseJsonLine('{"a":\tNaN\r}')).toEqual({ a: 'NaN' });
    // Only where a value stands; never a key, never part of a longer word.
    for (const bad of ['{NaN: 1}', '{"a": NaNa}', '{"a": xNaN}', '{"a": -NaN}', '{"a": - Infinity}', 'NaN', '{"a": NaN', '{"a": NaN "b"}']) {
      expect(() => parseJsonLine(bad), bad).toThrow();
    }
  });

  it('accepts what the regex it replaces accepted, with the same values (a differential over random lines)', () => {
    const tokens = ['{', '}', '[', ']', ':', ',', ' ', '  ', '\t', 'NaN', 'Infinity', '-Infinity', '-', '"a"', '"b"', '1', '-2.5e3', 'true', 'null', '"NaN"', '"x\\"y"', '"\\\\"', '"', '\\', 'N', 'aN', 'x'];
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const structured = ['{"a": NaN}', '{"a": [NaN, Infinity, -Infinity]}', '{"a": {"b": NaN}, "c": -Infinity}', '[NaN]', '[1, NaN , 2]'];
    let bothAccepted = 0;
    let newOnly = 0;
    for (let i = 0; i < 30_000; i++) {
      let line = '';
      if (i % 3 === 0) line = structured[i % structured.length];
      const n = 1 + Math.floor(next() * 14);
      for (let k = 0; k < n; k++) {
        const token = tokens[Math.floor(next() * tokens.length)];
        const at = Math.floor(next() * (line.length + 1));
        line = line.slice(0, at) + token + line.slice(at);
      }
      const before = accepts(oldParse, line);
      const after = accepts(parseJsonLine, line);
      if (before.ok) {
        expect(after, line).toEqual(before);
        bothAccepted += 1;
      } else if (after.ok) {
        // Only where the old regex quoted inside a string and so broke the line.
        expect(holdsQuotableString(after.value), line).toBe(true);
        newOnly += 1;
      }
    }
    expect(bothAccepted).toBeGreaterThan(500);
    expect(newOnly).toBeLessThan(bothAccepted / 10);
  });

  const spaces = (n: number) => ' '.repeat(n);
  for (const size of [300 * 1024, 1024 * 1024]) {
    const kb = `${size / 1024} KB`;
    it(`${kb} of blanks around NaN: malformed lines throw, valid ones parse, in linear work`, () => {
      const malformed = `{"step": 1, "values": {"a":${spaces(size)}NaN`;
      expect(() => parseJsonLine(malformed)).toThrow();
      const valid = `{"step": 1, "values": {"a":${spaces(size)}NaN${spaces(size)}}}`;
      expect(parseJsonLine(valid)).toEqual({ step: 1, values: { a: 'NaN' } });
      const count = Math.floor(size / 5);
      const many = `[${'NaN, '.repeat(count)}NaN]`;
      expect((parseJsonLine(many) as string[]).length).toBe(count + 1);
      for (const line of [malformed, valid, many]) {
        const work = { steps: 0 };
        quoteBareNonFinite(line, work);
        expect(work.steps).toBeLessThanOrEqual(2 * line.length);
      }
    });
  }

  it('unbalanced quotes and runs of backslashes: an answer, in linear work', () => {
    const size = 1024 * 1024;
    const cases = [
      `{"a": "${spaces(size)}NaN, "b": NaN}`, // a string that never closes where it seems to
      `{"a": NaN, "b": "${'\\'.repeat(size)}"}`, // an even run: the string closes
      `{"a": NaN, "b": "${'\\'.repeat(size + 1)}"}`, // an odd run: the last quote is escaped
      `"${'\\"'.repeat(size / 2)}NaN`,
      `${'"'.repeat(size)}, NaN]`,
    ];
    const results = cases.map((line) => accepts(parseJsonLine, line));
    expect(results.map((r) => r.ok)).toEqual([false, true, false, false, false]);
    expect((results[1] as { value: { a: string; b: string } }).value.a).toBe('NaN');
    expect((results[1] as { value: { a: string; b: string } }).value.b).toHaveLength(size / 2);
    for (const line of cases) {
      const work = { steps: 0 };
      quoteBareNonFinite(line, work);
      expect(work.steps).toBeLessThanOrEqual(2 * line.length);
    }
  });
});
