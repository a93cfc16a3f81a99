// The static route of the browser-mode server: reads a file of the built
// renderer for a request path. Only regular files whose real path lies inside
// the real renderer folder are served, so a planted symlink cannot reach
// /etc/passwd and a FIFO or device is never opened for reading.
import fs from 'node:fs';
import path from 'node:path';

export type StaticFile =
  | { status: 200; contentType: string; data: Buffer }
  | { status: 400 | 404; message: string };

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// O_NONBLOCK: should a FIFO replace the file between the check and the open,
// the open returns at once instead of waiting for a writer (fstat then refuses
// it). O_NOFOLLOW: nor may a symlink replace it. Windows has neither flag.
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

const notFound: StaticFile = { status: 404, message: 'Not found' };

/** The request path as a path relative to the folder, or null when it cannot name a file. */
function relativePath(pathname: string): string | null {
  if (pathname === '/') return 'index.html';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // a malformed escape such as %ff
  }
  if (decoded.includes('\0')) return null; // fs calls throw on NUL
  return decoded.replace(/^\/+/, '');
}

function isInside(folder: string, file: string): boolean {
  return file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/** Reads the file `pathname` names in `staticDir`, or says why not. Never throws. */
export async function readStaticFile(staticDir: string, pathname: string): Promise<StaticFile> {
  const relative = relativePath(pathname);
  if (relative === null) return { status: 400, message: 'Malformed path' };
  try {
    const root = await fs.promises.realpath(staticDir);
    const file = path.resolve(root, relative);
    if (!isInside(root, file)) return notFound;
    const real = await fs.promises.realpath(file);
    if (!isInside(root, real) || !(await fs.promises.lstat(real)).isFile()) return notFound;
    const handle = await fs.promises.open(real, openFlags);
    try {
      if (!(await handle.stat()).isFile()) return notFound;
      return { status: 200, contentType: mimeTypes[path.extname(file)] ?? 'application/octet-stream', data: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch {
    return notFound; // missing, unreadable, or swapped while we looked
  }
}
