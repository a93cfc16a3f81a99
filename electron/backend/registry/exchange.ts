// Export one registered model to a single archive, and import one, so a
// colleague's Runlens holds the same model: the same name, versions (number
// and SHA-256), stages, aliases, gate rules and audit trail, event for event
// with their original times and actors. What the archive holds is in
// archiveFormat.ts; the container in tarball.ts.
//
// Export writes beside the target and renames on success, so a half-written
// archive never carries the target's name; an existing file is never
// overwritten. Import reads and checks the whole archive (its files into a
// staging folder, hashed) before one write transaction; any refusal leaves
// the registry as it was. A second import of the same archive adds nothing.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decode, encode } from '../../../shared/codec';
import type { ImportOutcome } from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { ArchiveContentError, archiveFormat, archiveFormatVersion, documentEntry, fileEntry, folderEntryOf, manifestEntry, maxDocumentBytes, parseDocument, parseManifest, type ArchiveDocument, type ArchivedVersion, type ArchiveManifest } from './archiveFormat';
import { currentActor } from './audit';
import { applyImport, planImport, readArchivedModel, registryFilesDir, wantedFiles } from './exchangeStore';
import { digestPath, keepCopyOf } from './files';
import { DamagedArchiveError, entryBytes, readTarGz, writeTarGz, type TarEntry, type TarEntrySource } from './tarball';

declare const RUNLENS_VERSION: string;
const runlensVersion = typeof RUNLENS_VERSION === 'string' ? RUNLENS_VERSION : null;

/** Where a version's bytes are read from for the archive: Runlens's own copy first (nobody edits it). */
function exportSource(copyPath: string | null, filePath: string): { path: string; folder: boolean } | null {
  for (const candidate of [copyPath, filePath]) {
    const stat = candidate ? fs.statSync(candidate, { throwIfNoEntry: false }) : undefined;
    if (candidate && stat && (stat.isFile() || stat.isDirectory())) return { path: candidate, folder: stat.isDirectory() };
  }
  return null;
}

/**
 * A folder's regular files by '/'-separated relative path, in path order,
 * symbolic links left out: the listing files.ts hashes a registered folder by.
 */
function folderFiles(root: string, relative = ''): { relative: string; absolute: string; size: number }[] {
  const out: { relative: string; absolute: string; size: number }[] = [];
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...folderFiles(root, rel));
    else if (entry.isFile()) out.push({ relative: rel, absolute: path.join(root, rel), size: fs.lstatSync(path.join(root, rel)).size });
  }
  return out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

function changed(version: ArchivedVersion, source: string): RequestFailed {
  return new RequestFailed('bad-request', `Version ${version.version}'s model file has changed since it was registered (${source}): not exported; export without its files`);
}

/** The tar entries of one version's file or folder; each checks the bytes it streams against the registered SHA-256. */
function versionEntries(version: ArchivedVersion, source: { path: string; folder: boolean }): TarEntrySource[] {
  if (!source.folder) {
    const hash = createHash('sha256');
    return [{
      name: fileEntry(version.sha256),
      file: source.path,
      size: fs.statSync(source.path).size,
      check: (chunk) => hash.update(chunk),
      done: () => {
        if (hash.digest('hex') !== version.sha256) throw changed(version, source.path);
      },
    }];
  }
  const files = folderFiles(source.path);
  const listing = createHash('sha256');
  return files.map((file, index) => {
    const hash = createHash('sha256');
    return {
      name: `${fileEntry(version.sha256)}/${file.relative}`,
      file: file.absolute,
      size: file.size,
      check: (chunk: Buffer) => hash.update(chunk),
      done: () => {
        listing.update(`${file.relative}\0${hash.digest('hex')}\n`);
        if (index === files.length - 1 && listing.digest('hex') !== version.sha256) throw changed(version, source.path);
      },
    };
  });
}

