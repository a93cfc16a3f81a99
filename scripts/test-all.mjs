// `npm test`: build, type-check, then every suite (vitest, Python's unittest,
// Playwright), each run even when an earlier one failed. Each runner writes a
// JSON report under test-results/; the last line printed is the totals of all
// suites, `N passed, N failed, N skipped`, which CI reads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = path.join(root, 'test-results');
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

function add(label, counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

// 1. Build and type-check: nothing else is meaningful if these fail.
for (const [label, command, args] of [
  ['build', 'npm', ['run', '--silent', 'build']],
  ['typecheck', 'npx', ['tsc', '-b']],
]) {
  const ok = run(label, command, args);
  add(label, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

// 2. vitest: unit and integration tests (shared/, backend, renderer logic).
run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest.json')}`]);
try {
  const report = JSON.parse(fs.readFileSync(path.join(results, 'vitest.json'), 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const failedSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  add('vitest', { passed: report.numPassedTests, failed: report.numFailedTests + failedSuites, skipped });
} catch (error) {
  add('vitest', { passed: 0, failed: 1, skipped: 0 });
  console.error(`no vitest report: ${error.message}`);
}

// 3. The Python logger's own tests, with Debian's python3 when present.
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
console.log(`\n=== python: ${python} -m unittest discover -s test/python`);
const py = capture(python, ['-m', 'unittest', 'discover', '-s', 'test/python', '-v']);
const ran = Number(/Ran (\d+) tests?/.exec(py.output)?.[1] ?? 0);
const count = (name) => Number(new RegExp(`${name}=(\\d+)`).exec(py.output)?.[1] ?? 0);
const pyFailed = count('failures') + count('errors') + count('unexpected successes') + (ran === 0 || (!py.ok && !/FAILED/.test(py.output)) ? 1 : 0);
const pySkipped = count('skipped') + count('expected failures');
add('python', { passed: Math.max(0, ran - count('failures') - count('errors') - pySkipped), failed: pyFailed, skipped: pySkipped });
fs.writeFileSync(path.join(results, 'python.txt'), py.output);

// 4. Playwright end-to-end tests in Chromium (and Electron where its binary exists).
run('playwright', 'npx', ['playwright', 'test', '--config', 'test/e2e/playwright.config.ts']);
try {
  const report = JSON.parse(fs.readFileSync(path.join(results, 'playwright.json'), 'utf8'));
  const stats = report.stats ?? {};
  add('playwright', { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0), skipped: stats.skipped ?? 0 });
} catch (error) {
  add('playwright', { passed: 0, failed: 1, skipped: 0 });
  console.error(`no playwright report: ${error.message}`);
}

console.log('\n=== totals by suite');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
