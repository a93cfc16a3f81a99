// Scoring end to end in Chromium against the real server and its workers:
// inspect the iris forest, score a labeled CSV of 300,000 rows while the
// progress moves, land on its confusion matrix (scikit-learn's, times the
// copies); change a what-if value and watch the probabilities move; confirm
// the feature order of a model that names none; and permutation importance.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { shoot } from './screens';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';

declare const document: any, MutationObserver: any, window: any;

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const irisCsv = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'iris', 'test.csv');
const expected = JSON.parse(fs.readFileSync(path.join(models, 'expected_test_predictions.json'), 'utf8')) as Record<string, number[][]>;
const classes = ['setosa', 'versicolor', 'virginica'];
const COPIES = 5_000;

let server: ServerProcess;
let folder: string;
test.beforeEach(async () => {
  folder = tempFolder('runlens-e2e-scoring-');
  server = await startRunlensServer();
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.error(`--- runlens serve printed:\n${server.output()}`);
  await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The iris test rows' confusion counts by scikit-learn's probabilities (arg-max), as [true][predicted]. */
function referenceCounts(): number[][] {
  const labels = fs.readFileSync(irisCsv, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[4]);
  const counts = classes.map(() => classes.map(() => 0));
  expected.iris_forest.forEach((p, row) => (counts[classes.indexOf(labels[row])][p.indexOf(Math.max(...p))] += 1));
  return counts;
}

/** The iris test rows repeated `copies` times under one header. */
function repeatedIris(copies: number): string {
  const [header, ...rows] = fs.readFileSync(irisCsv, 'utf8').trim().split(/\r?\n/);
  const file = path.join(folder, 'iris-many.csv');
  const block = `${rows.join('\n')}\n`;
  fs.writeFileSync(file, `${header}\n${block.repeat(copies)}`);
  return file;
}

async function openScoring(page: Page, model: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 2200 });
  await page.goto(server.url);
  await page.evaluate("window.location.hash = '#/scoring'");
  await page.getByTestId('scoring-model-path').fill(model);
  await page.getByTestId('scoring-inspect').click();
  await expect(page.getByTestId('scoring-model-info')).toBeVisible({ timeout: 30_000 });
}

test('score a labeled CSV, watch its progress and land on its confusion matrix', async ({ page }) => {
  await page.goto(server.url);
  await page.evaluate("window.location.hash = '#/scoring'");
  await expect(page.getByTestId('scoring-view')).toBeVisible();
  await shoot(page, 'scoring-empty');

  await openScoring(page, path.join(models, 'iris_forest.onnx'));
  await expect(page.getByTestId('feature-order')).toHaveAttribute('data-source', 'metadata');
  const input = repeatedIris(COPIES);
  const output = path.join(folder, 'iris-scored.csv');
  await page.getByTestId('scoring-input').fill(input);
  await page.getByTestId('scoring-output').fill(output);
  // The one column that is not among the model's feature_names is offered as the label.
  await expect(page.getByTestId('scoring-label-column')).toHaveValue('species', { timeout: 30_000 });

  // Every state the progress text takes, as the page shows it.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const job = document.querySelector('[data-testid="scoring-job"]');
      const text = document.querySelector('[data-testid="scoring-progress-text"]');
      if (job && text) window.__progress.push({ status: job.getAttribute('data-status'), text: text.textContent });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByTestId('scoring-start').click();

  // The job ends and the app opens its evaluation by the job's id.
  await expect(page.getByTestId('multiclass-evaluation')).toBeVisible({ timeout: 120_000 });
  expect(page.url()).toContain('#/evaluation?job=');
  await expect(page.getByTestId('evaluation-job')).toBeVisible();
  const seen = (await page.evaluate(() => window.__progress)) as { status: string; text: string }[];
  const rows = COPIES * 60;
  const counted = (text: string) => Number(/^([\d,]+) rows/.exec(text)?.[1].replace(/,/g, '') ?? NaN);
  const partway = seen.filter((state) => state.status === 'running' && counted(state.text) > 0 && counted(state.text) < rows);
  expect(partway.length, `progress states seen: ${JSON.stringify(seen.slice(0, 20))}`).toBeGreaterThan(0);
  expect(partway.some((state) => /rows\/s/.test(state.text))).toBe(true);
  expect(seen.some((state) => state.status === 'finished' && counted(state.text) === rows)).toBe(true);

  const counts = referenceCounts();
  for (const [i, actual] of classes.entries()) {
    for (const [j, predicted] of classes.entries()) {
      const cell = page.locator(`[data-testid="confusion-matrix"] [data-testid="confusion-cell"][data-true="${actual}"][data-predicted="${predicted}"]`);
      await expect(cell).toHaveAttribute('data-count', String(counts[i][j] * COPIES));
    }
  }
  await shoot(page, 'scoring-job-evaluation');

  // The job is in the list, finished, with its row count.
  await page.evaluate("window.location.hash = '#/scoring'");
  const row = page.getByTestId('scoring-job-row').first();
  await expect(row).toHaveAttribute('data-status', 'finished');
  await expect(row).toContainText('300,000');
  await shoot(page, 'scoring-jobs');
});

