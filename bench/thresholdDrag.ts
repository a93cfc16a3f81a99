// Dragging the threshold over 1,000,000 predictions in Chromium, through
// Playwright (issue 16): the matrix, the metrics, the markers on every curve
// and the fairness table follow each frame with no request to the backend.
// Figures: the p95 time between animation frames while dragging (target
// <= 17 ms), against the same page's idle frames measured just before (the
// baseline, ~16.7 ms at 60 Hz); and how long the page took to load the set.
//   node dist/bench/thresholdDrag.cjs            (ROWS=1000000 by default)
import { chromium, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../electron/backend/backend';
import { generatePredictionRun } from './generate/predictions';
import { serve } from './lib/serve';

declare const window: any, requestAnimationFrame: (callback: (time: number) => void) => void, performance: any;

const rows = Number(process.env.ROWS ?? 1_000_000);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/** Frame-to-frame times in the page while `work` runs. */
async function frameTimesDuring(page: Page, work: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (now: number) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await work();
  return page.evaluate(() => {
    window.__recording = false;
    return (window.__frames as number[]).slice(1);
  });
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-drag-'));
  const project = path.join(root, 'project');
  const dataDir = path.join(root, 'data');
  generatePredictionRun(project, rows);
  const backend = await createBackend({ dataDir, mode: 'cli', version: 'bench', emit: () => {}, watch: false });
  const added = await backend.send('projects/add', { path: project });
  if (!added.ok) throw new Error(added.error.message);
  const list = await backend.send('runs/list', {});
  if (!list.ok) throw new Error(list.error.message);
  const runId = list.value[0].id;
  await backend.close();

  const server = await serve(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    let answered = 0;
    page.on('requestfinished', (request) => {
      if (request.url().includes('/api/evaluation/load')) answered = Date.now();
    });
    const started = Date.now();
    await page.goto(`${server.url.replace(/#.*$/, '')}#token=${/token=([0-9a-f]+)/.exec(server.url)![1]}`);
    await page.evaluate(([id]) => (window.location.hash = `#/evaluation?run=${id}&set=artifacts/predictions/test.csv`), [runId]);
    const shots = path.join(path.resolve(__dirname, '..', '..'), 'test-results', 'screens');
    fs.mkdirSync(shots, { recursive: true });
    // The progress bar while the worker reads the file, if the read is slow enough to see it.
    const progress = page.getByTestId('evaluation-progress');
    if (await progress.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
      await page.screenshot({ path: path.join(shots, 'evaluation-progress-1m-light.png') });
    }
    const slider = page.getByTestId('threshold-slider');
    await slider.waitFor({ timeout: 300_000 });
    await page.getByTestId('metric-accuracy').waitFor({ timeout: 300_000 });
    const loadSeconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(1000);

    const idle = await frameTimesDuring(page, () => page.waitForTimeout(2000));
    const thumb = slider.locator('.mantine-Slider-thumb').first();
    const track = await slider.boundingBox();
    if (!track) throw new Error('The threshold slider has no box');
    const before = await page.getByTestId('metric-accuracy').textContent();
    const moves = 240;
    const drag = await frameTimesDuring(page, async () => {
      const box = await thumb.boundingBox();
      const y = (box?.y ?? track.y) + (box?.height ?? track.height) / 2;
      await page.mouse.move((box?.x ?? track.x) + (box?.width ?? 0) / 2, y);
      await page.mouse.down();
      for (let i = 0; i <= moves; i++) {
        const t = i / moves;
        const sweep = t < 0.5 ? t * 2 : 2 - t * 2; // left to right and back
        await page.mouse.move(track.x + 4 + sweep * (track.width - 8), y);
      }
      await page.mouse.up();
    });
    const after = await page.getByTestId('metric-accuracy').textContent();
    await page.screenshot({ path: path.join(shots, 'evaluation-1m-light.png') });
    const idleP95 = percentile(idle, 0.95);
    const dragP95 = percentile(drag, 0.95);
    console.log(`threshold drag over ${rows.toLocaleString('en-US')} predictions in Chromium (${moves} pointer moves):`);
    console.log(`  load of the set until the metrics show: ${loadSeconds.toFixed(1)} s (the backend's answer arrived after ${((answered - started) / 1000).toFixed(1)} s)`);
    console.log(`  idle frames (baseline): p50 ${percentile(idle, 0.5).toFixed(1)} ms, p95 ${idleP95.toFixed(1)} ms (${idle.length} frames)`);
    console.log(`  while dragging:         p50 ${percentile(drag, 0.5).toFixed(1)} ms, p95 ${dragP95.toFixed(1)} ms, max ${Math.max(...drag).toFixed(1)} ms (${drag.length} frames)`);
    console.log(`  ratio p95 drag / p95 idle: ${(dragP95 / idleP95).toFixed(2)} (target: p95 <= 17 ms)`);
    console.log(`  accuracy shown before / after the sweep: ${before} / ${after}`);
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
