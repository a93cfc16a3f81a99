// Reads a Parquet predictions table row by row, as strings, like the CSV
// reader: hyparquet (pure JavaScript, no dependencies, snappy built in)
// decodes it one row group at a time from a descriptor opened through
// safeFile, so a FIFO is refused and a cancel stops between row groups.
// A row's "line" is its position plus one, as if the file had a header line.
import fs from 'node:fs';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { RequestFailed } from '../handlerTypes';
import { openRegularFile } from '../sources/safeFile';
import type { TableReadOptions, TableReadSummary, TableVisitor } from './predictionTable';

/** Rows decoded first in a file: enough for a sample without decoding a whole row group. */
const firstSliceRows = 1024;

function fileBuffer(fd: number, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice(start: number, end = size) {
      const bytes = Buffer.alloc(Math.max(0, end - start));
      let read = 0;
      while (read < bytes.length) {
        const n = fs.readSync(fd, bytes, read, bytes.length - read, start + read);
        if (n === 0) break;
        read += n;
      }
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + read) as ArrayBuffer;
    },
  };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item));
}

export async function readParquetTable(file: string, visitor: TableVisitor, summary: TableReadSummary, options: TableReadOptions): Promise<void> {
  const { fd, stat } = openRegularFile(file);
  try {
    const buffer = fileBuffer(fd, stat.size);
    let metadata;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (error) {
      throw new RequestFailed('unreadable', `Not a Parquet file Runlens can read: ${(error as Error).message}`);
    }
    const columns = parquetSchema(metadata).children.map((child) => child.element.name);
    summary.hadHeader = true;
    visitor.header(columns);
    const totalRows = Number(metadata.num_rows);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = rowStart + Number(group.num_rows);
      // A short first slice, so a sample of a few rows (the mapping dialog) need not decode the whole group.
      for (let sliceStart = rowStart; sliceStart < groupEnd; ) {
        if (options.signal?.aborted) return;
        const sliceEnd = sliceStart === 0 ? Math.min(groupEnd, firstSliceRows) : groupEnd;
        let rows: unknown[][] = [];
        await parquetRead({ file: buffer, metadata, rowStart: sliceStart, rowEnd: sliceEnd, rowFormat: 'array', onComplete: (done: unknown[][]) => (rows = done) });
        for (let i = 0; i < rows.length; i++) {
          summary.rows += 1;
          if (visitor.row(rows[i].map(cellText), sliceStart + i + 2) === 'stop') return;
        }
        sliceStart = sliceEnd;
        options.onProgress?.(Math.round((stat.size * sliceStart) / Math.max(1, totalRows)), stat.size, summary.rows);
        // The reads are synchronous underneath: let the thread answer other requests between slices.
        await new Promise((resolve) => setImmediate(resolve));
      }
      rowStart = groupEnd;
    }
  } finally {
    fs.closeSync(fd);
  }
}
