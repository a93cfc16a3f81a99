// End to end in Chromium against the real server: add a folder, watch a run
// logged by the Python logger appear, its metric change, and its status end.
import { expect, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';

const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const shots = path.join(repoRoot, 'test-results', 'screens');

let server: ServerProcess;
test.beforeEach(async () => {
  server = await startRunlensServer();
});
let childOutput = '';
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    // What the server and the training script printed is the first thing to read when this fails.
    await testInfo.attach('runlens serve output', { body: server.output(), contentType: 'text/plain' });
    console.error(`--- runlens serve printed:\n${server.output()}\n--- the training script printed:\n${childOutput}`);
  }
  childOutput = '';
  await server.stop();
});

test('a run logged from Python appears, updates live and finishes', async ({ page }) => {
  await followLiveRun(page, 'events');
});

test('with the OS watcher out of handles, polling still shows a new run live', async ({ page }) => {
  await server.stop();
  server = await startRunlensServer([], { RUNLENS_WATCH: 'poll' });
  await followLiveRun(page, 'polling');
});

async function followLiveRun(page: Page, mode: 'events' | 'polling'): Promise<void> {
  const project = tempFolder('runlens-e2e-project-');
  await page.goto(server.url);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'empty-light.png') });

  await page.getByTestId('add-project-input').fill(project);
  await page.getByTestId('add-project-submit').click();
  await expect(page.locator(`[data-testid="project-item"][data-project-path="${project}"]`)).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText(project);
  // With events asked for, the machine may still be out of watch handles and poll; both must work.
  if (mode === 'polling') await expect(page.getByTestId('watch-polling')).toBeVisible();

  const child = spawn(python, [path.join(repoRoot, 'test', 'python', 'train_example.py'), project, '--steps', '30', '--sleep', '0.2', '--name', 'e2e-run'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (data: Buffer) => (childOutput += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (childOutput += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const row = page.locator('[data-testid="run-row"][data-run-name="e2e-run"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('run-status')).toHaveText('RUNNING');
  const lossCell = row.getByTestId('metric-cell-loss');
  await expect(lossCell).not.toBeEmpty();
  const firstLoss = await lossCell.innerText();
  await expect(lossCell).not.toHaveText(firstLoss); // it changes while the script runs
  if (mode === 'events') await page.screenshot({ path: path.join(shots, 'running-light.png') });

  expect(await exited).toBe(0);
  await expect(row.getByTestId('run-status')).toHaveText('FINISHED');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, `finished-dark-${mode}.png`) });
  fs.rmSync(project, { recursive: true, force: true });
}

test('a folder that does not exist is named in the error and nothing is added', async ({ page }) => {
  await page.goto(server.url);
  const missing = '/no/such/folder/for/runlens';
  await page.getByTestId('add-project-input').fill(missing);
  await page.getByTestId('add-project-submit').click();
  await expect(page.getByTestId('error-message').first()).toContainText(`Folder not found: ${missing}`);
  await expect(page.getByTestId('project-item')).toHaveCount(0);
});

test('without the token the page shows no data and says how to open Runlens', async ({ page }) => {
  await page.goto(server.url.replace(/#token=.*/, ''));
  await expect(page.getByText('carries the access token')).toBeVisible();
  await expect(page.getByTestId('runs-table')).toHaveCount(0);
});

test('runs written by MLflow, TensorBoard and DVCLive show with their sources, and a broken file shows as a warning', async ({ page }) => {
  const project = tempFolder('runlens-e2e-real-');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'real'), project, { recursive: true, preserveTimestamps: true });
  // A metric line MLflow never wrote: skipped, counted, and reported.
  const metricsDir = path.join(project, 'mlflow-filestore', 'mlflow1-unfinished-run', 'mlruns', '0', 'cb0096518b0e4c66a94428555f05420b', 'metrics');
  fs.appendFileSync(path.join(metricsDir, 'loss'), 'not a metric line\n');
  // Experiment tags, where MLflow's set_experiment_tag writes them; its description is one.
  const experimentTags = path.join(project, 'mlflow-filestore', 'mlflow1-unfinished-run', 'mlruns', '0', 'tags');
  fs.mkdirSync(experimentTags);
  fs.writeFileSync(path.join(experimentTags, 'mlflow.note.content'), 'CNN classifier trials on the leaf dataset');
  fs.writeFileSync(path.join(experimentTags, 'owner'), 'vision-team');

  await page.goto(server.url);
  await page.getByTestId('add-project-input').fill(project);
  await page.getByTestId('add-project-submit').click();
  await expect(page.locator('[data-testid="run-row"]').first()).toBeVisible();
  for (const label of ['MLflow', 'MLflow (SQLite)', 'TensorBoard', 'DVCLive']) {
    await expect(page.getByTestId('source-filter').getByText(label, { exact: true })).toBeVisible();
  }
  await page.getByTestId('source-filter').getByText('TensorBoard', { exact: true }).click();
  await expect(page.locator('[data-testid="run-row"][data-run-name$="UNet_lr2e_3"]')).toBeVisible();

  await page.getByTestId('warnings-button').click();
  await expect(page.getByTestId('warnings-drawer')).toContainText('malformed lines skipped');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'real-formats-warnings-light.png') });
  await page.keyboard.press('Escape');

  await page.getByTestId('source-filter').getByText('MLflow', { exact: true }).click();
  await page.getByTestId('filter-input').fill("attributes.run_id LIKE 'cb0096518b0e%'");
  await expect(page.getByTestId('runs-table')).toHaveAttribute('data-row-count', '1');
  await page.locator('[data-testid="run-row"]').first().click();
  const drawer = page.getByTestId('run-drawer');
  await expect(drawer).toContainText('CNN classifier trials on the leaf dataset');
  await expect(drawer.getByTestId('drawer-experiment-tag-owner')).toContainText('vision-team');
  await page.waitForTimeout(500); // the drawer slides in: let it settle before the picture
  await page.screenshot({ path: path.join(shots, 'run-drawer-mlflow-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'run-drawer-mlflow-dark.png') });
  fs.rmSync(project, { recursive: true, force: true });
});

test('a big folder shows its read run by run, and Cancel stops it keeping the runs read', async ({ page }) => {
  const project = tempFolder('runlens-e2e-big-');
  const lines = Array.from({ length: 50 }, (_, step) => JSON.stringify({ step, timestamp: 1_700_000_000_000 + step, values: { loss: 1 / (step + 1) } })).join('\n') + '\n';
  const total = 4000;
  for (let index = 0; index < total; index++) {
    const run = path.join(project, 'runs', `run-${index}`);
    fs.mkdirSync(run, { recursive: true });
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), lines);
    fs.writeFileSync(
      path.join(run, 'run.json'),
      JSON.stringify({ format: 'runlens.run', version: 1, id: `${index}`.padStart(32, '0'), name: `run-${index}`, experiment: 'big', start_time: 1_700_000_000_000, params: {}, tags: {} }),
    );
    fs.writeFileSync(path.join(run, 'events.jsonl'), `${JSON.stringify({ type: 'end', status: 'FINISHED', timestamp: 1_700_000_060_000 })}\n`);
  }

  await page.goto(server.url);
  await page.getByTestId('add-project-input').fill(project);
  await page.getByTestId('add-project-submit').click();
  const progress = page.getByTestId('ingest-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('ingest-progress-text')).toContainText(`of ${total.toLocaleString('en-US')} runs`);
  // Runs appear while the read goes on.
  await expect(page.locator('[data-testid="run-row"]').first()).toBeVisible();
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'ingest-progress-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'ingest-progress-dark.png') });

  await page.getByTestId('ingest-cancel').click();
  await expect(progress).toHaveCount(0);
  const item = page.locator(`[data-testid="project-item"][data-project-path="${project}"]`);
  const kept = Number((await item.getByTestId('project-run-count').innerText()).replace(/\D/g, ''));
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(total);
  fs.rmSync(project, { recursive: true, force: true });
});

