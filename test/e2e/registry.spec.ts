// The model registry end to end in Chromium against the real server: register
// a version from a run's ONNX artifact in the run panel, add a "description
// required" gate for Production, try to promote (the gate fails and is
// shown), add the description, promote, set `champion`, register a second
// version and move `champion` to it, read the audit timeline in order and ask
// the as-of picker for a moment between the two alias moves (version 1 held
// champion then); compare the two versions, see the lineage with a scoring job
// that used the file, and copy a version from an MLflow registry read from a
// project. Screenshots of each view in both themes.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { shoot } from './screens';
import { repoRoot, startRunlensServer, tempFolder, type ServerProcess } from './serverProcess';

declare const document: any, window: any;

const models = path.join(repoRoot, 'test', 'fixtures', 'models');
const mlflowFixture = path.join(repoRoot, 'test', 'fixtures', 'real', 'mlflow-filestore', 'mlflow2-registry-stages');
const irisCsv = path.join(repoRoot, 'test', 'fixtures', 'datasets', 'iris', 'test.csv');
const MODEL = 'iris-classifier';
/** A name as long as the registry allows: it must wrap, never widen the page. */
const LONG_NAME = `fraud-detection-${'gradient-boosted-'.repeat(14)}`.slice(0, 256);

interface NativeRun {
  id: string;
  name: string;
  model: string;
  params: Record<string, string>;
  /** The last values logged; NaN and Infinity as the format writes them. */
  metrics: Record<string, number | string>;
}

const runs: NativeRun[] = [
  { id: 'a'.repeat(32), name: 'iris-forest-a', model: 'iris_forest.onnx', params: { n_estimators: '50', max_depth: '4', criterion: 'gini' }, metrics: { f1: 0.93, accuracy: 0.94, val_loss: 0.21 } },
  { id: 'b'.repeat(32), name: 'iris-forest-b', model: 'iris_forest_zipmap.onnx', params: { n_estimators: '200', max_depth: '6', criterion: 'gini' }, metrics: { f1: 0.95, accuracy: 0.96, val_loss: 'NaN', grad_norm: 'Infinity' } },
];

