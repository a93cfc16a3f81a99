// `runlens` on the command line, over the same backend as the app.
//   runlens serve [--port N] [--data-dir D] [--project DIR]... [--no-open]
//   runlens ingest DIR... [--data-dir D] [--json]
//   runlens runs [--data-dir D] [--project DIR] [--all] [--filter EXPR] [--order-by EXPR] [--limit N] [--json]
//   runlens models [--data-dir D] [--json]
//   runlens registry list|register|transition|alias|audit|as-of|export|import … [--data-dir D] [--json]
//   runlens score --model FILE --input CSV|PARQUET --output CSV [--batch N] [--threads N] [--missing fail|nan] [--id COL] [--features a,b] [--json]
//   runlens importance --model FILE --data CSV --label COL [--repeats 5] [--seed S] [--scorer accuracy|roc_auc|neg_log_loss] [--features a,b] [--json]
//   runlens eval --predictions FILE [--label COL] [--scores COL,...] [--positive LABEL] [--group COL] [--threshold T] [--json]
//   runlens drift --reference CSV --current CSV [--method col=ks] [--threshold col=0.2] [--drift-share 0.5] [--json]
//   runlens monitor add|list|run … [--data-dir D] [--json]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toPlainJson } from '../shared/codec';
import type { IngestProgress, IngestSummary, RegisteredModel, Run } from '../shared/domain';
import { createBackend, type Backend, type BackendHost } from './backend/backend';
import { EvalInputError, evaluateForCli, formatEvalReport } from './cliEval';
import { ScoreInputError, ScoreModelError, scoreForCli } from './cliScore';
import { ImportanceInputError, ImportanceModelError, importanceForCli } from './cliImportance';
import { ExpressionError, listRunsForCli } from './cliRuns';
import { registryCli, registryUsage } from './cliRegistry';
import { driftCli, driftUsage } from './cliDrift';
import { defaultDataDir } from './backend/dataDir';
import { openBrowser } from './openBrowser';
import { startServer } from './server';

declare const RUNLENS_VERSION: string;
const version = typeof RUNLENS_VERSION === 'string' ? RUNLENS_VERSION : '0.0.0-dev';

const usage = `Usage:
  runlens serve  [--port N] [--data-dir D] [--project DIR]... [--no-open]
  runlens ingest DIR... [--data-dir D] [--json]
  runlens runs   [--data-dir D] [--project DIR] [--all] [--filter EXPR] [--order-by EXPR] [--limit N] [--json]
                 --all: with runs deleted in their source
                 --filter: MLflow search syntax, e.g. "metrics.f1 > 0.8 and params.model = 'lgbm'"
                 --order-by: e.g. 'metrics.f1 DESC, attributes.start_time'
  runlens models [--data-dir D] [--json]                           (the MLflow registries found in project folders, read-only)
${registryUsage}
  runlens score  --model FILE --input CSV|PARQUET --output CSV [--batch N] [--threads N] [--missing fail|nan] [--id COL] [--features a,b] [--json]
                 score a CSV or .parquet file with an ONNX model (recorded as a job); --missing nan passes empty cells as NaN;
                 --features: a 2-D input's columns in order, when the model names none
  runlens importance --model FILE --data CSV --label COL [--repeats 5] [--seed S] [--scorer accuracy|roc_auc|neg_log_loss] [--features a,b] [--json]
                 permutation importance, as scikit-learn's permutation_importance (recorded as a job)
  runlens eval   --predictions FILE [--label COL] [--scores COL,...] [--positive LABEL] [--group COL] [--threshold T] [--json]
                 a classifier's metrics, confusion matrix, ROC, PR and calibration from a CSV, TSV, JSON-lines or Parquet file;
                 --scores: one probability column per class, or one for the positive class (--positive names it)
${driftUsage}`;

class UsageError extends Error {}

/** A flag's whole number within [min, max], or undefined when the flag is absent. */
function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

