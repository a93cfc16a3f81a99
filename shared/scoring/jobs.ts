// A scoring or importance job as Runlens records it (the owned table
// scoring_jobs): which model, on which data, when, and how it ended.

/** The scores permutation importance measures a drop in, by scikit-learn's names. */
export const importanceScorers = ['accuracy', 'roc_auc', 'neg_log_loss'] as const;
export type ImportanceScorer = (typeof importanceScorers)[number];

export const scoringJobKinds = ['score', 'importance'] as const;
export type ScoringJobKind = (typeof scoringJobKinds)[number];
export const scoringJobStatuses = ['running', 'finished', 'failed', 'cancelled'] as const;
export type ScoringJobStatus = (typeof scoringJobStatuses)[number];

/** A finished importance job's result, as scikit-learn's permutation_importance. */
export interface ImportanceResult {
  scorer: ImportanceScorer;
  baselineScore: number;
  /** Highest mean importance first; equal means keep the model's feature order. */
  features: { name: string; mean: number; std: number; importances: number[] }[];
  repeats: number;
  /** The seed of the permutations, null when they were given. */
  seed: number | null;
  rows: number;
}

export interface ScoringJob {
  id: number;
  kind: ScoringJobKind;
  model: {
    path: string;
    sha256: string | null;
    /** The run (stable id) and artifact the model came from, when it came from one. */
    runId: string | null;
    artifactPath: string | null;
  };
  input: { path: string; sha256: string | null; rows: number | null };
  outputPath: string | null;
  settings: Record<string, unknown>;
  startedAt: number;
  durationMs: number | null;
  rowsPerSecond: number | null;
  status: ScoringJobStatus;
  error: string | null;
  /** A score job's column of true classes, kept in its output: its evaluation opens as {jobId}. */
  labelColumn: string | null;
  /** An importance job's result once it finished. */
  importance: ImportanceResult | null;
}
