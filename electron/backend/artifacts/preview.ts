// A preview of one located artifact, by kind (from its name, then its bytes):
// images as base64, text/JSON/YAML as capped text, CSV/TSV as the first rows,
// ONNX as a summary with the file's SHA-256, folders as their children. Files
// are opened through sources/safeFile.ts (regular files only) and read from
// the one descriptor; nothing is ever written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  artifactPreviewLimits as limits,
  type ArtifactPreview,
  type FolderEntry,
  type FolderPreview,
  type ImageMime,
} from '../../../shared/artifactPreview';
import { RequestFailed } from '../handlerTypes';
import { isMissing, openRegularFile, readAt, UnreadableFileError } from '../sources/safeFile';
import { DecodeError } from '../sources/tensorboard/protobuf';
import type { ArtifactTarget } from './artifactFiles';
import { summarizeOnnx } from './onnxSummary';

type FileKind =
  | { kind: 'image'; mime: ImageMime }
  | { kind: 'text'; language: string }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'csv'; delimiter: ',' | '\t' }
  | { kind: 'onnx' }
  | { kind: 'unknown' };

const images: Record<string, ImageMime> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };
const textLanguages: Record<string, string> = {
  txt: 'plain', log: 'log', md: 'markdown', markdown: 'markdown', py: 'python', ipynb: 'json', sh: 'shell', cfg: 'ini', ini: 'ini',
  toml: 'toml', xml: 'xml', html: 'html', htm: 'html', svg: 'svg', js: 'javascript', ts: 'typescript', r: 'r', sql: 'sql',
  rst: 'rst', tex: 'tex', c: 'c', h: 'c', cpp: 'cpp', java: 'java', go: 'go', rs: 'rust', jsonl: 'jsonl', ndjson: 'jsonl',
};
/** Files MLflow writes without an extension (or with one that says nothing): all YAML. */
const yamlNames = new Set(['MLmodel', 'MLproject', 'meta.yaml']);

/** What a file is, from its name. SVG is text: never rendered, so its scripts cannot run. */
export function fileKindOf(artifactPath: string): FileKind {
  const name = path.posix.basename(artifactPath);
  if (yamlNames.has(name)) return { kind: 'yaml' };
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (ext in images) return { kind: 'image', mime: images[ext] };
  if (ext === 'json') return { kind: 'json' };
  if (ext === 'yaml' || ext === 'yml') return { kind: 'yaml' };
  if (ext === 'csv') return { kind: 'csv', delimiter: ',' };
  if (ext === 'tsv' || ext === 'tab') return { kind: 'csv', delimiter: '\t' };
  if (ext === 'onnx') return { kind: 'onnx' };
  if (ext in textLanguages) return { kind: 'text', language: textLanguages[ext] };
  return { kind: 'unknown' };
}

/** UTF-8 text of the file's first bytes; a cut inside a character drops that character. */
function decodeStart(data: Buffer, cut: boolean): { text: string; invalidUtf8: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data, { stream: cut }), invalidUtf8: false };
  } catch {
    return { text: new TextDecoder('utf-8').decode(data, { stream: cut }), invalidUtf8: true };
  }
}

function readStart(fd: number, size: number, cap: number): { data: Buffer; cut: boolean } {
  return { data: readAt(fd, 0, Math.min(size, cap)), cut: size > cap };
}

/**
 * JSON text re-indented by two spaces without parsing its values, so numbers
 * keep every digit (JSON.parse would round 12345678901234567890). The text
 * must already be valid JSON. O(n).
 */
export function reindentJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '"') inString = true;
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
        continue;
      }
      depth += 1;
      out += c + newline();
    } else if (c === '}' || c === ']') {
      depth -= 1;
      out += newline() + c;
    } else if (c === ',') out += c + newline();
    else if (c === ':') out += ': ';
    else out += c;
  }
  return out;
}

/**
 * The header and first `maxRows` records of CSV text (RFC 4180: quoted fields
 * with "" for a quote, CRLF or LF line ends; a stray quote inside an unquoted
 * field is kept as text). Blank lines are skipped. With `cut` (the text is the
 * start of a longer file) a last record without its line end is dropped.
 * `bytesRead` is where the rows returned end, in UTF-8 bytes. O(n).
 */
export function parseCsvStart(text: string, delimiter: string, maxRows: number, cut: boolean) {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let recordEnd = 0;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    if (record.length > 1 || record[0] !== '' || wasQuoted) records.push(record);
    record = [];
    field = '';
    wasQuoted = false;
  };
  while (i < text.length && records.length <= maxRows) {
    const c = text[i];
    i += 1;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i] === '\n') i += 1;
      endRecord();
      recordEnd = i;
    } else field += c;
  }
  if (i >= text.length && !cut && (record.length > 0 || field !== '' || wasQuoted)) {
    endRecord();
    recordEnd = i;
  }
  const rows = records.slice(1, maxRows + 1);
  return { columns: records[0] ?? [], rows, truncated: i < text.length || cut, bytesRead: Buffer.byteLength(text.slice(0, recordEnd)) };
}

function cutText(text: string): { text: string; truncated: boolean } {
  return text.length > limits.textBytes ? { text: text.slice(0, limits.textBytes), truncated: true } : { text, truncated: false };
}