/** The CLI's --json speaks snake_case (the issues' field names); the API is camelCase. */
export function runToJson(run: Run, sourceRunId: string | null = null): Record<string, unknown> {
  return {
    id: run.id,
    source: run.source,
    /** MLflow's run id, the native run's id, or the TensorBoard or DVCLive run's folder. */
    source_run_id: sourceRunId,
    experiment: run.experiment,
    name: run.name,
    path: run.path,
    status: run.status,
    status_reason: run.statusReason,
    start_time: run.startTime,
    end_time: run.endTime,
    params: run.params,
    tags: run.tags,
    metrics: Object.fromEntries(
      Object.entries(run.metrics).map(([key, m]) => [
        key,
        { last: m.last, min: m.min, max: m.max, last_step: m.lastStep, count: m.count },
      ]),
    ),
    warning_count: run.warningCount,
    deleted: run.deleted,
  };
}

function modelToJson(model: RegisteredModel): Record<string, unknown> {
  return {
    name: model.name,
    source: model.source,
    location: model.location,
    description: model.description,
    created_time: model.createdTime,
    updated_time: model.updatedTime,
    tags: model.tags,
    aliases: model.aliases,
    versions: model.versions.map((v) => ({
      version: v.version,
      stage: v.stage,
      status: v.status,
      source: v.sourceUri,
      source_run_id: v.sourceRunId,
      run_id: v.runId,
      aliases: v.aliases,
      tags: v.tags,
      created_time: v.createdTime,
    })),
  };
}

function ingestToJson(summary: IngestSummary): Record<string, unknown> {
  return {
    project_path: summary.projectPath,
    runs_found: summary.runsFound,
    files_read: summary.filesRead,
    points_added: summary.pointsAdded,
    lines_skipped: summary.linesSkipped,
    cancelled: summary.cancelled,
    warnings: summary.warnings.map((w) => ({ path: w.path, run_id: w.runId, message: w.message, count: w.count })),
  };
}

/** The worker bundled beside this file; absent when run from source. */
function bundledScript(name: string): string | undefined {
  const script = path.join(__dirname, name);
  return fs.existsSync(script) ? script : undefined;
}
const ingestWorkerScript = () => bundledScript('ingestWorker.cjs');
const evaluationWorkerScript = () => bundledScript('evaluationWorker.cjs');
const scoringWorkerScript = () => bundledScript('scoringWorker.cjs');

