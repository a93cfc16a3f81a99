// The SQL of the scoring domain, all on owned tables: scoring_jobs, appended
// to by every job (a row when it starts, updated once when it ends, its result
// beside it), and model_feature_orders, the order a user confirmed for a model.
import type { ImportanceResult, ScoringJob, ScoringJobKind, ScoringJobStatus } from '../../../shared/scoring/jobs';
import { decode, encode } from '../../../shared/codec';
import type { Db } from '../store/database';

export interface JobStart {
  kind: ScoringJobKind;
  model: ScoringJob['model'];
  inputPath: string;
  outputPath: string | null;
  settings: Record<string, unknown>;
  startedAt: number;
  /** A score job's column of true classes, kept in its output. */
  labelColumn?: string | null;
}

export interface JobEnd {
  status: Exclude<ScoringJobStatus, 'running'>;
  inputSha256: string | null;
  inputRows: number | null;
  durationMs: number;
  rowsPerSecond: number | null;
  error: string | null;
  /** An importance job's result. */
  importance?: ImportanceResult | null;
}

export function startJob(db: Db, job: JobStart): number {
  const result = db
    .prepare(
      `INSERT INTO scoring_jobs (kind, model_path, model_sha256, model_run_id, model_artifact_path, input_path, output_path, settings, started_at, status, label_column)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
    )
    .run(job.kind, job.model.path, job.model.sha256, job.model.runId, job.model.artifactPath, job.inputPath, job.outputPath, JSON.stringify(job.settings), job.startedAt, job.labelColumn ?? null);
  return Number(result.lastInsertRowid);
}

export function endJob(db: Db, id: number, end: JobEnd): void {
  db.prepare(
    `UPDATE scoring_jobs SET status = ?, input_sha256 = ?, input_rows = ?, duration_ms = ?, rows_per_second = ?, error = ?, result = ? WHERE id = ?`,
  ).run(end.status, end.inputSha256, end.inputRows, end.durationMs, end.rowsPerSecond, end.error, end.importance ? encode(end.importance) : null, id);
}

interface JobRow {
  id: number;
  kind: ScoringJobKind;
  model_path: string;
  model_sha256: string | null;
  model_run_id: string | null;
  model_artifact_path: string | null;
  input_path: string;
  input_sha256: string | null;
  input_rows: number | null;
  output_path: string | null;
  settings: string;
  started_at: number;
  duration_ms: number | null;
  rows_per_second: number | null;
  status: ScoringJobStatus;
  error: string | null;
  label_column: string | null;
  result: string | null;
}

export function listJobs(db: Db, limit: number): ScoringJob[] {
  const rows = db.prepare('SELECT * FROM scoring_jobs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as JobRow[];
  return rows.map(jobOf);
}

export function jobById(db: Db, id: number): ScoringJob | null {
  const row = db.prepare('SELECT * FROM scoring_jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row ? jobOf(row) : null;
}

function jobOf(row: JobRow): ScoringJob {
  return {
    id: row.id,
    kind: row.kind,
    model: { path: row.model_path, sha256: row.model_sha256, runId: row.model_run_id, artifactPath: row.model_artifact_path },
    input: { path: row.input_path, sha256: row.input_sha256, rows: row.input_rows },
    outputPath: row.output_path,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    rowsPerSecond: row.rows_per_second,
    status: row.status,
    error: row.error,
    labelColumn: row.label_column,
    importance: row.kind === 'importance' && row.result ? (decode(row.result) as ImportanceResult) : null,
  };
}

/** The feature order confirmed for the model with this SHA-256, or null. */
export function rememberedFeatureOrder(db: Db, modelSha256: string): string[] | null {
  const row = db.prepare('SELECT features FROM model_feature_orders WHERE model_sha256 = ?').get(modelSha256) as { features: string } | undefined;
  return row ? (JSON.parse(row.features) as string[]) : null;
}

export function rememberFeatureOrder(db: Db, modelSha256: string, features: string[] | null): void {
  if (features === null) {
    db.prepare('DELETE FROM model_feature_orders WHERE model_sha256 = ?').run(modelSha256);
    return;
  }
  db.prepare(
    `INSERT INTO model_feature_orders (model_sha256, features, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (model_sha256) DO UPDATE SET features = excluded.features, saved_at = excluded.saved_at`,
  ).run(modelSha256, JSON.stringify(features), Date.now());
}
