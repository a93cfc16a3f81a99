// A Parquet file as the input of batch scoring, read with hyparquet (already
// the evaluation's Parquet reader: pure JavaScript, snappy built in). Rows
// come as text cells, the shape the CSV reader gives, so the casts, the
// missing-value policy and the error messages are the CSV path's own: a null
// is an empty cell, a NaN is "NaN". Batches hold `batchRows` rows across row
// groups, as the CSV's do, so the same data scores to the same bytes (the
// model's sums depend on the batch size in their last digits). Rows are
// decoded in spans of about 4M cells within one row group: a span is whole
// pages (a page is re-decoded only where a span cuts it), and the group's
// compressed bytes are read once and kept while its spans are decoded. Memory
// is one group's compressed bytes plus one span, however large the file is.
// Rows are counted from 1 in errors ("Row 3"): a Parquet file has no header line.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parquetMetadata, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { openRegularFile, readAt, withRegularFile } from '../sources/safeFile';
import { ScoringCancelled, ScoringInputError, type BatchReading } from './batchScore';

/** Whether an input is read as Parquet: by its extension, whatever its case. */
export const isParquet = (file: string): boolean => file.toLowerCase().endsWith('.parquet');

/** A cell as the CSV writer would have written it: null is empty, NaN is "NaN", a list or struct is JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // String() gives the shortest text that reads back to the same double, so the cast loses nothing.
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item));
}

/** The footer's metadata, read synchronously (the header of a file must not wait on a row). */
function metadataOf(fd: number, size: number): FileMetaData {
  const fail = (why: string) => new ScoringInputError(`The input is not a Parquet file Runlens can read: ${why}`);
  if (size < 12) throw fail('it is too short');
  const tail = readAt(fd, size - 8, 8);
  if (tail.toString('latin1', 4) !== 'PAR1') throw fail('it does not end with PAR1');
  const length = tail.readUInt32LE(0);
  if (length > size - 12) throw fail(`its footer claims ${length} bytes`);
  const footer = readAt(fd, size - length - 8, length + 8);
  try {
    return parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.length) as ArrayBuffer);
  } catch (error) {
    throw fail((error as Error).message);
  }
}

const columnsOf = (metadata: FileMetaData): string[] => parquetSchema(metadata).children.map((child) => child.element.name);

/**
 * The file as hyparquet reads it, keeping the byte ranges it asked for until
 * `forget`: without an offset index hyparquet fetches a group's whole column
 * chunks for any rows of it, and each batch would read them again.
 */
function groupBuffer(fd: number, size: number): AsyncBuffer & { forget(): void } {
  const kept = new Map<string, ArrayBuffer>();
  return {
    byteLength: size,
    slice(start: number, end = size) {
      const key = `${start}:${end}`;
      let bytes = kept.get(key);
      if (!bytes) {
        const read = readAt(fd, start, end - start);
        bytes = read.buffer.slice(read.byteOffset, read.byteOffset + read.length) as ArrayBuffer;
        kept.set(key, bytes);
      }
      return bytes;
    },
    forget: () => kept.clear(),
  };
}

async function rowsBetween(file: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  try {
    await parquetRead({ file, metadata, rowStart, rowEnd, rowFormat: 'array', onComplete: (done: unknown[][]) => (rows = done) });
  } catch (error) {
    throw new ScoringInputError(`Rows ${rowStart + 1}-${rowEnd} of the Parquet file cannot be read: ${(error as Error).message}`);
  }
  return rows;
}

/** The Parquet file's column names, from its schema (no row is decoded). */
export function parquetHeader(file: string): string[] {
  return withRegularFile(file, (fd, stat) => columnsOf(metadataOf(fd, stat.size)));
}

/** The column names, then the first `records - 1` rows as text: what recordsAtStart gives for a CSV. */
export async function parquetRecordsAtStart(file: string, records: number): Promise<string[][]> {
  const { fd, stat } = openRegularFile(file);
  try {
    const metadata = metadataOf(fd, stat.size);
    const rowEnd = Math.min(Number(metadata.num_rows), Math.max(0, records - 1));
    const rows = rowEnd > 0 ? await rowsBetween(groupBuffer(fd, stat.size), metadata, 0, rowEnd) : [];
    return [columnsOf(metadata), ...rows.map((row) => row.map(cellText))];
  } finally {
    fs.closeSync(fd);
  }
}

const yieldThread = () => new Promise((resolve) => setImmediate(resolve));

/** The file's SHA-256, read in 4 MiB steps that let a cancel through. */
async function sha256Of(fd: number, size: number, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256');
  const step = 4 * 1024 * 1024;
  for (let at = 0; at < size; at += step) {
    if (signal?.aborted) throw new ScoringCancelled();
    hash.update(readAt(fd, at, Math.min(step, size - at)));
    await yieldThread();
  }
  return hash.digest('hex');
}

/**
 * Cells decoded at a time: about 100 MB as rows of numbers. 1 MiB pages (pyarrow's
 * and hyparquet-writer's default) hold about 131k doubles, so a span of fewer rows
 * would decode each page once per span that touches it.
 */
const spanCells = 1 << 22;

/** Feeds the file to `reading` a batch at a time, in row order; returns its SHA-256. */
export async function readParquetBatches(file: string, reading: BatchReading): Promise<string> {
  const { fd, stat } = openRegularFile(file);
  try {
    const metadata = metadataOf(fd, stat.size);
    const columns = columnsOf(metadata);
    await reading.onHeader(columns);
    const buffer = groupBuffer(fd, stat.size);
    const totalRows = Math.max(1, Number(metadata.num_rows));
    const spanRows = Math.max(reading.batchRows, Math.floor(spanCells / Math.max(1, columns.length)));
    let batch: string[][] = [];
    let rowsSent = 0;
    const send = async () => {
      if (reading.signal?.aborted) throw new ScoringCancelled();
      const values = batch;
      batch = [];
      const lines = values.map((_, i) => rowsSent + i + 1);
      rowsSent += values.length;
      await reading.onBatch({ values, lines, unit: 'Row' }, Math.round((stat.size * rowsSent) / totalRows));
      // The reads and the decoding are synchronous: let a cancel (a worker message) arrive between batches.
      await yieldThread();
    };
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      buffer.forget();
      for (let spanStart = groupStart; spanStart < groupEnd; spanStart += spanRows) {
        if (reading.signal?.aborted) throw new ScoringCancelled();
        const rows = await rowsBetween(buffer, metadata, spanStart, Math.min(groupEnd, spanStart + spanRows));
        for (const row of rows) {
          batch.push(row.map(cellText));
          if (batch.length === reading.batchRows) await send();
        }
      }
      groupStart = groupEnd;
    }
    buffer.forget();
    if (batch.length) await send();
    return await sha256Of(fd, stat.size, reading.signal);
  } finally {
    fs.closeSync(fd);
  }
}