async function withBackend<T>(dataDir: string, work: (backend: Backend) => Promise<T>, emit: BackendHost['emit'] = () => {}): Promise<T> {
  const backend = await createBackend({ dataDir, mode: 'cli', version, emit, watch: false, ingestWorker: ingestWorkerScript(), evaluationWorker: evaluationWorkerScript(), scoringWorker: scoringWorkerScript() });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

function formatDuration(run: Run): string {
  if (!run.startTime) return '';
  const ms = (run.endTime ?? Date.now()) - run.startTime;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // The registry's subcommands have flags of their own (cliRegistry.ts).
  if (command === 'registry') return registryCli(rest, withBackend);
  // So do drift's and the monitors' (cliDrift.ts).
  if (command === 'drift' || command === 'monitor') return driftCli(command, rest, withBackend);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      project: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      all: { type: 'boolean' },
      filter: { type: 'string' },
      'order-by': { type: 'string' },
      limit: { type: 'string' },
      predictions: { type: 'string' },
      label: { type: 'string' },
      scores: { type: 'string' },
      positive: { type: 'string' },
      group: { type: 'string' },
      threshold: { type: 'string' },
      model: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      batch: { type: 'string' },
      threads: { type: 'string' },
      missing: { type: 'string' },
      id: { type: 'string' },
      features: { type: 'string' },
      data: { type: 'string' },
      repeats: { type: 'string' },
      seed: { type: 'string' },
      scorer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());

  switch (command) {
    case 'serve': {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
      const staticDir = path.join(__dirname, '..', 'renderer');
      const server = await startServer({ dataDir, port, staticDir, version, projects: values.project ?? [], ingestWorker: ingestWorkerScript(), evaluationWorker: evaluationWorkerScript(), scoringWorker: scoringWorkerScript() });
      console.log(`Runlens is serving ${dataDir}`);
      console.log(`Open ${server.url}`);
      if (!values['no-open']) openBrowser(dataDir, server.url);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return new Promise<number>(() => {}); // runs until a signal
    }
    case 'ingest': {
      if (positionals.length === 0) throw new UsageError('runlens ingest needs at least one folder');
      let failed = 0;
      // On a terminal, one line of progress on stderr. Ctrl-C stops the read
      // in progress and keeps the runs read so far (a second one quits).
      const showProgress = process.stderr.isTTY === true;
      let reading: number | null = null;
      const onProgress = (progress: IngestProgress) => {
        reading = progress.done ? null : progress.projectId;
        if (!showProgress) return;
        const line = progress.done
          ? ''
          : `Reading ${progress.projectPath}: ${progress.runsDone.toLocaleString()} of ${progress.runsTotal.toLocaleString()} runs (Ctrl-C stops, keeping them)`;
        process.stderr.write(`\r\x1b[2K${line}`);
      };
      const summaries = await withBackend(
        dataDir,
        async (backend) => {
          const out: IngestSummary[] = [];
          let interrupted = false;
          const onInterrupt = () => {
            if (reading === null || interrupted) process.exit(130);
            interrupted = true;
            void backend.send('projects/cancelIngest', { projectId: reading });
          };
          process.on('SIGINT', onInterrupt);
          try {
            for (const folder of positionals) {
              const result = await backend.send('projects/add', { path: path.resolve(folder) });
              if (!result.ok) {
                failed += 1;
                console.error(`runlens: ${result.error.message}`);
                continue;
              }
              out.push(result.value.ingest);
              if (result.value.ingest.cancelled) break;
            }
          } finally {
            process.off('SIGINT', onInterrupt);
          }
          return out;
        },
        (name, payload) => {
          if (name === 'ingest/progress') onProgress(payload as IngestProgress);
        },
      );
      if (values.json) console.log(toPlainJson(summaries.map(ingestToJson)));
      else {
        for (const s of summaries) {
          const stopped = s.cancelled ? ' (stopped: the rest is read by the next `runlens ingest` or start)' : '';
          console.log(`${s.projectPath}: ${s.runsFound} runs, ${s.pointsAdded} new metric points, ${s.linesSkipped} malformed lines skipped${stopped}`);
          for (const w of s.warnings) console.log(`  warning: ${w.path}: ${w.message}${w.count > 1 ? ` (x${w.count})` : ''}`);
        }
      }
      return failed ? 1 : 0;
    }
    case 'runs': {
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError(`--limit must be a whole number, not "${values.limit}"`);
      const listed = await withBackend(dataDir, async (backend) => {
        let projectId: number | undefined;
        if (values.project?.length) {
          const list = await backend.send('projects/list', {});
          const wanted = path.resolve(values.project[0]);
          projectId = list.ok ? list.value.find((p) => p.path === wanted)?.id : undefined;
          if (projectId === undefined) throw new UsageError(`${wanted} is not a registered project (run \`runlens ingest ${wanted}\` first)`);
        }
        return listRunsForCli(backend, { projectId, includeDeleted: values.all ?? false, filter: values.filter, orderBy: values['order-by'], limit });
      });
      if (values.json) console.log(toPlainJson(listed.map(({ run, sourceRunId }) => runToJson(run, sourceRunId))));
      else {
        if (listed.length === 0) console.log(values.filter ? 'No run matches the filter.' : 'No runs yet. Add a project folder with `runlens ingest DIR`.');
        for (const { run } of listed) {
          const metrics = Object.entries(run.metrics).slice(0, 4).map(([k, m]) => `${k}=${Number(m.last).toPrecision(4)}`).join(' ');
          console.log(`${run.status.padEnd(9)} ${run.name.padEnd(24)} ${run.experiment.padEnd(12)} ${formatDuration(run).padStart(7)}  ${metrics}`);
        }
      }
      return 0;
    }
    case 'models': {
      const models = await withBackend(dataDir, async (backend) => {
        const result = await backend.send('registry/models', {});
        if (!result.ok) throw new Error(result.error.message);
        return result.value;
      });
      if (values.json) console.log(toPlainJson(models.map(modelToJson)));
      else {
        if (models.length === 0) console.log('No registered models found in the project folders.');
        for (const model of models) {
          const versions = model.versions.map((v) => `v${v.version}${v.stage && v.stage !== 'None' ? ` (${v.stage})` : ''}${v.aliases.length ? ` @${v.aliases.join(',@')}` : ''}`);
          console.log(`${model.name.padEnd(28)} ${versions.join('  ')}`);
        }
      }
      return 0;
    }
    case 'score': {
      if (!values.model || !values.input || !values.output) throw new UsageError('runlens score needs --model FILE --input CSV|PARQUET --output CSV');
      const missing = values.missing ?? 'fail';
      if (missing !== 'fail' && missing !== 'nan') throw new UsageError(`--missing must be fail or nan, not "${missing}"`);
      const showProgress = process.stderr.isTTY === true;
      const summary = await scoreForCli({
        dataDir,
        model: values.model,
        input: values.input,
        output: values.output,
        batch: wholeNumber('batch', values.batch, 1, 1_000_000),
        threads: wholeNumber('threads', values.threads, 1, 64),
        missing,
        idColumn: values.id,
        features: values.features?.split(',').map((name) => name.trim()).filter((name) => name !== ''),
        onProgress: showProgress ? (rows, rate, fraction) => process.stderr.write(`\r\x1b[2KScored ${rows.toLocaleString()} rows (${Math.round(rate).toLocaleString()} rows/s, ${Math.round(fraction * 100)}%)`) : undefined,
      });
      if (showProgress) process.stderr.write('\r\x1b[2K');
      console.log(values.json ? toPlainJson(summary) : `Scored ${summary.rows} rows in ${Number(summary.seconds).toFixed(2)} s (${Math.round(Number(summary.rows_per_second))} rows/s) into ${summary.output}`);
      return 0;
    }
    case 'importance': {
      if (!values.model || !values.data || !values.label) throw new UsageError('runlens importance needs --model FILE --data CSV --label COL');
      const showProgress = process.stderr.isTTY === true;
      const report = await importanceForCli({
        dataDir,
        model: values.model,
        data: values.data,
        label: values.label,
        repeats: wholeNumber('repeats', values.repeats, 1, 1000),
        seed: wholeNumber('seed', values.seed, 0, 2 ** 32 - 1),
        scorer: values.scorer,
        threads: wholeNumber('threads', values.threads, 1, 64),
        batch: wholeNumber('batch', values.batch, 1, 1_000_000),
        features: values.features?.split(',').map((name) => name.trim()).filter((name) => name !== ''),
        onProgress: showProgress ? (done, total) => process.stderr.write(`\r\x1b[2KShuffled ${done} of ${total} features`) : undefined,
      });
      if (showProgress) process.stderr.write('\r\x1b[2K');
      if (values.json) console.log(toPlainJson(report));
      else {
        console.log(`Baseline ${report.scorer}: ${report.baseline_score} (${report.rows} rows, ${report.repeats} repeats, seed ${report.seed})`);
        for (const f of report.features as { name: string; importance_mean: number; importance_std: number }[]) console.log(`  ${f.name.padEnd(28)} ${f.importance_mean.toFixed(6)} ± ${f.importance_std.toFixed(6)}`);
      }
      return 0;
    }
    case 'eval': {
      if (!values.predictions) throw new UsageError('runlens eval needs --predictions FILE');
      const threshold = values.threshold === undefined ? 0.5 : Number(values.threshold);
      if (values.threshold !== undefined && (values.threshold.trim() === '' || !Number.isFinite(threshold))) throw new UsageError(`--threshold must be a number, not "${values.threshold}"`);
      const scores = values.scores?.split(',').map((name) => name.trim()).filter((name) => name !== '');
      const report = await evaluateForCli({ predictions: values.predictions, label: values.label, scores, positive: values.positive, group: values.group, threshold });
      console.log(values.json ? toPlainJson(report) : formatEvalReport(report));
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n${usage}`);
  }
}

export function run(): void {
  // exitCode, not exit(): exit() drops what is still buffered for a piped stdout (long --json output).
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      console.error(`runlens: ${error.message}`);
      process.exitCode = error instanceof ScoreModelError || error instanceof ImportanceModelError
          ? 3
          : error instanceof UsageError || error instanceof ExpressionError || error instanceof EvalInputError || error instanceof ScoreInputError || error instanceof ImportanceInputError
            ? 2
            : 1;
    },
  );
}

if (require.main === module) run();