function jsonPreview(fd: number, size: number, base: { path: string; size: number }): ArtifactPreview {
  const { data, cut } = readStart(fd, size, limits.jsonParseBytes);
  const { text } = decodeStart(data, cut);
  if (cut) return { ...base, kind: 'json', ...cutText(text), truncated: true, parseError: `larger than ${limits.jsonParseBytes} bytes: shown as text, not parsed` };
  try {
    JSON.parse(text);
  } catch (error) {
    return { ...base, kind: 'json', ...cutText(text), parseError: (error as Error).message };
  }
  return { ...base, kind: 'json', ...cutText(reindentJson(text)), parseError: null };
}

function yamlPreview(fd: number, size: number, base: { path: string; size: number }): ArtifactPreview {
  const { data, cut } = readStart(fd, size, limits.textBytes);
  const { text } = decodeStart(data, cut);
  let parseError: string | null = null;
  if (!cut) {
    const problem = parseAllDocuments(text).flatMap((doc) => ('errors' in doc ? doc.errors : []))[0];
    if (problem) parseError = problem.message.split('\n')[0];
  }
  return { ...base, kind: 'yaml', text, truncated: cut, parseError };
}

function textPreview(fd: number, size: number, base: { path: string; size: number }, language: string): ArtifactPreview {
  const { data, cut } = readStart(fd, size, limits.textBytes);
  return { ...base, kind: 'text', language, ...decodeStart(data, cut), truncated: cut };
}

/** An unnamed kind: text when its first 8 KiB are UTF-8 without NUL bytes, else binary. */
function sniffPreview(fd: number, size: number, base: { path: string; size: number }): ArtifactPreview {
  const head = readStart(fd, size, 8 * 1024);
  if (size === 0 || (!head.data.includes(0) && !decodeStart(head.data, head.cut).invalidUtf8)) return textPreview(fd, size, base, 'plain');
  return { ...base, kind: 'binary' };
}

/** Hex SHA-256 of the whole open file, read in chunks off the main thread's critical path. */
async function sha256Of(fd: number, size: number): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let position = 0; position < size; ) {
    const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) =>
      fs.read(fd, chunk, 0, Math.min(chunk.length, size - position), position, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead }))),
    );
    if (bytesRead <= 0) break;
    hash.update(chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

async function onnxPreview(fd: number, size: number, base: { path: string; size: number }): Promise<ArtifactPreview> {
  let summary = null;
  let error: string | null = null;
  try {
    summary = summarizeOnnx(fd, size);
  } catch (problem) {
    if (!(problem instanceof DecodeError)) throw problem;
    error = `not a readable ONNX model (${problem.message})`;
  }
  return { ...base, kind: 'onnx', sha256: await sha256Of(fd, size), summary, error };
}

async function previewOpenFile(fd: number, size: number, artifactPath: string): Promise<ArtifactPreview> {
  const base = { path: artifactPath, size };
  const kind = fileKindOf(artifactPath);
  switch (kind.kind) {
    case 'image':
      return { ...base, kind: 'image', mime: kind.mime, base64: size > limits.imageBytes ? null : readAt(fd, 0, size).toString('base64') };
    case 'text':
      return textPreview(fd, size, base, kind.language);
    case 'json':
      return jsonPreview(fd, size, base);
    case 'yaml':
      return yamlPreview(fd, size, base);
    case 'csv': {
      const { data, cut } = readStart(fd, size, limits.csvBytes);
      const parsed = parseCsvStart(decodeStart(data, cut).text, kind.delimiter, limits.csvRows, cut);
      return { ...base, kind: 'csv', delimiter: kind.delimiter, ...parsed };
    }
    case 'onnx':
      return onnxPreview(fd, size, base);
    case 'unknown':
      return sniffPreview(fd, size, base);
  }
}

/** The immediate children of a folder, from the files recorded below it. */
export function folderPreview(folder: string, entries: { path: string; size: number }[]): FolderPreview {
  const prefix = folder === '' ? '' : `${folder}/`;
  const children = new Map<string, FolderEntry>();
  let size = 0;
  for (const entry of entries) {
    const rest = entry.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    size += entry.size;
    const child = children.get(name) ?? { name, path: prefix + name, folder: slash >= 0, size: 0 };
    child.size += entry.size;
    children.set(name, child);
  }
  const sorted = [...children.values()].sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { path: folder, size, kind: 'folder', children: sorted.slice(0, limits.folderEntries), truncated: sorted.length > limits.folderEntries };
}

const missingMessage = 'The file is no longer on disk.';

/** The preview of what locateArtifact found. Throws RequestFailed('unreadable') for a FIFO, a device, a link loop. */
export async function previewArtifact(target: ArtifactTarget): Promise<ArtifactPreview> {
  if (target.kind === 'folder') return folderPreview(target.path, target.entries);
  if (target.kind === 'missing') return { path: target.path, size: target.recordedSize, kind: 'missing', message: missingMessage };
  let opened: { fd: number; stat: fs.Stats };
  try {
    opened = openRegularFile(target.file);
  } catch (error) {
    if (isMissing(error)) return { path: target.path, size: target.recordedSize, kind: 'missing', message: missingMessage };
    if (error instanceof UnreadableFileError) throw new RequestFailed('unreadable', `The artifact ${error.reason}`);
    throw new RequestFailed('unreadable', `The artifact cannot be read (${(error as Error).message})`);
  }
  try {
    return await previewOpenFile(opened.fd, opened.stat.size, target.path);
  } finally {
    fs.closeSync(opened.fd);
  }
}
