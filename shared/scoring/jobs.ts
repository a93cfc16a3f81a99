// A scoring or importance job as Runlens records it (the owned table
// scoring_jobs): which model, on which data, when, and how it ended.

export const scoringJobKinds = ['score', 'importance'] as const;
export type ScoringJobKind = (typeof scoringJobKinds)[number];
export const scoringJobStatuses = ['running', 'finished', 'failed', 'cancelled'] as const;
export type ScoringJobStatus = (typeof scoringJobStatuses)[number];

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
}
