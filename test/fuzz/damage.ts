// The ways a file of a run can be damaged, as the fuzz suite applies them to
// real files: each takes the file and a seeded random source, and changes
// the file (or what stands at its path) in place.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Random = () => number;

export const damageKinds = [
  'truncate',
  'flip-bytes',
  'insert-bytes',
  'random-bytes',
  'empty',
  'huge-line',
  'invalid-utf8',
  'odd-types',
  'fifo',
  'device-link',
  'link-loop',
  'delete-during-read',
  'sqlite-locked',
  'sqlite-corrupt-page',
] as const;
export type DamageKind = (typeof damageKinds)[number];

function randomBuffer(random: Random, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const integer = (random: Random, below: number) => Math.floor(random() * Math.max(1, below));

/** Documents of the wrong shape for the parser a file goes to (YAML and JSON alike); the mappings come last. */
const notMappings = 5;
const oddDocuments = [
  '- a\n- b\n',
  '"just a string"\n',
  '42\n',
  'null\n',
  '[]\n',
  '{"params": [1, 2, {"a": null}], "format": ["runlens.run"], "start_time": "yesterday", "system": 7}\n',
  'status: {nested: [1, 2]}\nstart_time: not-a-number\nlifecycle_stage: [deleted]\nname: {a: b}\n',
  // An alias bomb: nine levels of nine references.
  ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n') + '\n',
  `${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
  'key: !!binary aGVsbG8=\nwhen: 2001-12-14t21:59:43.10-05:00\nbig: 1e999\n',
];

/**
 * Applies `kind` to `file`; returns what was done, for the report. Where any
 * mapping is valid content (params.yaml), odd documents are never mappings.
 */
export function damageFile(file: string, kind: DamageKind, random: Random, options: { anyMappingIsValid?: boolean } = {}): string {
  const stat = fs.lstatSync(file);
  const size = stat.size;
  switch (kind) {
    case 'truncate': {
      const at = integer(random, size);
      fs.truncateSync(file, at);
      return `truncated at ${at} of ${size} bytes`;
    }
    case 'flip-bytes': {
      const data = fs.readFileSync(file);
      const flips = 1 + integer(random, 8);
      for (let i = 0; i < flips && data.length > 0; i++) data[integer(random, data.length)] ^= 1 << integer(random, 8);
      // Written through the same inode, as a disk error or a careless editor would.
      fs.writeFileSync(file, data);
      return `${flips} bit(s) flipped`;
    }
    case 'insert-bytes': {
      const data = fs.readFileSync(file);
      const at = integer(random, data.length + 1);
      const inserted = randomBuffer(random, 1 + integer(random, 64));
      fs.writeFileSync(file, Buffer.concat([data.subarray(0, at), inserted, data.subarray(at)]));
      return `${inserted.length} random bytes inserted at ${at}`;
    }
    case 'random-bytes':
      fs.writeFileSync(file, randomBuffer(random, Math.max(size, 16)));
      return `replaced by ${Math.max(size, 16)} random bytes`;
    case 'empty':
      fs.writeFileSync(file, '');
      return 'emptied';
    case 'huge-line': {
      // Longer than any reader's line cap, with no newline: a binary blob or a runaway writer.
      const fd = fs.openSync(file, 'a');
      const block = Buffer.alloc(1024 * 1024, 0x61);
      for (let i = 0; i < 17; i++) fs.writeSync(fd, block);
      fs.closeSync(fd);
      return '17 MB without a newline appended';
    }
    case 'invalid-utf8': {
      const data = fs.readFileSync(file);
      const at = integer(random, data.length + 1);
      fs.writeFileSync(file, Buffer.concat([data.subarray(0, at), Buffer.from([0x80, 0xc3, 0x28, 0xff, 0xfe]), data.subarray(at)]));
      return `invalid UTF-8 inserted at ${at}`;
    }
    case 'odd-types': {
      // The alias bomb stays: a valid mapping, but one that expands without end.
      const choices = options.anyMappingIsValid ? [...oddDocuments.slice(0, notMappings), oddDocuments[7], oddDocuments[8]] : oddDocuments;
      const document = choices[integer(random, choices.length)];
      fs.writeFileSync(file, document);
      return `replaced by a document of the wrong shape (${JSON.stringify(document.slice(0, 30))}…)`;
    }
    case 'fifo':
      fs.rmSync(file);
      execFileSync('mkfifo', [file]);
      return 'replaced by a FIFO';
    case 'device-link': {
      const device = random() < 0.5 ? '/dev/zero' : '/dev/urandom';
      fs.rmSync(file);
      fs.symlinkSync(device, file);
      return `replaced by a symlink to ${device}`;
    }
    case 'link-loop':
      fs.rmSync(file);
      fs.symlinkSync(path.basename(file), file);
      return 'replaced by a symlink to itself';
    case 'sqlite-corrupt-page': {
      // Zeroes one page after the header page: a torn write or a bad sector.
      const pages = Math.floor(size / 4096);
      const page = 1 + integer(random, Math.max(1, pages - 1));
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(4096), 0, 4096, page * 4096);
      fs.closeSync(fd);
      return `page ${page} of ${pages} zeroed`;
    }
    case 'sqlite-locked':
    case 'delete-during-read':
      // Done by the harness while the read runs.
      return kind;
  }
}

/** Which kinds make sense for a file, by what it is. */
export function kindsFor(relative: string, contents: 'text' | 'yaml' | 'json' | 'binary' | 'sqlite'): DamageKind[] {
  const always: DamageKind[] = ['truncate', 'flip-bytes', 'insert-bytes', 'random-bytes', 'empty', 'fifo', 'device-link', 'link-loop', 'delete-during-read'];
  if (contents === 'sqlite') return [...always.filter((k) => k !== 'insert-bytes'), 'sqlite-locked', 'sqlite-corrupt-page', 'sqlite-corrupt-page'];
  const more: DamageKind[] = contents === 'binary' ? ['huge-line'] : ['huge-line', 'invalid-utf8'];
  if (contents === 'yaml' || contents === 'json') more.push('odd-types', 'odd-types');
  void relative;
  return [...always, ...more];
}
