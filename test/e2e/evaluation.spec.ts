// The evaluation views end to end in Chromium against the real server, on the
// project the Python logger wrote (test/fixtures/evaluation/project): open a
// run's predictions from its panel, type and drag the threshold and check the
// matrix against scikit-learn's labels and scores for that threshold, switch
// normalization, pick the group column and read the fairness table; map a
// plain CSV in the dialog; a multiclass set; and a bad mapping's error.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { shoot } from './screens';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'evaluation');
interface Case {
  name: string;
  y_true: number[];
  scores: number[];
  groups: string[] | null;
  expected: Record<string, any>;
}
const reference = JSON.parse(fs.readFileSync(path.join(fixture, 'reference', 'reference.json'), 'utf8')) as { cases: Case[] };
const logreg = reference.cases.find((c) => c.name === 'breast_cancer_logreg')!;

let server: ServerProcess;
let project: string;
test.beforeEach(async () => {
  project = tempFolder('runlens-e2e-evaluation-');
  fs.cpSync(path.join(fixture, 'project'), project, { recursive: true });
  server = await startRunlensServer(['--project', project]);
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.error(`--- runlens serve printed:\n${server.output()}`);
  await server.stop();
  fs.rmSync(project, { recursive: true, force: true });
});

/** Opens a run's panel from the runs table and evaluates one of its prediction sets. */
async function evaluateFromPanel(page: Page, runName: string, setPath: string): Promise<void> {
  await page.evaluate("window.location.hash = '#/runs'");
  const row = page.locator(`[data-testid="run-row"][data-run-name="${runName}"]`);
  await row.click();
  const set = page.getByTestId('run-drawer').locator(`[data-testid="prediction-set"][data-set-path="${setPath}"]`);
  await set.getByTestId('evaluate-set').click();
}

/** scikit-learn's confusion counts at `threshold` (score >= threshold is positive), from the reference's labels and scores. */
function countsAt(threshold: number, rows: number[] = logreg.y_true.map((_, i) => i)) {
  const counts = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (const i of rows) {
    const predicted = logreg.scores[i] >= threshold;
    if (logreg.y_true[i] === 1) counts[predicted ? 'tp' : 'fn'] += 1;
    else counts[predicted ? 'fp' : 'tn'] += 1;
  }
  return counts;
}

const cell = (page: Page, actual: string, predicted: string) => page.locator(`[data-testid="confusion-matrix"] [data-testid="confusion-cell"][data-true="${actual}"][data-predicted="${predicted}"]`);

async function expectMatrix(page: Page, threshold: number): Promise<void> {
  const counts = countsAt(threshold);
  await expect(cell(page, '0', '0')).toHaveAttribute('data-count', String(counts.tn));
  await expect(cell(page, '0', '1')).toHaveAttribute('data-count', String(counts.fp));
  await expect(cell(page, '1', '0')).toHaveAttribute('data-count', String(counts.fn));
  await expect(cell(page, '1', '1')).toHaveAttribute('data-count', String(counts.tp));
}

async function shownThreshold(page: Page): Promise<number> {
  return Number(await page.getByTestId('threshold-slider').getAttribute('data-threshold'));
}