/** Native runs as the Python logger writes them (docs/FORMAT.md), each with its model in artifacts/. */
function writeProject(folder: string): void {
  const start = Date.now() - 3_600_000;
  runs.forEach((run, index) => {
    const runFolder = path.join(folder, 'runlens', run.id);
    fs.mkdirSync(path.join(runFolder, 'artifacts'), { recursive: true });
    const runStart = start + index * 60_000;
    fs.writeFileSync(
      path.join(runFolder, 'run.json'),
      JSON.stringify({
        format: 'runlens.run',
        version: 1,
        id: run.id,
        name: run.name,
        experiment: 'iris',
        start_time: runStart,
        params: run.params,
        tags: { team: 'vision' },
        system: { hostname: 'e2e-host', python: '3.11.4', user: 'ana', git_commit: '9fceb02d0ae598e95dc970b74767f19372d61af8', git_dirty: false, heartbeat_interval_s: 5 },
      }),
    );
    fs.writeFileSync(path.join(runFolder, 'metrics.jsonl'), `${JSON.stringify({ step: 0, timestamp: runStart + 1000, values: run.metrics })}\n`);
    fs.copyFileSync(path.join(models, run.model), path.join(runFolder, 'artifacts', 'model.onnx'));
    const size = fs.statSync(path.join(runFolder, 'artifacts', 'model.onnx')).size;
    const events = [{ type: 'artifact', path: 'artifacts/model.onnx', size, timestamp: runStart }, { type: 'end', status: 'FINISHED', timestamp: runStart + 5000 }];
    fs.writeFileSync(path.join(runFolder, 'events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    fs.writeFileSync(path.join(runFolder, 'heartbeat'), '');
  });
}

/**
 * The MLflow file store holds no artifacts (they went to a tracking server):
 * give version 3 of sk-learn-random-forest-reg-model the model folder MLflow
 * would have left where its source URI points, and the aliases MLflow 2.9+ writes.
 */
function withMlflowModelFiles(store: string): void {
  const registered = path.join(store, 'mlruns', 'models', 'sk-learn-random-forest-reg-model');
  fs.mkdirSync(path.join(registered, 'aliases'));
  fs.writeFileSync(path.join(registered, 'aliases', 'champion'), '3');
  const folder = path.join(store, 'mlruns', '0', '7e32eb2086eb405798f997fb5610f725', 'artifacts', 'sklearn-model');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(models, 'iris_forest.onnx'), path.join(folder, 'model.onnx'));
  fs.writeFileSync(path.join(folder, 'MLmodel'), 'flavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.14.0\n');
}

let server: ServerProcess;
let project: string;
let mlflowProject: string;
let scratch: string;
test.beforeEach(async () => {
  project = tempFolder('runlens-e2e-registry-');
  mlflowProject = tempFolder('runlens-e2e-registry-mlflow-');
  scratch = tempFolder('runlens-e2e-registry-out-');
  writeProject(project);
  fs.cpSync(mlflowFixture, mlflowProject, { recursive: true });
  withMlflowModelFiles(mlflowProject);
  server = await startRunlensServer(['--project', project, '--project', mlflowProject]);
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.error(`--- runlens serve printed:\n${server.output()}`);
  await server.stop();
  for (const folder of [project, mlflowProject, scratch]) fs.rmSync(folder, { recursive: true, force: true });
});

const go = (page: Page, hash: string) => page.evaluate((h) => (window.location.hash = h), hash);
const card = (page: Page, version: number) => page.locator(`[data-testid="version-card"][data-version="${version}"]`);
const lane = (page: Page, stage: string) => page.locator(`[data-testid="stage-lane"][data-stage="${stage}"]`);
const dialog = (page: Page) => page.getByTestId('move-dialog');

/** Registers a run's model.onnx from its panel under `name`; returns the version number given. */
async function registerFromDrawer(page: Page, runName: string, name: string): Promise<number> {
  await go(page, '#/runs');
  await page.locator(`[data-testid="run-row"][data-run-name="${runName}"]`).click();
  const drawer = page.getByTestId('run-drawer');
  await drawer.locator('[data-testid="artifact-register"][data-artifact-path="artifacts/model.onnx"]').click();
  const form = page.getByTestId('register-dialog');
  await form.getByTestId('register-name').fill(name);
  await form.getByTestId('register-submit').click();
  const done = form.getByTestId('register-done');
  await expect(done).toBeVisible();
  await expect(done).toHaveAttribute('data-name', name);
  return Number(await done.getAttribute('data-version'));
}

/** Opens the move dialog by dropping a version's card on a lane, and waits for its gates. */
async function dropOn(page: Page, version: number, stage: string): Promise<Locator> {
  await card(page, version).dragTo(lane(page, stage));
  await expect(dialog(page)).toHaveAttribute('data-target', stage);
  await expect(dialog(page).getByTestId('loading-state')).toHaveCount(0);
  return dialog(page);
}

async function addRule(page: Page, kind: string): Promise<void> {
  await page.getByTestId('gate-add-kind').click();
  await page.getByRole('option', { name: kind, exact: true }).click();
  await page.getByTestId('gate-add').click();
}

async function pointChampion(page: Page, version: number): Promise<void> {
  await page.getByTestId('alias-name-input').fill('champion');
  await page.getByTestId('alias-version-select').click();
  await page.getByRole('option', { name: `v${version}`, exact: true }).click();
  await page.getByTestId('alias-set').click();
  await expect(dialog(page)).toHaveAttribute('data-target', '@champion');
  await dialog(page).getByTestId('move-confirm').click();
  await expect(dialog(page).getByTestId('move-outcome')).toHaveAttribute('data-done', 'true');
  await dialog(page).getByTestId('move-close').click();
  await expect(page.locator(`[data-testid="alias-row"][data-alias="champion"]`)).toHaveAttribute('data-version', String(version));
}

/** How far the registry's page (and the window) would scroll sideways: a long name must wrap instead. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const view = document.querySelector('[data-testid="registry-view"] .mantine-ScrollArea-viewport');
    const root = document.documentElement;
    return Math.max(view ? view.scrollWidth - view.clientWidth : Infinity, root.scrollWidth - root.clientWidth);
  });

/** The local date-time the as-of input takes, for `ms`, worded by the page (its time zone). */
const localInput = (page: Page, ms: number) =>
  page.evaluate((at) => {
    const d = new Date(at);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  }, ms);

test('register, gate, promote, move champion, and read the audit trail as of a moment', async ({ page }) => {
  // Tall enough that each page's own scroll area shows it whole in the screenshots.
  await page.setViewportSize({ width: 1440, height: 1700 });
  await page.goto(server.url);
  await go(page, '#/registry');
  await expect(page.getByTestId('registry-models').getByTestId('empty-state')).toContainText('No registered models yet');
  await expect(page.getByTestId('registry-models')).toContainText('runlens registry register');
  await expect(page.locator('[data-testid="mlflow-model"][data-name="ElasticnetWineModel"]')).toBeVisible();
  await shoot(page, 'registry-list-empty', { fullPage: true });

  // Version 1 from the first run's panel; its page opens from the dialog.
  expect(await registerFromDrawer(page, 'iris-forest-a', MODEL)).toBe(1);
  await page.getByTestId('register-open').click();
  await expect(page).toHaveURL(new RegExp(`#/registry/${MODEL}/1$`));
  await expect(page.getByTestId('version-page')).toBeVisible();
  await expect(page.getByTestId('schema-inputs')).toBeVisible();

  // A gate: a description is required to enter Production.
  await page.getByTestId('crumb-model').click();
  await page.getByTestId('model-tab-gates').click();
  await page.getByTestId('gate-add').click();
  await expect(page.locator('[data-testid="gate-rule"][data-kind="description"]')).toBeVisible();
  await page.getByTestId('gates-save').click();
  await expect(page.getByTestId('gates-save')).toBeDisabled();
  await expect(page.getByTestId('model-page')).toContainText('1 gate');

  // An expression with a syntax error: shown as it is typed, and refused by the backend with the rule named.
  await addRule(page, 'Beats the champion');
  await addRule(page, 'Metric or param expression');
  const expression = page.locator('[data-testid="gate-rule"][data-kind="expression"]');
  await expression.getByTestId('gate-expression').fill('metrics.f1 >=');
  await expect(expression).toContainText('col 14');
  await shoot(page, 'registry-gates', { fullPage: true });
  await page.getByTestId('gates-save').click();
  await expect(page.getByTestId('gates-editor').getByTestId('error-message')).toContainText('does not parse');
  await page.getByTestId('gates-reset').click();
  await expect(page.getByTestId('gate-rule')).toHaveCount(1);

  // A hook on Production that notifies: its command sees the move in RUNLENS_* variables.
  await page.getByTestId('hook-add').click();
  await page.getByTestId('hook-command').fill('echo "deployed $RUNLENS_MODEL_NAME v$RUNLENS_MODEL_VERSION to $RUNLENS_STAGE"');
  await page.getByTestId('hooks-save').click();
  await expect(page.getByTestId('hooks-save')).toBeDisabled();
  await expect(page.getByTestId('model-page')).toContainText('1 hook');

  // Promoting fails the gate: the rule and its words are shown, and only an override with a reason could pass.
  await page.getByTestId('model-tab-versions').click();
  let move = await dropOn(page, 1, 'Production');
  const failedGate = move.locator('[data-testid="gate-result"][data-kind="description"]');
  await expect(failedGate).toHaveAttribute('data-passed', 'false');
  await expect(move.getByTestId('move-override')).toBeVisible();
  await expect(move.getByTestId('move-confirm')).toBeDisabled();
  await shoot(page, 'registry-gate-failed');
  await move.getByTestId('move-close').click();
  await expect(card(page, 1)).toHaveAttribute('data-stage', 'None');

  // The keyboard moves a focused card too: → is Staging.
  await card(page, 1).focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog(page)).toHaveAttribute('data-target', 'Staging');
  await dialog(page).getByTestId('move-close').click();

  // Add the description on the version page, then promote.
  await card(page, 1).getByTestId('version-card-link').click();
  await page.getByTestId('version-description').fill('Random forest on iris, 50 trees; checked on the 2024 holdout.');
  await page.getByTestId('version-save').click();
  await expect(page.getByTestId('version-description-text')).toContainText('Random forest on iris');
  await page.getByTestId('crumb-model').click();
  move = await dropOn(page, 1, 'Production');
  await expect(move.locator('[data-testid="gate-result"][data-kind="description"]')).toHaveAttribute('data-passed', 'true');
  await move.getByTestId('move-comment').fill('first release');
  await move.getByTestId('move-confirm').click();
  await expect(move.getByTestId('move-outcome')).toHaveAttribute('data-done', 'true');
  await expect(move.getByTestId('move-hook')).toHaveAttribute('data-exit-code', '0');
  await expect(move.getByTestId('move-hook')).toContainText(`deployed ${MODEL} v1 to Production`);
  // The hook asked to notify: without the browser's permission, the notice shows in the window.
  await expect(page.getByText(`${MODEL} · version 1 → Production`)).toBeVisible();
  await move.getByTestId('move-close').click();
  await expect(card(page, 1)).toHaveAttribute('data-stage', 'Production');

  // champion on version 1; a second version; champion moves to it.
  await pointChampion(page, 1);
  expect(await registerFromDrawer(page, 'iris-forest-b', MODEL)).toBe(2);
  await page.getByTestId('register-open').click();
  await page.getByTestId('crumb-model').click();
  await pointChampion(page, 2);

  // The audit trail, oldest first.
  await page.getByTestId('model-tab-audit').click();
  const events = page.getByTestId('audit-event');
  await expect(events).toHaveCount(9);
  const kinds = await events.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-kind')}:${n.getAttribute('data-version') ?? ''}`));
  expect(kinds).toEqual(['registered:1', 'gates-changed:', 'edited:', 'edited:1', 'stage:1', 'hook:1', 'alias-set:1', 'registered:2', 'alias-set:2']);
  const times = (await events.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-at'))))) as number[];
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  await expect(events.nth(4)).toContainText('None → Production');
  await expect(events.nth(4)).toContainText('first release');
  await expect(events.nth(4).locator('[data-testid="gate-result"][data-passed="true"]')).toHaveCount(1);
  await expect(events.nth(5).getByTestId('audit-hook')).toContainText('exited with 0');
  await expect(events.nth(8)).toContainText('@champion: v1 → v2');

  // As of a moment between the two alias moves (before the second registration): version 1 was champion, and in Production.
  expect(times[7]).toBeGreaterThan(times[6] + 1);
  const between = Math.floor((times[6] + times[7]) / 2);
  await page.getByTestId('as-of-input').fill(await localInput(page, between));
  await expect(page.getByTestId('as-of-answer')).toHaveAttribute('data-at', String(between));
  await expect(page.locator('[data-testid="as-of-alias"][data-alias="champion"]')).toHaveAttribute('data-version', '1');
  await expect(page.locator('[data-testid="as-of-stage"][data-stage="Production"]')).toHaveAttribute('data-versions', '1');
  // The events after that moment fade: the second registration and the second alias move.
  await expect(page.locator('[data-testid="audit-event"][data-after-as-of]')).toHaveCount(2);
  await shoot(page, 'registry-as-of', { fullPage: true });
  // Before the first move nothing held Production; now version 2 is champion.
  await events.nth(3).getByTestId('audit-as-of').click();
  await expect(page.locator('[data-testid="as-of-stage"][data-stage="Production"]')).toHaveAttribute('data-versions', '');
  await page.getByTestId('as-of-now').click();
  await expect(page.locator('[data-testid="as-of-alias"][data-alias="champion"]')).toHaveAttribute('data-version', '2');

  // Compare: metrics and params side by side, the differences marked, NaN and ∞ as such; schema differences; gates for Production.
  await page.getByTestId('model-tab-versions').click();
  await page.getByTestId('compare-open').click();
  await expect(page).toHaveURL(new RegExp(`#/registry/${MODEL}/compare\\?a=1&b=2$`));
  const compare = page.getByTestId('version-compare');
  await expect(compare.locator('[data-testid="compare-metric-row"][data-key="f1"]')).toHaveAttribute('data-differs', 'true');
  await expect(compare.locator('[data-testid="compare-metric-row"][data-key="val_loss"]')).toContainText('NaN');
  await expect(compare.locator('[data-testid="compare-metric-row"][data-key="grad_norm"]')).toContainText('∞');
  await expect(compare.locator('[data-testid="compare-param-row"][data-key="criterion"]')).toHaveAttribute('data-differs', 'false');
  await expect(compare.locator('[data-testid="compare-param-row"][data-key="n_estimators"]')).toHaveAttribute('data-differs', 'true');
  await expect(compare.locator('[data-testid="compare-schema-row"]:not([data-change="same"])').first()).toBeVisible();
  await expect(compare.getByTestId('compare-gates-a').getByTestId('gate-result')).toHaveAttribute('data-passed', 'true');
  await expect(compare.getByTestId('compare-gates-b').getByTestId('gate-result')).toHaveAttribute('data-passed', 'false');
  await shoot(page, 'registry-compare', { fullPage: true });

  // A scoring job on version 1's file (the CLI, into the same data folder) shows in its lineage.
  const modelFile = path.join(project, 'runlens', runs[0].id, 'artifacts', 'model.onnx');
  execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'cli.cjs'), 'score', '--model', modelFile, '--input', irisCsv, '--output', path.join(scratch, 'scored.csv'), '--data-dir', server.dataDir]);
  await go(page, `#/registry/${MODEL}/1`);
  const lineage = page.getByTestId('lineage-graph');
  await expect(lineage.locator('[data-testid="lineage-node"][data-kind="job"]')).toHaveCount(1);
  await expect(lineage.locator('[data-testid="lineage-node"][data-kind="commit"]')).toHaveCount(1);
  await expect(lineage.locator('[data-testid="lineage-node"][data-kind="run"]')).toHaveCount(1);
  await expect(lineage.locator('[data-testid="lineage-edge"][data-from="run"][data-to="version"]')).toHaveCount(1);
  const runLink = page.getByTestId('version-facts').getByTestId('run-link');
  await expect(runLink).toHaveText(runs[0].name);
  await shoot(page, 'registry-version-lineage', { fullPage: true });
  // The source run's link opens its panel.
  const runId = await runLink.getAttribute('data-run-id');
  await runLink.click();
  await expect(page).toHaveURL(/#\/runs\//);
  await expect(page.getByTestId('run-drawer')).toHaveAttribute('data-run-id', runId!);

  // The model page with both versions.
  await go(page, `#/registry/${MODEL}`);
  await expect(card(page, 2)).toHaveAttribute('data-stage', 'None');
  await expect(page.locator('[data-testid="version-row"][data-version="1"]')).toHaveAttribute('data-stage', 'Production');
  await shoot(page, 'registry-model', { fullPage: true });

  // A model with a 256-character name, and a version copied from the MLflow registry.
  await registerFromDrawer(page, 'iris-forest-a', LONG_NAME);
  await page.keyboard.press('Escape');
  await go(page, '#/registry');
  const forest = page.locator('[data-testid="mlflow-model"][data-name="sk-learn-random-forest-reg-model"] [data-testid="mlflow-version"][data-version="3"]');
  await forest.getByTestId('mlflow-copy').click();
  await expect(forest.getByTestId('mlflow-copied')).toContainText('sk-learn-random-forest-reg-model v1');
  const row = page.locator(`[data-testid="registry-model-row"][data-name="${MODEL}"]`);
  await expect(row.getByTestId('latest-version')).toHaveText('v2');
  await expect(row.locator('[data-testid="holders"][data-stage="Production"]')).toContainText('v1');
  await expect(row.locator('[data-testid="alias-holder"][data-alias="champion"]')).toHaveAttribute('data-version', '2');
  await expect(page.getByTestId('registry-model-row')).toHaveCount(3);
  // The copy kept MLflow's alias.
  await expect(page.locator('[data-testid="registry-model-row"][data-name="sk-learn-random-forest-reg-model"] [data-testid="alias-holder"][data-alias="champion"]')).toHaveAttribute('data-version', '1');
  // The long name wraps inside its cell: the page does not scroll sideways.
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shoot(page, 'registry-list', { fullPage: true });
  await page.locator(`[data-testid="registry-model-row"][data-name="${LONG_NAME}"]`).getByTestId('registry-model-link').click();
  await expect(page.getByTestId('model-title')).toHaveText(LONG_NAME);
  await expect(card(page, 1)).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shoot(page, 'registry-long-name');
  await card(page, 1).getByTestId('version-card-link').click();
  await expect(page.getByTestId('version-title')).toContainText(LONG_NAME);
  await expect(page.getByTestId('lineage-graph')).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});
