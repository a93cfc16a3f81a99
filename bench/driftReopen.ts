// A drift monitor of 50 batches reopened in Chromium with no new files
// (issue 19): from setting `#/drift/<id>` in a loaded app to its charts on
// screen (the over-time chart holding a point per batch, the columns table
// and its sparklines). Baseline, in the same browser and run: a bare page
// load of the app (navigation to the shell drawn). Target: under 1 second.
//   node dist/bench/driftReopen.cjs        (BATCHES=50, REPEATS=5 by default)
import { chromium, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from './lib/random';
import { serve } from './lib/serve';

declare const window: any, document: any, performance: any;

const repoRoot = path.resolve(__dirname, '..', '..');
const batches = Number(process.env.BATCHES ?? 50);
const repeats = Number(process.env.REPEATS ?? 5);
const fixtures = path.join(repoRoot, 'test', 'fixtures');
const train = path.join(fixtures, 'datasets', 'breast_cancer', 'train.csv');
const model = path.join(fixtures, 'models', 'breast_cancer_logreg.onnx');

/** Weekly batches of 150 rows resampled from train.csv, the later ones shifted upward. */
function writeBatches(folder: string): void {
  const [header, ...rows] = fs.readFileSync(train, 'utf8').trim().split('\n');
  const names = header.split(',');
  const random = seededRandom(19);
  const start = Date.UTC(2025, 0, 6);
  for (let b = 0; b < batches; b++) {
    const shift = 1 + (0.3 * b) / batches;
    const lines = [header];
    for (let r = 0; r < 150; r++) {
      const cells = rows[Math.floor(random() * rows.length)].split(',');
      lines.push(cells.map((cell, c) => (names[c] === 'clinic' || names[c] === 'target' ? cell : String(Number(cell) * shift * (0.98 + 0.04 * random())))).join(','));
    }
    const day = new Date(start + b * 7 * 86_400_000).toISOString().slice(0, 10);
    const file = path.join(folder, `${day}.csv`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    // Written a minute ago, as a folder of past batches is: no file is still being written.
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
  }
}

function runlens(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'cli.cjs'), ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

/** Milliseconds from navigation start to the app's shell (the area navigation) drawn. */
async function bareLoad(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('navigation').first().waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

/** Milliseconds from the hash naming the monitor to its charts drawn with every batch. */
async function openMonitor(page: Page, id: number): Promise<number> {
  await page.evaluate(() => (window.location.hash = '#/drift'));
  await page.getByTestId('drift-monitors').waitFor({ timeout: 60_000 });
  return page.evaluate(
    ({ id, batches }) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const drawn = () =>
          document.querySelectorAll('[data-testid="share-chart"] [data-testid="share-chart-point"]').length >= batches &&
          document.querySelectorAll('[data-testid="drift-columns-table"] [data-testid="sparkline"]').length > 0;
        const poll = () => {
          if (drawn()) window.requestAnimationFrame(() => resolve(performance.now() - started));
          else if (performance.now() - started > 30_000) reject(new Error('The monitor did not show its charts within 30 s'));
          else window.requestAnimationFrame(poll);
        };
        window.location.hash = `#/drift/${id}`;
        poll();
      }),
    { id, batches },
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-drift-reopen-'));
  const dataDir = path.join(root, 'data');
  const folder = path.join(root, 'monitoring');
  fs.mkdirSync(folder);
  writeBatches(folder);
  const added = JSON.parse(runlens(dataDir, ['monitor', 'add', 'bench', '--reference', train, '--folder', folder, '--model', model, '--json'])) as { id: number; batches: number };
  if (added.batches !== batches) throw new Error(`The monitor computed ${added.batches} batches, not ${batches}`);
  console.log(`Monitor ${added.id}: ${added.batches} batches computed`);
  const server = await serve(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const loads: number[] = [];
    const opens: number[] = [];
    await bareLoad(page, server.url); // warm the server's static files
    for (let i = 0; i < repeats; i++) {
      loads.push(await bareLoad(page, server.url));
      opens.push(await openMonitor(page, added.id));
    }
    console.log(`${batches} batches, ${repeats} repeats (median):`);
    console.log(`  bare page load to the app shell (baseline): ${median(loads).toFixed(0)} ms`);
    console.log(`  monitor opened to its charts:               ${median(opens).toFixed(0)} ms (max ${Math.max(...opens).toFixed(0)} ms)`);
    console.log(`  ratio ${(median(opens) / median(loads)).toFixed(2)}; ${median(opens) < 1000 ? 'under' : 'OVER'} the 1 s target`);
  } finally {
    await browser.close();
    server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