test('drag the threshold, switch normalization and read the fairness table', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(server.url);
  await evaluateFromPanel(page, 'breast-cancer-logreg', 'artifacts/predictions/test.csv');
  await expect(page.getByTestId('binary-evaluation')).toBeVisible({ timeout: 30_000 });
  expect(page.url()).toContain('#/evaluation?run=');

  // At 0.5, as scikit-learn computed it (reference.json: confusion_matrix(y, p >= 0.5)).
  const at = logreg.expected.at['0.5'];
  await expectMatrix(page, 0.5);
  expect(at.confusion.value).toEqual([
    [countsAt(0.5).tn, countsAt(0.5).fp],
    [countsAt(0.5).fn, countsAt(0.5).tp],
  ]);
  for (const name of ['accuracy', 'f1', 'mcc']) {
    expect(Number(await page.getByTestId(`metric-${name}`).getAttribute('data-value'))).toBeCloseTo(at[name].value, 12);
  }
  expect(Number(await page.getByTestId('metric-roc_auc').getAttribute('data-value'))).toBeCloseTo(logreg.expected.roc_auc.value, 12);

  // A typed threshold.
  const input = page.getByTestId('threshold-input');
  await input.fill('0.3');
  await expect.poll(() => shownThreshold(page)).toBe(0.3);
  await expectMatrix(page, 0.3);
  expect(Number(await page.getByTestId('metric-precision').getAttribute('data-value'))).toBeCloseTo(logreg.expected.at['0.3'].precision.value, 12);

  // At 0 every row is predicted positive: the Matthews correlation is undefined, and the view says why.
  await input.fill('0');
  await expect(page.getByTestId('metric-mcc')).toHaveAttribute('data-undefined', 'true');
  await expect(page.getByTestId('metric-mcc-reason')).toContainText('one class');
  await expectMatrix(page, 0);

  // Dragged: wherever the thumb stops, the matrix is the reference's count at that threshold.
  const slider = page.getByTestId('threshold-slider');
  const thumb = slider.locator('.mantine-Slider-thumb');
  const track = (await slider.boundingBox())!;
  const box = (await thumb.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width / 2 + (i / 20) * (track.x + track.width * 0.8 - box.x), box.y + box.height / 2);
  await page.mouse.up();
  const dragged = await shownThreshold(page);
  expect(dragged).not.toBe(0.3);
  await expectMatrix(page, dragged);
  const counts = countsAt(dragged);
  expect(Number(await page.getByTestId('metric-accuracy').getAttribute('data-value'))).toBeCloseTo((counts.tp + counts.tn) / logreg.y_true.length, 12);

  // Normalized over the true rows: each row of the matrix sums to 1.
  await page.getByTestId('confusion-normalization').getByText('True (rows)').click();
  const trueNegativeRate = counts.tn / (counts.tn + counts.fp);
  await expect.poll(async () => Number(await cell(page, '0', '0').textContent())).toBeCloseTo(trueNegativeRate, 3);

  // The fairness table by clinic, at the dragged threshold.
  await page.getByTestId('fairness-column').click();
  await page.getByRole('option', { name: /clinic/ }).click();
  await expect(page.getByTestId('fairness-row')).toHaveCount(3);
  for (const group of ['east', 'north', 'south']) {
    const members = logreg.groups!.map((g, i) => (g === group ? i : -1)).filter((i) => i >= 0);
    const selected = members.filter((i) => logreg.scores[i] >= dragged).length;
    const row = page.locator(`[data-testid="fairness-row"][data-group="${group}"]`);
    expect(Number(await row.getAttribute('data-selection-rate'))).toBeCloseTo(selected / members.length, 12);
  }
  // And back at 0.5, against the reference's numpy lines (Fairlearn's definitions).
  await input.fill('0.5');
  await expect.poll(() => shownThreshold(page)).toBe(0.5);
  for (const expected of logreg.expected.fairness['0.5'].groups.value as { group: string; selectionRate: number; truePositiveRate: number }[]) {
    const row = page.locator(`[data-testid="fairness-row"][data-group="${expected.group}"]`);
    await expect.poll(async () => Number(await row.getAttribute('data-selection-rate'))).toBeCloseTo(expected.selectionRate, 12);
    expect(Number(await row.getAttribute('data-true-positive-rate'))).toBeCloseTo(expected.truePositiveRate, 12);
  }
  await shoot(page, 'evaluation-binary', { fullPage: true });

  // The rows behind a cell, with the file's columns.
  await cell(page, '1', '1').click();
  await expect(page.getByTestId('cell-row')).toHaveCount(Math.min(countsAt(0.5).tp, 100), { timeout: 15_000 });
  await expect(page.getByTestId('cell-rows-table')).toContainText('clinic');
});

test('map a plain CSV in the dialog, open a multiclass set, and see a bad mapping\'s error', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(server.url);

  await evaluateFromPanel(page, 'breast-cancer-custom-csv', 'artifacts/eval/scored.csv');
  await expect(page.getByTestId('mapping-dialog')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('mapping-sample')).toContainText('p_benign');
  await shoot(page, 'evaluation-mapping-dialog', { fullPage: true });
  await page.getByTestId('mapping-save').click();
  await expect(page.getByTestId('binary-evaluation')).toBeVisible({ timeout: 30_000 });
  await expectMatrix(page, 0.5);

  await evaluateFromPanel(page, 'iris-forest', 'artifacts/predictions/test.csv');
  await expect(page.getByTestId('multiclass-evaluation')).toBeVisible({ timeout: 30_000 });
  const iris = reference.cases.find((c) => c.name === 'iris_forest')!;
  const matrix = iris.expected.confusion.value as number[][];
  const classes = ['setosa', 'versicolor', 'virginica'];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) await expect(cell(page, classes[i], classes[j])).toHaveAttribute('data-count', String(matrix[i][j]));
  await expect(page.getByTestId('class-row')).toHaveCount(3);
  await shoot(page, 'evaluation-multiclass', { fullPage: true });

  // The dirty file: NaN scores and malformed lines are counted on the view.
  await evaluateFromPanel(page, 'breast-cancer-dirty', 'artifacts/eval/dirty.csv');
  await expect(page.getByTestId('mapping-dialog')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('mapping-save').click();
  await expect(page.getByTestId('evaluation-notices')).toContainText('3 rows have a NaN score', { timeout: 30_000 });
  await expect(page.getByTestId('evaluation-notices')).toContainText('2 lines could not be read');
  await shoot(page, 'evaluation-dirty', { fullPage: true });
});
