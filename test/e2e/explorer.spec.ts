// The explorer end to end in Chromium against the real server: filter by a
// metric expression, sort, select three runs, compare them (params diff,
// overlaid curves, smoothing, x axis, zoom and reset, grouped lines), star a
// run and see the star survive a re-read, and preview a run's artifacts.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { explorerRuns, explorerSteps, writeExplorerProject } from './explorerProject';
import { shoot } from './screens';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';


let server: ServerProcess;
let project: string;
test.beforeEach(async () => {
  project = tempFolder('runlens-e2e-explorer-');
  writeExplorerProject(project);
  server = await startRunlensServer(['--project', project]);
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.error(`--- runlens serve printed:\n${server.output()}`);
  await server.stop();
  fs.rmSync(project, { recursive: true, force: true });
});

const rows = (page: Page) => page.getByTestId('run-row');
const row = (page: Page, name: string) => page.locator(`[data-testid="run-row"][data-run-name="${name}"]`);

async function openTable(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  await expect(rows(page)).toHaveCount(explorerRuns.length);
}

test('filter by a metric expression, sort, select three runs and compare them', async ({ page }) => {
  await openTable(page);
  await shoot(page, 'runs-table');

  const filter = page.getByTestId('filter-input');
  await filter.fill('metrics.f1 >');
  await expect(page.getByTestId('filter-error')).toContainText('col');
  await filter.fill("metrics.f1 > 0.8 and params.model != 'linear'");
  await expect(page.getByTestId('filter-error')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(4);
  await expect(page.getByTestId('runs-table')).toHaveAttribute('data-row-count', '4');

  // Sort by f1, best first: a click sorts ascending, a second descending.
  const f1Header = page.locator('[data-testid="column-header"][data-column-key="metrics.f1"]');
  await f1Header.click();
  await f1Header.click();
  await expect(rows(page).first()).toHaveAttribute('data-run-name', 'lgbm-seed1');
  await expect(rows(page).last()).toHaveAttribute('data-run-name', 'xgb-seed2');

  for (const name of ['lgbm-seed1', 'lgbm-seed2', 'xgb-seed1']) await row(page, name).getByTestId('run-checkbox').click();
  await page.getByTestId('compare-button').click();
  await expect(page).toHaveURL(/#\/compare\?runs=/);

  // The params that differ, highlighted; the identical ones behind a count.
  const diff = page.getByTestId('params-diff');
  await expect(diff).toBeVisible();
  await expect(diff.locator('[data-testid="params-diff-row"][data-param="lr"]')).toBeVisible();
  await expect(diff.locator('[data-testid="params-diff-row"][data-param="epochs"]')).toHaveCount(0);
  await expect(page.getByTestId('params-identical-toggle')).toContainText('identical');

  // One chart per metric, every compared run overlaid.
  const loss = page.locator('[data-testid="metric-chart"][data-metric-key="loss"]');
  await expect(loss).toBeVisible();
  await expect.poll(async () => Number(await loss.getAttribute('data-point-count'))).toBeGreaterThanOrEqual(3 * explorerSteps);
  await shoot(page, 'compare');

  // Smoothing and the x axis.
  await page.getByTestId('smoothing-value').fill('0.9');
  await page.getByTestId('smoothing-value').press('Enter');
  await expect(loss).toHaveAttribute('data-smoothing', '0.9');
  await page.getByTestId('x-axis-mode').getByText('Relative').click();
  await expect(loss).toHaveAttribute('data-x-axis', 'relative');
  await page.getByTestId('x-axis-mode').getByText('Step').click();
  await expect(loss).toHaveAttribute('data-x-axis', 'step');

  // Zoom by dragging across the plot, then reset.
  const plot = loss.locator('.recharts-surface').first();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.up();
  await expect(loss).toHaveAttribute('data-zoomed', 'true');
  await shoot(page, 'compare-zoomed');
  await loss.getByTestId('chart-reset-zoom').click();
  await expect(loss).toHaveAttribute('data-zoomed', 'false');

  // Grouped lines: by model, the seeds folded into a mean and a band.
  await page.getByTestId('compare-group-by').click();
  await page.getByRole('option', { name: 'model' }).click();
  await expect(loss).toHaveAttribute('data-group-count', '2');
  await shoot(page, 'compare-grouped');

  // Back returns to the table, which kept its filter.
  await page.goBack();
  await expect(page).toHaveURL(/#\/runs/);
  await expect(rows(page)).toHaveCount(4);
});

test('a star survives a re-read of the run, and a run shows its artifacts', async ({ page }) => {
  await openTable(page);
  const star = row(page, 'xgb-seed1').getByTestId('run-star');
  await star.click();
  await expect(star).toHaveAttribute('data-starred', 'true');

  // The run is read again (new points in its metrics file), then the page reloads: the star stays.
  const lossCell = row(page, 'xgb-seed1').getByTestId('metric-cell-loss');
  const before = await lossCell.innerText();
  fs.appendFileSync(path.join(project, 'xgb-seed1', 'metrics.jsonl'), `${JSON.stringify({ step: explorerSteps, timestamp: Date.now(), values: { loss: 9.5 } })}\n`);
  await expect(lossCell).not.toHaveText(before);
  await expect(row(page, 'xgb-seed1').getByTestId('run-star')).toHaveAttribute('data-starred', 'true');
  await page.reload();
  await expect(row(page, 'xgb-seed1').getByTestId('run-star')).toHaveAttribute('data-starred', 'true');
  await expect(row(page, 'lgbm-seed1').getByTestId('run-star')).toHaveAttribute('data-starred', 'false');

  // Grouped by a param: a header row per model, with its count.
  await page.getByTestId('group-by').click();
  await page.getByRole('option', { name: 'model', exact: true }).click();
  await expect(page.getByTestId('group-row')).toHaveCount(3);
  await expect(page.getByTestId('group-count').first()).toContainText('2');
  await shoot(page, 'runs-grouped');
  await page.getByTestId('group-by').click();
  await page.getByRole('option', { name: 'model', exact: true }).click(); // chosen again: no grouping
  await expect(page.getByTestId('group-row')).toHaveCount(0);

  // The run panel: system info, metrics, and artifacts with an image and a CSV preview.
  await row(page, 'xgb-seed1').click();
  const drawer = page.getByTestId('run-drawer');
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/#\/runs\/[0-9a-f]+/);
  await expect(drawer).toContainText('9fceb02');
  await drawer.locator('[data-testid="artifact-item"][data-artifact-path="artifacts/confusion.png"]').click();
  await expect(drawer.getByTestId('artifact-image')).toBeVisible();
  await expect.poll(() => drawer.getByTestId('artifact-image').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await drawer.locator('[data-testid="artifact-item"][data-artifact-path="artifacts/predictions.csv"]').click();
  const csv = drawer.getByTestId('artifact-csv-table');
  await expect(csv).toContainText('proba_1');
  await expect(csv).toContainText('0.93');
  await shoot(page, 'run-detail');
});
