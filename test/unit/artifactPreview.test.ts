// `runs/artifact` end to end: real run folders ingested by the real backend
// into a real store, then each preview kind, and what an untrusted renderer
// might ask for (traversal, absolute paths, symlinks out, FIFOs, unlisted files).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactPreview } from '../../shared/artifactPreview';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { parseCsvStart, reindentJson } from '../../electron/backend/artifacts/preview';
import { appendEvent, removeTempDirs, repoRoot, tempDir, writeNativeRun } from '../helpers';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'artifacts');
const wineSha256 = '25197a56042ee369d49312fcf91b7a0cafb053ffd27c821c167c46af7fa61595'; // hashlib.sha256(open(f,'rb').read()).hexdigest()

let backend: Backend;
let project: string;
let runFolder: string;
let outside: string;
let nativeRunId: string;

/** Writes `content` to artifacts/<name> in the native run and records it as the logger does. */
function logArtifact(name: string, content: string | Buffer | null, size?: number): void {
  const file = path.join(runFolder, 'artifacts', ...name.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (content !== null) fs.writeFileSync(file, content);
  appendEvent(runFolder, { type: 'artifact', path: `artifacts/${name}`, size: size ?? (content === null ? 0 : Buffer.byteLength(content)) });
}

function writeArtifacts(): void {
  logArtifact('pixels.png', fs.readFileSync(path.join(fixtures, 'pixels.png')));
  logArtifact('model/model.onnx', fs.readFileSync(path.join(fixtures, 'wine_softmax.onnx')));
  logArtifact('model/MLmodel', 'flavors:\n  onnx:\n    onnx_version: 1.14.1\nrun_id: abc\n');
  logArtifact('broken.yaml', 'a: [1, 2\n');
  logArtifact('config.json', '{"lr":0.01,"seed":12345678901234567890,"layers":[64,32],"empty":{},"name":"a \\"q\\" b"}');
  logArtifact('bad.json', '{"lr": 0.01,');
  logArtifact('table.csv', 'name,note,value\r\n"a, b","said ""hi""",1\r\nc,"two\nlines",2\r\n');
  logArtifact('table.tsv', 'step\tloss\n0\t0.5\n1\t0.25\n');
  logArtifact('long.csv', `i,sq\n${Array.from({ length: 150 }, (_, i) => `${i},${i * i}`).join('\n')}\n`);
  logArtifact('notes.md', '# Notes\n\nébauche ✓\n');
  logArtifact('train.log', 'x'.repeat(300 * 1024));
  logArtifact('diagram.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  logArtifact('requirements', 'numpy==2.0\n');
  logArtifact('weights.bin', Buffer.from([0, 1, 2, 3, 0, 255]));
  logArtifact('gone.txt', 'soon gone');
  logArtifact('fifo', null);
  execFileSync('mkfifo', [path.join(runFolder, 'artifacts', 'fifo')]);
  // 9 MiB, sparse: too large to send as an image.
  logArtifact('huge.png', '', 9 * 1024 * 1024);
  fs.truncateSync(path.join(runFolder, 'artifacts', 'huge.png'), 9 * 1024 * 1024);
  // A symlink to a file outside the run, one to a folder outside, and one that stays inside.
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  logArtifact('escape.txt', null);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(runFolder, 'artifacts', 'escape.txt'));
  fs.symlinkSync(outside, path.join(runFolder, 'artifacts', 'linkdir'));
  appendEvent(runFolder, { type: 'artifact', path: 'artifacts/linkdir/secret.txt', size: 6 });
  logArtifact('alias.md', null);
  fs.symlinkSync(path.join(runFolder, 'artifacts', 'notes.md'), path.join(runFolder, 'artifacts', 'alias.md'));
  // On disk, never recorded.
  fs.writeFileSync(path.join(runFolder, 'artifacts', 'unlisted.txt'), 'not recorded');
}

beforeAll(async () => {
  project = tempDir();
  outside = tempDir('runlens-outside-');
  runFolder = writeNativeRun(path.join(project, 'runlens', 'r1'), { name: 'r1' });
  writeArtifacts();
  backend = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'cli', version: 'test', emit: () => {}, watch: false });
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
  const runs = await backend.send('runs/list', {});
  if (!runs.ok) throw new Error(runs.error.message);
  nativeRunId = runs.value.find((run) => run.name === 'r1')!.id;
  fs.rmSync(path.join(runFolder, 'artifacts', 'gone.txt'));
});
afterAll(async () => {
  await backend?.close();
  removeTempDirs();
});

