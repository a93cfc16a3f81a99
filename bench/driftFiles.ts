// `runlens drift` end to end on two CSV files of 1,000,000 rows × 30
// numerical columns (issue 19): both files streamed into typed columns
// (drift/frameCsv.ts, csv-parse underneath) and compared with distributions
// (drift/compare.ts). Baseline, in the same process: csv-parse streaming both
// files with every record dropped, the least a CSV reader can do. Target:
// streaming, peak RSS under 1 GB (the files are about 2 × 200 MB).
//   node dist/bench/driftFiles.cjs        (ROWS=1000000 COLUMNS=30 by default)
import { parse } from 'csv-parse';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareFiles } from '../electron/backend/drift/compare';
import { collectGarbage, withPeakRssAsync } from './lib/memory';
import { seededRandom } from './lib/random';

const rows = Number(process.env.ROWS ?? 1_000_000);
const columnCount = Number(process.env.COLUMNS ?? 30);
const targetPeakBytes = 1024 ** 3;

/** Normal values; the current side shifts every third column. Written in chunks, never one string. */
function writeCsv(file: string, seed: number, current: boolean): void {
  const random = seededRandom(seed);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${Array.from({ length: columnCount }, (_, c) => `feature ${c}`).join(',')}\n`);
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      const cells = new Array<string>(columnCount);
      for (let c = 0; c < columnCount; c++) {
        const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        cells[c] = (10 + c + normal + (current && c % 3 === 0 ? 0.3 : 0)).toFixed(5);
      }
      chunk.push(cells.join(','));
      if (chunk.length === 10_000) {
        fs.writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/** csv-parse over the file, every record dropped: the baseline. */
async function parseOnly(file: string): Promise<number> {
  let records = 0;
  for await (const _record of fs.createReadStream(file).pipe(parse({ relax_column_count: true }))) records++;
  return records;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  console.log(`Runlens drift files benchmark: 2 CSV files of ${rows.toLocaleString('en-US')} rows × ${columnCount} columns, node ${process.version}, ${os.cpus().length} CPUs`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-drift-files-'));
  try {
    const reference = path.join(folder, 'reference.csv');
    const current = path.join(folder, 'current.csv');
    writeCsv(reference, 1, false);
    writeCsv(current, 2, true);
    console.log(`files: ${mib(fs.statSync(reference).size)} + ${mib(fs.statSync(current).size)} (not timed)`);
    collectGarbage();
    let started = performance.now();
    const parsed = (await parseOnly(reference)) + (await parseOnly(current));
    const baselineMs = performance.now() - started;
    collectGarbage();
    started = performance.now();
    const { result: report, rss } = await withPeakRssAsync(() => compareFiles(reference, current));
    const compareMs = performance.now() - started;
    console.log(`  baseline: csv-parse of both files, records dropped (${parsed.toLocaleString('en-US')} records)  ${baselineMs.toFixed(0)} ms`);
    console.log(`  compareFiles (read into columns, compare, distributions)            ${compareMs.toFixed(0)} ms   ratio ${(compareMs / baselineMs).toFixed(2)}`);
    console.log(`  drifted columns ${report.dataset.drifted} of ${report.dataset.columns}`);
    console.log(`  peak RSS ${mib(rss.peakBytes)} (before ${mib(rss.beforeBytes)}); ${rss.peakBytes < targetPeakBytes ? 'under' : 'OVER'} the 1 GB target`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
