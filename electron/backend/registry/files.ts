// The registered file: its SHA-256 when registered, whether it is still that
// file when read, and the copy kept in the data folder when asked. Runlens
// copies nothing unless asked and never writes into a project folder.
//
// A version's file is one file (an .onnx, the onnx flavor's file of an MLflow
// model, any artifact) or a folder (an MLflow model without an onnx flavor, an
// artifact folder). A folder's SHA-256 is that of its listing: each regular
// file's '/'-separated relative path, a NUL, its SHA-256 and a newline, in
// path order; symbolic links are left out (they may lead out of the run).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileState } from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import { openRegularFile, statOrNull } from '../sources/safeFile';
import type { RecordedFile } from './queries';

export interface FileDigest {
  sha256: string;
  /** Bytes: the file's, or the sum of a folder's files. */
  size: number;
  /** Whole ms: the file's mtime, or the newest of a folder's files and subfolders. */
  mtime: number;
  kind: 'file' | 'folder';
}

/** A folder holding more is not a model folder: refused rather than hashed for minutes. */
const maxFolderFiles = 10_000;
const maxFolderDepth = 16;

async function hashFile(file: string): Promise<string> {
  const { fd } = openRegularFile(file);
  const hash = crypto.createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream('', { fd, autoClose: true, highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', resolve);
  });
  return hash.digest('hex');
}

interface FolderListing {
  files: { relative: string; absolute: string; size: number }[];
  size: number;
  mtime: number;
}

/** A folder's regular files (no symbolic links), with their total size and the newest mtime of them and their folders. */
function listFolder(root: string): FolderListing {
  const listing: FolderListing = { files: [], size: 0, mtime: Math.floor(fs.statSync(root).mtimeMs) };
  const walk = (folder: string, relative: string, depth: number) => {
    if (depth > maxFolderDepth) throw new RequestFailed('bad-request', `${root} nests folders deeper than ${maxFolderDepth}: not a model folder`);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const absolute = path.join(folder, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        listing.mtime = Math.max(listing.mtime, Math.floor(fs.lstatSync(absolute).mtimeMs));
        walk(absolute, rel, depth + 1);
      } else if (entry.isFile()) {
        const stat = fs.lstatSync(absolute);
        listing.files.push({ relative: rel, absolute, size: stat.size });
        listing.size += stat.size;
        listing.mtime = Math.max(listing.mtime, Math.floor(stat.mtimeMs));
        if (listing.files.length > maxFolderFiles) throw new RequestFailed('bad-request', `${root} holds more than ${maxFolderFiles} files: not a model folder`);
      }
    }
  };
  walk(root, '', 0);
  listing.files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return listing;
}

async function hashFolder(listing: FolderListing): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const file of listing.files) hash.update(`${file.relative}\0${await hashFile(file.absolute)}\n`);
  return hash.digest('hex');
}

/** The SHA-256, size and mtime of a file or folder. Throws what fs throws (ENOENT…) or UnreadableFileError. */
export async function digestPath(target: string): Promise<FileDigest> {
  const stat = fs.statSync(target);
  if (stat.isDirectory()) {
    const listing = listFolder(target);
    return { sha256: await hashFolder(listing), size: listing.size, mtime: listing.mtime, kind: 'folder' };
  }
  const sha256 = await hashFile(target);
  return { sha256, size: stat.size, mtime: Math.floor(stat.mtimeMs), kind: 'file' };
}

/** Hashes already computed in this process, by path, size and mtime: a listing does not re-hash an unchanged big file twice. */
const hashed = new Map<string, { size: number; mtime: number; sha256: string }>();
const maxRemembered = 1000;

function remember(file: string, digest: { size: number; mtime: number; sha256: string }): void {
  hashed.delete(file);
  hashed.set(file, { size: digest.size, mtime: digest.mtime, sha256: digest.sha256 });
  if (hashed.size > maxRemembered) hashed.delete(hashed.keys().next().value as string);
}

/**
 * Whether the recorded file is still the one registered: 'missing' when it
 * is gone (or can no longer be read), 'changed' when its SHA-256 differs. A
 * file with its recorded size and mtime is taken as unchanged; any other is re-hashed.
 */
export async function fileStateOf(recorded: RecordedFile): Promise<FileState> {
  try {
    const stat = statOrNull(recorded.filePath);
    if (!stat) return 'missing';
    const quick = stat.isDirectory() ? listFolder(recorded.filePath) : { size: stat.size, mtime: Math.floor(stat.mtimeMs) };
    if (quick.size === recorded.size && quick.mtime === recorded.fileMtime) return 'ok';
    const known = hashed.get(recorded.filePath);
    let sha256 = known && known.size === quick.size && known.mtime === quick.mtime ? known.sha256 : null;
    if (sha256 === null) {
      const digest = await digestPath(recorded.filePath);
      remember(recorded.filePath, digest);
      sha256 = digest.sha256;
    }
    return sha256 === recorded.sha256 ? 'ok' : 'changed';
  } catch {
    // A dangling link, gone between the stat and the read, now a FIFO, no longer readable: not the registered file.
    return 'missing';
  }
}

/**
 * Copies the registered file or folder to `<dataDir>/registry/<sha256>/<name>`
 * (reused when already there), and checks the copy's SHA-256 against the
 * registered one. Returns the copy's path.
 */
export async function keepCopyOf(dataDir: string, source: string, digest: FileDigest): Promise<string> {
  const folder = path.join(dataDir, 'registry', digest.sha256);
  const target = path.join(folder, path.basename(source));
  if (fs.existsSync(target) && (await digestPath(target)).sha256 === digest.sha256) return target;
  fs.mkdirSync(folder, { recursive: true });
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  try {
    if (digest.kind === 'folder') {
      fs.cpSync(source, partial, { recursive: true, filter: (from) => !fs.lstatSync(from).isSymbolicLink() });
    } else {
      fs.copyFileSync(source, partial);
    }
    if ((await digestPath(partial)).sha256 !== digest.sha256) {
      throw new RequestFailed('unreadable', `${source} changed while it was being copied: register it again once it is written`);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target);
    return target;
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
}