function fileEntries(doc: ArchiveDocument, copies: Map<number, string | null>): { entries: TarEntrySource[]; files: ArchiveManifest['files'] } {
  const entries: TarEntrySource[] = [];
  const files: ArchiveManifest['files'] = [];
  for (const version of doc.versions) {
    if (files.some((file) => file.sha256 === version.sha256)) continue;
    const source = exportSource(copies.get(version.version) ?? null, version.filePath);
    if (source === null) {
      throw new RequestFailed('not-found', `Version ${version.version}'s model file is missing (${version.filePath}); export without its files, or put the file back`);
    }
    entries.push(...versionEntries(version, source));
    files.push({ sha256: version.sha256, size: version.size, kind: source.folder ? 'folder' : 'file' });
  }
  return { entries, files };
}

/**
 * Writes model `name` to a new archive at `args.path` (a .tar.gz), with its
 * model files when `includeFiles`. Refuses an existing file: an archive is
 * written once, never over something else.
 */
export async function exportModel(db: Db, _dataDir: string, args: { name: string; path: string; includeFiles?: boolean }): Promise<{ path: string; bytes: number }> {
  const target = path.resolve(args.path);
  if (fs.existsSync(target)) throw new RequestFailed('bad-request', `${target} already exists: Runlens does not overwrite it; choose another file name`);
  if (!fs.statSync(path.dirname(target), { throwIfNoEntry: false })?.isDirectory()) throw new RequestFailed('not-found', `${path.dirname(target)}: no such folder`);
  // One read transaction: the versions, aliases and events of one moment, even while another process writes.
  const model = db.transaction(() => readArchivedModel(db, args.name))();
  if (!model) throw new RequestFailed('not-found', `No registered model named "${args.name}" in Runlens's registry`);
  const { doc, copies } = model;
  const { entries, files } = args.includeFiles ? fileEntries(doc, copies) : { entries: [], files: [] };
  const manifest: ArchiveManifest = { format: archiveFormat, formatVersion: archiveFormatVersion, exportedAt: Date.now(), exportedBy: currentActor(), runlensVersion, model: doc.model.name, files };
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await writeTarGz(partial, [
      { name: manifestEntry, data: Buffer.from(JSON.stringify(manifest, null, 2)) },
      { name: documentEntry, data: Buffer.from(encode(doc)) },
      ...entries,
    ], manifest.exportedAt);
    publish(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { path: target, bytes: fs.statSync(target).size };
}

/** Gives the finished archive its name, unless a file took that name meanwhile. */
function publish(partial: string, target: string): void {
  try {
    // A hard link fails when the target exists, where a rename would replace it.
    fs.linkSync(partial, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RequestFailed('bad-request', `${target} already exists: Runlens does not overwrite it; choose another file name`);
    // A file system without hard links (FAT, some network shares): rename, having looked first.
    if (fs.existsSync(target)) throw new RequestFailed('bad-request', `${target} already exists: Runlens does not overwrite it; choose another file name`);
    fs.renameSync(partial, target);
  }
}

interface ReadArchive {
  manifest: ArchiveManifest;
  doc: ArchiveDocument;
  /** The staged model files and folders this import wants, by SHA-256 (files verified; folders checked by the caller). */
  staged: Map<string, string>;
}

async function writeEntry(entry: TarEntry, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.from(entry.chunks()), hashing, fs.createWriteStream(file, { flags: 'wx' }));
  return hash.digest('hex');
}

/** Reads and checks the whole archive; the model files `wanted` names go below `staging`. Throws DamagedArchiveError or ArchiveContentError. */
async function readArchive(file: string, staging: string, wanted: (doc: ArchiveDocument) => Set<string>): Promise<ReadArchive> {
  let manifest: ArchiveManifest | null = null;
  let doc: ArchiveDocument | null = null;
  let wants = new Set<string>();
  const staged = new Map<string, string>();
  const seen = new Set<string>();
  for await (const entry of readTarGz(file)) {
    if (manifest === null) {
      if (entry.name !== manifestEntry) throw new ArchiveContentError(`This is not a Runlens registry archive (it does not start with ${manifestEntry})`);
      manifest = parseManifest(await entryBytes(entry, maxDocumentBytes));
      continue;
    }
    if (doc === null) {
      if (entry.name !== documentEntry) throw new ArchiveContentError(`The archive is damaged: ${documentEntry} is missing after ${manifestEntry}`);
      doc = parseDocument(await entryBytes(entry, maxDocumentBytes), manifest, decode);
      wants = wanted(doc);
      continue;
    }
    const inFolder = folderEntryOf(entry.name);
    const listed = manifest.files.find((item) => (item.kind === 'file' ? fileEntry(item.sha256) === entry.name : item.sha256 === inFolder?.sha256));
    if (!listed || seen.has(entry.name)) throw new ArchiveContentError(`The archive is damaged: it holds ${entry.name}, which its manifest does not list`);
    seen.add(entry.name);
    if (!wants.has(listed.sha256)) continue;
    const { fileName } = doc.versions.find((version) => version.sha256 === listed.sha256)!;
    const target = path.join(staging, listed.sha256, fileName);
    staged.set(listed.sha256, target);
    const sha = await writeEntry(entry, listed.kind === 'file' ? target : path.join(target, ...inFolder!.relative.split('/')));
    if (listed.kind === 'file' && sha !== listed.sha256) throw new DamagedArchiveError(`The archive is damaged: the model file ${entry.name} does not match its SHA-256`);
  }
  if (manifest === null) throw new ArchiveContentError(`This is not a Runlens registry archive (it holds no ${manifestEntry})`);
  if (doc === null) throw new ArchiveContentError(`The archive is damaged: ${documentEntry} is missing`);
  const absent = manifest.files.find((item) => item.kind === 'file' && !seen.has(fileEntry(item.sha256)));
  if (absent) throw new ArchiveContentError(`The archive is damaged: its manifest lists ${fileEntry(absent.sha256)}, which it does not hold`);
  return { manifest, doc, staged };
}

/** Copies of the staged files in the data folder (files.ts keepCopyOf: reused when there, verified). A folder is checked whole here. */
async function keepCopies(dataDir: string, file: string, archive: ReadArchive): Promise<Map<string, string>> {
  const copies = new Map<string, string>();
  for (const [sha256, staged] of archive.staged) {
    const listed = archive.manifest.files.find((item) => item.sha256 === sha256)!;
    const digest = await digestPath(staged);
    if (digest.sha256 !== sha256) throw new RequestFailed('bad-request', `${path.basename(file)}: the archive is damaged: the model ${listed.kind} ${fileEntry(sha256)} does not match its SHA-256`);
    copies.set(sha256, await keepCopyOf(dataDir, staged, digest));
  }
  return copies;
}

/**
 * Imports the archive at `args.path`. A model new here is created whole; one
 * already here is left alone when the archive brings nothing new (unchanged),
 * brought forward when the archive continues its history, and refused when
 * the two histories differ. One `imported` event records an import that changed something.
 */
export async function importModel(db: Db, dataDir: string, args: { path: string }): Promise<ImportOutcome> {
  const file = path.resolve(args.path);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new RequestFailed('not-found', `${file}: no such file`);
  if (!stat.isFile()) throw new RequestFailed('bad-request', `${file} is not a file`);
  const staging = path.join(registryFilesDir(dataDir), `.incoming-${randomBytes(6).toString('hex')}`);
  try {
    // The plan is made before the model files are read (a conflict is refused before gigabytes are), and again in the transaction.
    const archive = await readArchive(file, staging, (doc) => wantedFiles(planImport(db, doc))).catch((error: unknown) => {
      if (error instanceof DamagedArchiveError || error instanceof ArchiveContentError) throw new RequestFailed('bad-request', `${path.basename(file)}: ${error.message}`);
      throw error;
    });
    const copies = await keepCopies(dataDir, file, archive);
    return writeTransaction(db, () =>
      applyImport(db, { doc: archive.doc, archive: file, manifest: archive.manifest, copies }),
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
