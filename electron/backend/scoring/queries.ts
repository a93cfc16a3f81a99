// The SQL of the scoring domain: the owned table scoring_jobs, appended to by
// every job (a row when it starts, updated once when it ends).
import type { ScoringJob, ScoringJobKind, ScoringJobStatus } from '../../../shared/scoring/jobs';
import type { Db } from '../store/database';

export interface JobStart {
  kind: ScoringJobKind;
  model: ScoringJob['model'];
  inputPath: string;
  outputPath: string | null;
  settings: Record<string, unknown>;
  startedAt: number;
}

export interface JobEnd {
  status: Exclude<ScoringJobStatus, 'running'>;
  inputSha256: string | null;
  inputRows: number | null;
  durationMs: number;
  rowsPerSecond: number | null;
  error: string | null;
}

export function startJob(db: Db, job: JobStart): number {
  const result = db
    .prepare(
      `INSERT INTO scoring_jobs (kind, model_path, model_sha256, model_run_id, model_artifact_path, input_path, output_path, settings, started_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
    )
    .run(job.kind, job.model.path, job.model.sha256, job.model.runId, job.model.artifactPath, job.inputPath, job.outputPath, JSON.stringify(job.settings), job.startedAt);
  return Number(result.lastInsertRowid);
}

export function endJob(db: Db, id: number, end: JobEnd): void {
  db.prepare(
    `UPDATE scoring_jobs SET status = ?, input_sha256 = ?, input_rows = ?, duration_ms = ?, rows_per_second = ?, error = ? WHERE id = ?`,
  ).run(end.status, end.inputSha256, end.inputRows, end.durationMs, end.rowsPerSecond, end.error, id);
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
}

export function listJobs(db: Db, limit: number): ScoringJob[] {
  const rows = db.prepare('SELECT * FROM scoring_jobs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as JobRow[];
  return rows.map((row) => ({
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
  }));
}
