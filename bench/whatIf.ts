// The what-if form's answer time in Chromium, through Playwright (issue 17):
// from a field's change (an input event) to the new prediction on screen,
// for the iris forest and the breast-cancer logistic regression (30 fields).
// Baseline, in the same page and run: the same `scoring/predict` request
// posted with fetch and its answer parsed, with no form, store or render.
// Target: the form answers within 50 ms (p95).
//   node dist/bench/whatIf.cjs            (CHANGES=60 per model by default)
import { chromium, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './lib/serve';

declare const window: any, document: any, performance: any, fetch: any, MutationObserver: any;

const repoRoot = path.resolve(__dirname, '..', '..');
const changes = Number(process.env.CHANGES ?? 60);

interface Case {
  name: string;
  model: string;
  dataset: string;
  feature: string;
  /** Two values the field alternates between, so each change is a real one. */
  values: [number, number];
}

const cases: Case[] = [
  { name: 'iris forest (4 fields)', model: 'iris_forest.onnx', dataset: 'datasets/iris/test.csv', feature: 'petal_length', values: [1.9, 5.5] },
  { name: 'breast-cancer logistic regression (30 fields)', model: 'breast_cancer_logreg.onnx', dataset: 'datasets/breast_cancer/test.csv', feature: 'mean radius', values: [12, 20] },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/**
 * Milliseconds from each change of the field (its input event, typed by
 * Playwright as a user would) to the frame that paints the answer: the
 * prediction panel turns busy, then not.
 */
async function formTimes(page: Page, feature: string, values: [number, number], count: number): Promise<number[]> {
  const field = page.locator(`[data-testid="whatif-field"][data-feature="${feature}"] [data-testid="whatif-input"]`);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.evaluate((feature) => {
      const input = document.querySelector(`[data-testid="whatif-field"][data-feature="${feature}"] [data-testid="whatif-input"]`);
      const panel = document.querySelector('[data-testid="whatif-prediction"]');
      window.__answer = new Promise<number>((resolve, reject) => {
        let started: number | null = null;
        let wasBusy = false;
        input.addEventListener('input', (event: any) => (started ??= event.timeStamp), { capture: true });
        const observer = new MutationObserver(() => {
          const busy = panel.getAttribute('data-busy') === 'true';
          if (busy) wasBusy = true;
          else if (wasBusy && started !== null) {
            observer.disconnect();
            window.requestAnimationFrame(() => resolve(performance.now() - started!));
          }
        });
        observer.observe(panel, { attributes: true, subtree: true, childList: true });
        setTimeout(() => reject(new Error('No answer within 10 s')), 10_000);
      });
    }, feature);
    const next = Number(await field.inputValue()) === values[0] ? values[1] : values[0]; // a real change, whatever the field holds
    await field.fill(String(next));
    times.push(await page.evaluate(() => window.__answer));
    await page.waitForTimeout(20);
  }
  return times;
}

/** Milliseconds for the bare request: fetch, the worker's answer, JSON parsed. */
async function requestTimes(page: Page, token: string, modelPath: string, row: Record<string, number>, feature: string, values: [number, number], count: number): Promise<number[]> {
  return page.evaluate(
    async ({ token, modelPath, row, feature, values, count }) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        const response = await fetch('/api/scoring/predict', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ model: { kind: 'file', path: modelPath }, rows: [{ ...row, [feature]: values[i % 2] }] }),
        });
        const answer = JSON.parse(await response.text());
        if (!answer.ok) throw new Error(answer.error.message);
        times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return times;
    },
    { token, modelPath, row, feature, values, count },
  );
}

/** The form's current values, read from its fields (what the bare request sends too). */
async function formRow(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const row: Record<string, number> = {};
    for (const field of document.querySelectorAll('[data-testid="whatif-field"]')) {
      const input = field.querySelector('[data-testid="whatif-input"]');
      row[field.getAttribute('data-feature')] = Number(input.value);
    }
    return row;
  });
}

async function measure(page: Page, url: string, token: string, benchCase: Case): Promise<void> {
  const fixtures = path.join(repoRoot, 'test', 'fixtures');
  const modelPath = path.join(fixtures, 'models', benchCase.model);
  await page.goto(url);
  await page.evaluate(() => (window.location.hash = '#/scoring'));
  await page.getByTestId('scoring-model-path').fill(modelPath);
  await page.getByTestId('scoring-inspect').click();
  await page.getByTestId('scoring-model-info').waitFor({ timeout: 60_000 });
  await page.getByTestId('whatif-dataset').fill(path.join(fixtures, benchCase.dataset));
  await page.getByTestId('whatif-dataset-load').click();
  await page.locator('[data-testid="whatif-prediction"][data-busy="false"] [data-testid="whatif-bar"]').first().waitFor({ timeout: 60_000 });
  const row = await formRow(page);
  // Warm both paths (the worker opens the model on its first request).
  await requestTimes(page, token, modelPath, row, benchCase.feature, benchCase.values, 5);
  await formTimes(page, benchCase.feature, benchCase.values, 5);
  const baseline = await requestTimes(page, token, modelPath, row, benchCase.feature, benchCase.values, changes);
  const form = await formTimes(page, benchCase.feature, benchCase.values, changes);
  const line = (times: number[]) => `p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
  console.log(`${benchCase.name}, ${changes} changes of "${benchCase.feature}":`);
  console.log(`  bare scoring/predict request (baseline): ${line(baseline)}`);
  console.log(`  form change to the answer on screen:      ${line(form)}`);
  console.log(`  ratio p50 form / p50 request: ${(percentile(form, 0.5) / percentile(baseline, 0.5)).toFixed(2)}; form p95 ${percentile(form, 0.95) <= 50 ? '<=' : '>'} 50 ms target`);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-whatif-'));
  const server = await serve(dataDir);
  const token = /token=([0-9a-f]+)/.exec(server.url)![1];
  const browser = await chromium.launch({
    executablePath: process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    for (const benchCase of cases) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
      await measure(page, server.url, token, benchCase);
      await page.close();
    }
  } finally {
    await browser.close();
    server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