test('metric values that are NaN or infinite show as NaN, ∞ and −∞ in the table and the run panel', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const project = tempFolder('runlens-e2e-nonfinite-');
  // As Python's json module writes them: bare NaN, Infinity, -Infinity.
  const runs: Record<string, string[]> = { diverged: ['1', 'Infinity', '-Infinity', 'NaN'], exploding: ['1', 'Infinity'], vanishing: ['1', '-Infinity'] };
  for (const [name, values] of Object.entries(runs)) {
    const run = path.join(project, name);
    fs.mkdirSync(run, { recursive: true });
    fs.writeFileSync(path.join(run, 'run.json'), JSON.stringify({ format: 'runlens.run', version: 1, id: name.padEnd(32, '0'), name, experiment: 'numbers', start_time: 1_700_000_000_000, params: {}, tags: {} }));
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), values.map((value, step) => `{"step": ${step}, "timestamp": ${1_700_000_000_000 + step}, "values": {"loss": ${value}}}\n`).join(''));
    fs.writeFileSync(path.join(run, 'events.jsonl'), `${JSON.stringify({ type: 'end', status: 'FAILED', timestamp: 1_700_000_060_000, error: 'loss diverged' })}\n`);
  }
  await page.goto(server.url);
  await page.getByTestId('add-project-input').fill(project);
  await page.getByTestId('add-project-submit').click();
  const row = (name: string) => page.locator(`[data-testid="run-row"][data-run-name="${name}"]`);
  await expect(row('diverged').getByTestId('metric-cell-loss')).toHaveText('NaN');
  await expect(row('exploding').getByTestId('metric-cell-loss')).toHaveText('∞');
  await expect(row('vanishing').getByTestId('metric-cell-loss')).toHaveText('−∞');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'non-finite-table-light.png') });

  await row('diverged').click();
  const metric = page.getByTestId('run-drawer').getByTestId('drawer-metric-loss');
  await expect(metric).toContainText('NaN');
  await expect(metric).toContainText('−∞');
  await expect(metric).toContainText('∞');
  await expect(page.getByTestId('area-error')).toHaveCount(0);
  await page.waitForTimeout(500); // the drawer slides in
  await page.screenshot({ path: path.join(shots, 'non-finite-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shots, 'non-finite-dark.png') });
  expect(errors).toEqual([]);
  fs.rmSync(project, { recursive: true, force: true });
});
