// Drift monitoring end to end in Chromium against the real server and its
// worker: the empty Drift area; a monitor created through the form over a
// folder holding the first five weekly breast-cancer batches (reference
// train.csv, the logistic-regression model); the summary of week 5 (drifted
// columns listed, each with a sparkline over the five batches); a column view
// (two distributions on shared bins, both sides' quantiles); the over-time
// chart (five points, the threshold line); week 6 copied into the folder, which
// the watcher computes, raising a dataset-drift alert that the list shows and
// the sidebar's badge counts. Weeks 7 and 8 (no labels) bring CBPE's estimate.
// The settings dialog sets one column's method (PSI) and threshold, which
// recomputes every batch; removing the monitor returns to the list.
// Screenshots of each view in both themes.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { shoot } from './screens';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';

declare const window: any;

const data = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'breast_cancer');
const weeks = fs.readdirSync(path.join(data, 'monitoring')).filter((name) => name.endsWith('.csv')).sort();
const model = path.join(repoRoot, 'test', 'fixtures', 'models', 'breast_cancer_logreg.onnx');
/** Computing a batch takes well under a second here; a loaded machine gets room. */
const COMPUTED = { timeout: 120_000 };

let server: ServerProcess;
let folder: string;
test.beforeEach(async () => {
  folder = tempFolder('runlens-e2e-drift-');
  server = await startRunlensServer();
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.error(`--- runlens serve printed:\n${server.output()}`);
  await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

function copyWeek(name: string): void {
  // Written beside, then renamed: the watcher sees a whole file at once.
  const partial = path.join(folder, `.${name}.part`);
  fs.copyFileSync(path.join(data, 'monitoring', name), partial);
  fs.renameSync(partial, path.join(folder, name));
}

/** Screenshots with the pointer off the charts: a hover tooltip would hide what the view shows. */
async function shootView(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await shoot(page, name);
}

async function openDriftArea(page: Page, height = 1100): Promise<void> {
  await page.setViewportSize({ width: 1440, height });
  await page.goto(server.url);
  await page.getByTestId('nav-drift').click();
  await expect(page.getByTestId('drift-view')).toBeVisible();
}

test('the empty Drift area says what a monitor is and offers the form', async ({ page }) => {
  await openDriftArea(page);
  await expect(page.getByTestId('empty-state')).toContainText('No drift monitor yet');
  await expect(page.getByTestId('drift-monitor-form')).toBeVisible();
  await expect(page.getByTestId('no-alerts')).toBeVisible();
  await shootView(page, 'drift-empty');

  // A reference that does not exist: the backend's refusal, in place.
  await page.getByTestId('monitor-form-name').fill('nothing');
  await page.getByTestId('monitor-form-reference').fill(path.join(folder, 'missing.csv'));
  await page.getByTestId('monitor-form-folder').fill(folder);
  await page.getByTestId('monitor-form-submit').click();
  await expect(page.getByTestId('monitor-form-error')).toContainText('missing.csv');
});

test('a monitor over weekly batches: summary, column view, over time, and an alert from the watcher', async ({ page }) => {
  test.setTimeout(300_000);
  for (const name of weeks.slice(0, 5)) copyWeek(name);
  await openDriftArea(page);

  await page.getByTestId('monitor-form-name').fill('breast cancer clinics');
  await page.getByTestId('monitor-form-reference').fill(path.join(data, 'train.csv'));
  await page.getByTestId('monitor-form-folder').fill(folder);
  await page.getByTestId('monitor-form-model').fill(model);
  await page.getByTestId('monitor-form-submit').click();

  // The form opens the new monitor's page; its five batches fill in.
  const monitorPage = page.getByTestId('monitor-page');
  await expect(monitorPage).toHaveAttribute('data-batches', '5', COMPUTED);
  await expect(page.getByTestId('monitor-state')).toHaveAttribute('data-state', 'idle', COMPUTED);
  expect(page.url()).toMatch(/#\/drift\/\d+$/);

  // Week 5 (the newest) in the summary: size and texture columns and clinic drifted, each with a sparkline of five batches.
  await expect(page.getByTestId('batch-summary')).toContainText(weeks[4]);
  const drifted = page.locator('[data-testid="drift-column-row"][data-drift="true"]');
  const driftedNames = await drifted.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-column')));
  for (const column of ['mean radius', 'mean texture', 'clinic']) expect(driftedNames).toContain(column);
  const rows = await page.getByTestId('drift-column-row').count();
  expect(await page.locator('[data-testid="drift-column-row"] [data-testid="sparkline"][data-points="5"]').count()).toBe(rows);
  // The drifted rows come first (the report's order).
  const verdicts = await page.getByTestId('drift-column-row').evaluateAll((all) => all.map((row) => row.getAttribute('data-drift')));
  expect(verdicts.indexOf('false')).toBe(driftedNames.length);
  await expect(page.getByTestId('dataset-verdict')).toHaveAttribute('data-drifted', String(driftedNames.length));

  // Over time: five points on the share chart with the drift-share line.
  const shareChart = page.getByTestId('share-chart');
  await expect(shareChart.getByTestId('share-chart-point')).toHaveCount(5);
  await expect(shareChart.locator('.recharts-reference-line')).toHaveCount(1);
  await expect(shareChart).toHaveAttribute('data-threshold', '0.5');
  await expect(page.getByTestId('column-chart').getByTestId('column-chart-point')).toHaveCount(5);
  await expect(page.getByTestId('performance-chart')).toHaveAttribute('data-measured', '5');
  await expect(page.getByTestId('prediction-distribution')).toBeVisible(COMPUTED);
  await page.setViewportSize({ width: 1440, height: 3000 });
  await shootView(page, 'drift-monitor');

  // Clicking week 1's point selects it: no drifted column then.
  await shareChart.locator(`[data-testid="share-chart-point"][data-key="${weeks[0]}"]`).click({ force: true });
  await expect(page.getByTestId('batch-summary')).toContainText(weeks[0]);
  expect(decodeURIComponent(page.url())).toContain(`?batch=${weeks[0]}`);
  await expect(page.locator('[data-testid="drift-column-row"][data-drift="true"]')).toHaveCount(0);

  // The column view of mean radius in week 5: two distributions on shared bins, quantiles of both sides.
  await page.getByTestId('batch-select').click();
  await page.getByRole('option', { name: new RegExp(weeks[4].replace('.', '\\.')) }).click();
  await expect(page.getByTestId('batch-summary')).toContainText(weeks[4]);
  await page.locator('[data-testid="drift-column-row"][data-column="mean radius"]').click();
  const columnView = page.getByTestId('column-view');
  await expect(columnView).toHaveAttribute('data-column', 'mean radius');
  const chart = page.getByTestId('distribution-chart');
  await expect(chart).toHaveAttribute('data-kind', 'bins');
  await expect(chart.locator('.recharts-bar')).toHaveCount(2);
  expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(10);
  await expect(page.getByTestId('column-quantiles').getByTestId('quantile-row')).toHaveCount(7);
  await expect(page.getByTestId('column-test-result').getByTestId('verdict')).toHaveAttribute('data-drift', 'true');
  await expect(page.getByTestId('column-view-chart').getByTestId('column-view-chart-point')).toHaveCount(5);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await shootView(page, 'drift-column');

  // A categorical column: grouped bars per category.
  await page.goBack();
  await page.locator('[data-testid="drift-column-row"][data-column="clinic"]').click();
  await expect(columnView).toHaveAttribute('data-column', 'clinic');
  await expect(page.getByTestId('distribution-chart')).toHaveAttribute('data-kind', 'categories');
  await expect(page.getByTestId('category-row')).toHaveCount(3);
  await shootView(page, 'drift-column-categorical');

  // Back on the list, week 6 lands in the folder: the watcher computes it and a dataset-drift alert arrives.
  await page.evaluate(() => (window.location.hash = '#/drift'));
  await expect(page.getByTestId('drift-list')).toBeVisible();
  await expect(page.getByTestId('drift-unseen-badge')).toHaveCount(0); // opening the monitor marked its alerts seen
  copyWeek(weeks[5]);
  await expect(page.locator('[data-testid="drift-monitor-row"]')).toHaveAttribute('data-batches', '6', COMPUTED);
  const datasetAlert = page.locator(`[data-testid="drift-all-alerts"] [data-testid="drift-alert"][data-kind="dataset"][data-new="true"]`);
  await expect(datasetAlert).toHaveCount(1, COMPUTED);
  await expect(datasetAlert.getByTestId('drift-alert-batch')).toHaveText(weeks[5]);
  const unseen = await page.locator('[data-testid="drift-all-alerts"] [data-testid="drift-alert"][data-new="true"]').count();
  await expect(page.getByTestId('drift-unseen-badge')).toHaveAttribute('data-count', String(unseen));
  await expect(page.getByTestId('monitor-unseen')).toHaveText(String(unseen));
  await page.setViewportSize({ width: 1440, height: 1400 });
  await shootView(page, 'drift-list-alerts');

  // The alert's link opens week 6 on the monitor page; seeing it clears the badge.
  await datasetAlert.getByTestId('drift-alert-batch').click();
  await expect(page.getByTestId('batch-summary')).toContainText(weeks[5]);
  await expect(page.getByTestId('dataset-verdict')).toHaveAttribute('data-drift', 'true');
  await expect(page.getByTestId('drift-unseen-badge')).toHaveCount(0, COMPUTED);

  // Weeks 7 and 8 have no labels: measured performance stops, the estimate goes on.
  copyWeek(weeks[6]);
  copyWeek(weeks[7]);
  await expect(monitorPage).toHaveAttribute('data-batches', '8', COMPUTED);
  await expect(page.getByTestId('performance-chart')).toHaveAttribute('data-measured', '6');
  await expect(page.getByTestId('performance-chart')).toHaveAttribute('data-estimated', '2');
  await expect(page.getByTestId('estimate-assumptions')).not.toBeEmpty();
  await page.setViewportSize({ width: 1440, height: 3000 });
  await shootView(page, 'drift-monitor-estimate');

  // Settings: mean radius tested by PSI at 0.2; saving recomputes every batch with it.
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.getByTestId('drift-settings').click();
  const settings = page.getByTestId('settings-dialog');
  const radius = settings.locator('[data-testid="settings-column-row"][data-column="mean radius"]');
  await expect(radius.getByTestId('settings-column-threshold')).toHaveAttribute('placeholder', '0.05'); // KS as the batches chose it
  await radius.getByTestId('settings-column-method').selectOption('psi');
  await radius.getByTestId('settings-column-threshold').fill('0.2');
  // The run's in-app notice would cover the dialog's corner: closed (it may already be going).
  for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click({ timeout: 2000 }).catch(() => undefined);
  await shootView(page, 'drift-settings');
  await settings.getByTestId('settings-save').click();
  await expect(settings).toHaveCount(0);
  const radiusRow = page.locator('[data-testid="drift-column-row"][data-column="mean radius"]');
  await expect(radiusRow).toContainText('psi', COMPUTED);
  await expect(radiusRow).toContainText('≥ 0.2');
  await expect(monitorPage).toHaveAttribute('data-batches', '8', COMPUTED);

  // Removing the monitor, after a confirm, returns to the empty list.
  await page.getByTestId('drift-settings').click();
  await page.getByTestId('monitor-remove').click();
  await page.getByTestId('monitor-remove-yes').click();
  await expect(page.getByTestId('drift-list')).toBeVisible();
  expect(page.url()).toMatch(/#\/drift$/);
  await expect(page.getByTestId('drift-monitor-row')).toHaveCount(0);
});