async function preview(artifactPath: string, runId = nativeRunId): Promise<ArtifactPreview> {
  const result = await backend.send('runs/artifact', { runId, path: artifactPath });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function refusal(artifactPath: string, runId = nativeRunId) {
  const result = await backend.send('runs/artifact', { runId, path: artifactPath });
  if (result.ok) throw new Error(`${artifactPath} was served as ${result.value.kind}`);
  return result.error;
}

function as<K extends ArtifactPreview['kind']>(p: ArtifactPreview, kind: K): Extract<ArtifactPreview, { kind: K }> {
  expect(p.kind).toBe(kind);
  return p as Extract<ArtifactPreview, { kind: K }>;
}

describe('runs/artifact previews', () => {
  it('sends an image as base64 with its MIME type, and only says so past 8 MiB', async () => {
    const png = as(await preview('artifacts/pixels.png'), 'image');
    expect(png.mime).toBe('image/png');
    expect(Buffer.from(png.base64!, 'base64').equals(fs.readFileSync(path.join(fixtures, 'pixels.png')))).toBe(true);
    const huge = as(await preview('artifacts/huge.png'), 'image');
    expect(huge).toMatchObject({ base64: null, size: 9 * 1024 * 1024 });
  });

  it('summarizes an ONNX model with its SHA-256', async () => {
    const onnx = as(await preview('artifacts/model/model.onnx'), 'onnx');
    expect(onnx.sha256).toBe(wineSha256);
    expect(onnx.error).toBeNull();
    expect(onnx.summary!.opsets).toEqual([{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 3 }]);
    expect(onnx.summary!.inputs.map((i) => [i.name, i.type])).toEqual([['input', 'tensor(double)']]);
  });

  it('pretty-prints JSON keeping every digit, and shows a parse error with the text', async () => {
    const json = as(await preview('artifacts/config.json'), 'json');
    expect(json.parseError).toBeNull();
    expect(json.text).toContain('"seed": 12345678901234567890');
    expect(json.text).toContain('"empty": {}');
    expect(json.text).toContain('"name": "a \\"q\\" b"');
    expect(json.text.split('\n')).toContain('    64,');
    const bad = as(await preview('artifacts/bad.json'), 'json');
    expect(bad.text).toBe('{"lr": 0.01,');
    expect(bad.parseError).toBeTruthy();
  });

  it('shows MLmodel and .yaml files as YAML, naming a parse error', async () => {
    const model = as(await preview('artifacts/model/MLmodel'), 'yaml');
    expect(model).toMatchObject({ text: 'flavors:\n  onnx:\n    onnx_version: 1.14.1\nrun_id: abc\n', truncated: false, parseError: null });
    expect(as(await preview('artifacts/broken.yaml'), 'yaml').parseError).toBeTruthy();
  });

  it('parses CSV with quotes, doubled quotes, CRLF and a newline inside a field; TSV by tabs', async () => {
    const csv = as(await preview('artifacts/table.csv'), 'csv');
    expect(csv.columns).toEqual(['name', 'note', 'value']);
    expect(csv.rows).toEqual([['a, b', 'said "hi"', '1'], ['c', 'two\nlines', '2']]);
    expect(csv.truncated).toBe(false);
    const tsv = as(await preview('artifacts/table.tsv'), 'csv');
    expect(tsv).toMatchObject({ delimiter: '\t', columns: ['step', 'loss'], rows: [['0', '0.5'], ['1', '0.25']] });
  });

  it('shows the first 100 rows of a longer CSV and how many bytes they are', async () => {
    const csv = as(await preview('artifacts/long.csv'), 'csv');
    expect(csv.rows).toHaveLength(100);
    expect(csv.rows[99]).toEqual(['99', '9801']);
    expect(csv.truncated).toBe(true);
    const text = fs.readFileSync(path.join(runFolder, 'artifacts', 'long.csv'), 'utf8');
    expect(csv.bytesRead).toBe(text.indexOf('100,10000'));
    expect(csv.size).toBe(Buffer.byteLength(text));
  });

  it('shows text with its language, cuts it at 256 KiB, and shows SVG as text', async () => {
    expect(as(await preview('artifacts/notes.md'), 'text')).toMatchObject({ language: 'markdown', text: '# Notes\n\nébauche ✓\n', truncated: false, invalidUtf8: false });
    const log = as(await preview('artifacts/train.log'), 'text');
    expect(log).toMatchObject({ truncated: true, size: 300 * 1024 });
    expect(log.text).toHaveLength(256 * 1024);
    expect(as(await preview('artifacts/diagram.svg'), 'text')).toMatchObject({ language: 'svg', text: expect.stringContaining('<script>') });
    expect(as(await preview('artifacts/requirements'), 'text').text).toBe('numpy==2.0\n');
  });

  it('says a binary file is binary and a vanished file is missing', async () => {
    expect(await preview('artifacts/weights.bin')).toEqual({ path: 'artifacts/weights.bin', size: 6, kind: 'binary' });
    expect(await preview('artifacts/gone.txt')).toMatchObject({ kind: 'missing', size: 9 });
  });

  it('lists a folder from the recorded files: subfolders first, with their sizes', async () => {
    const folder = as(await preview('artifacts/model'), 'folder');
    expect(folder.children.map((c) => [c.name, c.path, c.folder])).toEqual([
      ['MLmodel', 'artifacts/model/MLmodel', false],
      ['model.onnx', 'artifacts/model/model.onnx', false],
    ]);
    const top = as(await preview('artifacts/'), 'folder');
    expect(top.children.find((c) => c.name === 'model')).toMatchObject({ folder: true, path: 'artifacts/model' });
    expect(top.children[0].folder).toBe(true);
  });

  it('follows a symlink that stays in the run folder', async () => {
    expect(as(await preview('artifacts/alias.md'), 'text').text).toBe('# Notes\n\nébauche ✓\n');
  });
});

describe('runs/artifact refusals', () => {
  it('refuses traversal and absolute paths before looking anything up', async () => {
    for (const bad of ['../../etc/passwd', 'artifacts/../../../etc/passwd', '/etc/passwd', 'C:/Windows/win.ini', 'artifacts\\..\\run.json', 'artifacts//pixels.png', './artifacts/pixels.png']) {
      expect((await refusal(bad)).code, bad).toBe('bad-request');
    }
  });

  it('refuses a file on disk the run does not list, and a run that does not exist', async () => {
    expect((await refusal('artifacts/unlisted.txt')).code).toBe('not-found');
    expect((await refusal('run.json')).code).toBe('not-found');
    expect((await refusal('artifacts/pixels.png', 'no-such-run')).code).toBe('not-found');
  });

  it('refuses listed symlinks whose real path leaves the run folder (a file, and a folder on the way)', async () => {
    const file = await refusal('artifacts/escape.txt');
    expect(file.code).toBe('unreadable');
    expect(file.message).not.toContain('secret');
    expect((await refusal('artifacts/linkdir/secret.txt')).code).toBe('unreadable');
  });

  it('refuses a FIFO without blocking on it', async () => {
    const error = await refusal('artifacts/fifo');
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain('FIFO');
  });
});

describe('an MLflow file-store run whose artifact_uri was written on another machine', () => {
  let other: Backend | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });

  it('serves the files below its artifacts/ folder, as the reader listed them', async () => {
    const copy = tempDir();
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-filestore', 'mlflow1-projects-failed-runs'), copy, { recursive: true });
    const runDir = path.join(copy, 'mlruns', '0', '2187eb8a0b4c43ad8de610b73609ed19');
    fs.mkdirSync(path.join(runDir, 'artifacts', 'model'), { recursive: true });
    fs.writeFileSync(path.join(runDir, 'artifacts', 'model', 'MLmodel'), 'flavors: {}\n');
    fs.copyFileSync(path.join(fixtures, 'pixels.png'), path.join(runDir, 'artifacts', 'pixels.png'));
    other = await createBackend({ dataDir: tempDir('runlens-data-'), mode: 'cli', version: 'test', emit: () => {}, watch: false });
    const added = await other.send('projects/add', { path: copy });
    if (!added.ok) throw new Error(added.error.message);
    const runs = await other.send('runs/list', {});
    if (!runs.ok) throw new Error(runs.error.message);
    const run = runs.value.find((r) => r.path === runDir)!;
    const detail = await other.send('runs/get', { runId: run.id });
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.artifacts.map((a) => a.path)).toEqual(['artifacts/model/MLmodel', 'artifacts/pixels.png']);
    const got = await other.send('runs/artifact', { runId: run.id, path: 'artifacts/model/MLmodel' });
    expect(got.ok && got.value).toMatchObject({ kind: 'yaml', text: 'flavors: {}\n' });
    const image = await other.send('runs/artifact', { runId: run.id, path: 'artifacts/pixels.png' });
    expect(image.ok && image.value.kind).toBe('image');
  });
});

describe('the CSV and JSON helpers', () => {
  it('parseCsvStart drops a row cut by the read cap and skips blank lines', () => {
    expect(parseCsvStart('a,b\n1,2\n\n3,4\n5,', ',', 100, true)).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']], truncated: true, bytesRead: 13 });
    expect(parseCsvStart('a,b\n1,2', ',', 100, false)).toEqual({ columns: ['a', 'b'], rows: [['1', '2']], truncated: false, bytesRead: 7 });
    expect(parseCsvStart('', ',', 100, false)).toEqual({ columns: [], rows: [], truncated: false, bytesRead: 0 });
    expect(parseCsvStart('"é",x\n', ',', 100, false).bytesRead).toBe(7); // 1 + 2 (é) + 1 + 1 + 1 + 1
  });

  it('reindentJson keeps strings with brackets, commas and escapes intact', () => {
    expect(reindentJson('{"a":"[,]:\\\\","b":[ ]}')).toBe('{\n  "a": "[,]:\\\\",\n  "b": []\n}');
  });
});