async function probabilities(page: Page): Promise<number[]> {
  const bars = page.getByTestId('whatif-bar');
  return Promise.all(classes.map(async (name) => Number(await bars.and(page.locator(`[data-class="${name}"]`)).getAttribute('data-probability'))));
}

test('the what-if form: change a value and the probabilities move', async ({ page }) => {
  await openScoring(page, path.join(models, 'iris_forest.onnx'));
  await page.getByTestId('whatif-dataset').fill(irisCsv);
  await page.getByTestId('whatif-dataset-load').click();
  const petalLength = page.locator('[data-testid="whatif-field"][data-feature="petal_length"] [data-testid="whatif-input"]');
  await expect(petalLength).toHaveValue('1.9', { timeout: 30_000 }); // the first row: 5.1, 3.8, 1.9, 0.4, a setosa
  const prediction = page.getByTestId('whatif-prediction');
  await expect(prediction).toHaveAttribute('data-label', 'setosa', { timeout: 30_000 });
  const before = await probabilities(page);
  // The reference's own probabilities for this row (the fixture's first row is its first prediction).
  before.forEach((p, i) => expect(p).toBeCloseTo(expected.iris_forest[0][i], 5));
  await shoot(page, 'scoring-whatif');

  // Long petals: the forest leaves setosa.
  await petalLength.fill('6');
  const width = page.locator('[data-testid="whatif-field"][data-feature="petal_width"] [data-testid="whatif-input"]');
  await width.fill('2.2');
  await expect(prediction).not.toHaveAttribute('data-label', 'setosa', { timeout: 30_000 });
  await expect(prediction).toHaveAttribute('data-busy', 'false');
  const after = await probabilities(page);
  expect(after[0]).toBeLessThan(before[0]);
  expect(after.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  await shoot(page, 'scoring-whatif-changed');

  // Back to the reference row, and to its probabilities.
  await page.getByTestId('whatif-reset').click();
  await expect(petalLength).toHaveValue('1.9');
  await expect(prediction).toHaveAttribute('data-label', 'setosa');
  await expect.poll(() => probabilities(page)).toEqual(before);
});

test("a model that names no feature order: the CSV's columns, confirmed once", async ({ page }) => {
  await openScoring(page, path.join(models, 'iris_forest_zipmap.onnx'));
  await page.getByTestId('scoring-input').fill(irisCsv);
  const section = page.getByTestId('feature-order-section');
  await expect(section).toHaveAttribute('data-kind', 'proposed', { timeout: 30_000 });
  // The proposal is the file's columns; the label is one too many, until it is unticked.
  await expect(page.getByTestId('feature-order-issue')).toContainText('4 features; 5 columns');
  await expect(page.getByTestId('feature-order-confirm')).toBeDisabled();
  await shoot(page, 'scoring-feature-order-proposed');
  await page.getByRole('checkbox', { name: 'species' }).uncheck();
  await page.getByTestId('feature-order-confirm').click();
  await expect(page.getByTestId('feature-order')).toHaveAttribute('data-source', 'remembered', { timeout: 30_000 });
  await expect(page.getByTestId('feature-order')).toContainText('petal_width');
  await shoot(page, 'scoring-feature-order-remembered');

  // Remembered by the model's SHA-256: a fresh page knows it.
  await page.reload();
  await page.evaluate("window.location.hash = '#/scoring'");
  await page.getByTestId('scoring-model-path').fill(path.join(models, 'iris_forest_zipmap.onnx'));
  await page.getByTestId('scoring-inspect').click();
  await expect(page.getByTestId('feature-order')).toHaveAttribute('data-source', 'remembered', { timeout: 30_000 });
});

test('permutation importance: progress, then a sorted bar per feature', async ({ page }) => {
  await openScoring(page, path.join(models, 'iris_forest.onnx'));
  await page.getByTestId('importance-data').fill(irisCsv);
  await expect(page.getByTestId('importance-label')).toHaveValue('species', { timeout: 30_000 });
  await page.getByTestId('importance-start').click();
  const bars = page.getByTestId('importance-bar');
  await expect(bars).toHaveCount(4, { timeout: 60_000 });
  const progress = page.getByTestId('importance-progress');
  await expect(progress).toHaveAttribute('data-total', '4');
  await expect(progress).toHaveAttribute('data-done', '4');
  const means = await bars.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-mean'))));
  expect(means).toEqual([...means].sort((a, b) => b - a));
  // The petals carry the iris forest; the sepals barely move it.
  const top = await bars.first().getAttribute('data-feature');
  expect(['petal_length', 'petal_width']).toContain(top);
  await page.getByTestId('importance-chart').scrollIntoViewIfNeeded();
  await shoot(page, 'scoring-importance');
});
