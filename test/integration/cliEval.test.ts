// `runlens eval` as a user types it, against scikit-learn's values
// (test/fixtures/evaluation/reference/reference.json, made by make_reference.py
// beside it): the metrics table, the matrix, ROC and PR points, calibration
// bins and the per-group table; and bad input that exits 2 with a clear message.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, tempDir } from '../helpers';

afterAll(removeTempDirs);

const bin = path.join(repoRoot, 'bin', 'runlens.cjs');
interface Case {
  name: string;
  classes: string[];
  y_true: (number | string)[];
  scores: number[] | number[][];
  groups: string[] | null;
  expected: Record<string, any>;
}
const reference = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'evaluation', 'reference', 'reference.json'), 'utf8')) as { cases: Case[] };
const caseNamed = (name: string): Case => reference.cases.find((c) => c.name === name)!;
const value = (entry: { value: any }): any => entry.value;

function runlens(args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'eval', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeCsv(lines: string[]): string {
  const file = path.join(tempDir('runlens-eval-cli-'), 'predictions.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The case as the CSV a user would have: label, one score column (binary) or one per class, the group. */
function csvOf(c: Case): string {
  // A multiclass case holds one list of scores per class.
  const perClass = Array.isArray(c.scores[0]);
  const header = ['y_true', ...(perClass ? c.classes.map((k) => `prob_${k}`) : ['score']), ...(c.groups ? ['clinic'] : [])];
  const scoresOf = (i: number) => (perClass ? (c.scores as number[][]).map((column) => String(column[i])) : [String(c.scores[i])]);
  // Labels are class indexes into `classes` (iris's are the species' names).
  const labelOf = (label: number | string) => (typeof label === 'number' ? (c.classes[label] ?? String(label)) : label);
  const rows = c.y_true.map((label, i) => [labelOf(label), ...scoresOf(i), ...(c.groups ? [c.groups[i]] : [])].join(','));
  return writeCsv([header.join(','), ...rows]);
}

function json(args: string[]): Record<string, any> {
  const out = runlens([...args, '--json']);
  if (out.code !== 0) throw new Error(`exit ${out.code}: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
const allClose = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => close(a, expected[i]));
};

describe('runlens eval on a binary problem', () => {
  const c = caseNamed('breast_cancer_logreg');
  const report = json(['--predictions', csvOf(c), '--group', 'clinic', '--threshold', '0.5']);
  const at = c.expected.at['0.5'];

  it('prints the metrics table as scikit-learn computes it', () => {
    expect(report).toMatchObject({ kind: 'binary', labels: ['0', '1'], positive: '1', rows: 171, threshold: 0.5 });
    for (const name of ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'kappa', 'mcc']) close(report[name], value(at[name]));
    close(report.roc_auc, value(c.expected.roc_auc));
    close(report.average_precision, value(c.expected.average_precision));
    close(report.log_loss, value(c.expected.log_loss));
    close(report.brier, value(c.expected.brier));
    expect(report.confusion).toEqual({ labels: ['0', '1'], counts: value(at.confusion) });
  });

  it('prints ROC points with the first threshold as "Infinity", PR points and calibration bins', () => {
    const [fpr, tpr, thresholds] = value(c.expected.roc) as number[][];
    allClose(report.roc.map((p: any) => p.fpr), fpr);
    allClose(report.roc.map((p: any) => p.tpr), tpr);
    expect(report.roc[0].threshold).toBe('Infinity');
    // scikit-learn 1.2 (installed here) writes max + 1 where 1.3 and later write inf.
    allClose(report.roc.slice(1).map((p: any) => p.threshold), thresholds.slice(1));
    const [precision, recall, prThresholds] = value(c.expected.pr) as number[][];
    allClose(report.pr.map((p: any) => p.precision), precision);
    allClose(report.pr.map((p: any) => p.recall), recall);
    allClose(report.pr.slice(0, -1).map((p: any) => p.threshold), prThresholds);
    const [fractionPositive, meanPredicted] = value(c.expected.calibration_uniform_10) as number[][];
    allClose(report.calibration.map((b: any) => b.fraction_positive), fractionPositive);
    allClose(report.calibration.map((b: any) => b.mean_predicted), meanPredicted);
  });

  it('prints the per-group table with the parity and equalized-odds figures', () => {
    const expected = value(c.expected.fairness['0.5'].groups) as Record<string, number | string | boolean>[];
    const summary = value(c.expected.fairness['0.5'].summary) as Record<string, number>;
    expect(report.group_column).toBe('clinic');
    for (const group of expected) {
      const row = report.groups.find((g: any) => g.group === group.group);
      expect(row.size).toBe(group.size);
      close(row.selection_rate, group.selectionRate as number);
      close(row.true_positive_rate, group.truePositiveRate as number);
      close(row.false_positive_rate, group.falsePositiveRate as number);
      expect(row.fails_four_fifths).toBe(group.failsFourFifths);
    }
    close(report.demographic_parity_difference, summary.demographicParityDifference);
    close(report.demographic_parity_ratio, summary.demographicParityRatio);
    close(report.equalized_odds_difference, summary.equalizedOddsDifference);
    close(report.equalized_odds_ratio, summary.equalizedOddsRatio);
  });

  it('prints a readable table without --json', () => {
    const out = runlens(['--predictions', csvOf(c), '--group', 'clinic']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/ROC AUC\s+0\.998/);
    expect(out.stdout).toContain('Confusion matrix');
    expect(out.stdout).toContain('Demographic parity difference');
  });
});

describe('runlens eval on a multiclass problem with string labels', () => {
  it('agrees with scikit-learn on the arg-max metrics and the one-vs-rest AUCs', () => {
    const c = caseNamed('iris_forest');
    const report = json(['--predictions', csvOf(c)]);
    expect(report).toMatchObject({ kind: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'], rows: 60 });
    close(report.accuracy, value(c.expected.accuracy));
    close(report.balanced_accuracy, value(c.expected.balanced_accuracy));
    close(report.kappa, value(c.expected.kappa));
    close(report.mcc, value(c.expected.mcc));
    close(report.log_loss, value(c.expected.log_loss));
    close(report.roc_auc_macro, value(c.expected.roc_auc_macro));
    expect(report.confusion.counts).toEqual(value(c.expected.confusion));
    const [precision, recall, f1, support] = value(c.expected.per_class) as number[][];
    report.per_class.forEach((row: any, i: number) => {
      close(row.precision, precision[i]);
      close(row.recall, recall[i]);
      close(row.f1, f1[i]);
      expect(row.support).toBe(support[i]);
    });
  });
});

describe('runlens eval on bad input', () => {
  it('says why ROC AUC is undefined for a single class, never printing 0', () => {
    const file = writeCsv(['y_true,score', '1,0.9', '1,0.4', '1,0.7']);
    const report = json(['--predictions', file, '--positive', '1']);
    expect(report.roc_auc).toBeNull();
    expect(report.undefined_metrics.roc_auc).toMatch(/one class/);
  });

  it('takes string labels with --positive', () => {
    const file = writeCsv(['label,score', 'yes,0.9', 'no,0.2', 'yes,0.6', 'no,0.7']);
    const report = json(['--predictions', file, '--positive', 'yes']);
    expect(report).toMatchObject({ labels: ['no', 'yes'], positive: 'yes', roc_auc: 0.75 });
  });

  it('names a label that has no score column (0/1 against yes/no), and exits 2', () => {
    const file = writeCsv(['y_true,prob_no,prob_yes', '0,0.8,0.2', '1,0.3,0.7']);
    const out = runlens(['--predictions', file]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Label "0" .* has no score column/);
  });

  it('names a score column that holds labels, and exits 2', () => {
    const file = writeCsv(['y_true,score', '1,yes', '0,no']);
    const out = runlens(['--predictions', file, '--scores', 'score']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Column "score" holds text/);
  });

  it('counts rows without a label, takes "0" and "0.0" as one class, and reads --label\'s own column', () => {
    const file = writeCsv(['label,outcome,score', 'cat,1,0.9', 'dog,0.0,0.2', ',1.0,0.7', 'cat,0,0.4', 'dog,,0.6']);
    const report = json(['--predictions', file, '--label', 'outcome', '--scores', 'score']);
    expect(report).toMatchObject({ labels: ['0', '1'], positive: '1', rows: 4 });
    expect(report.warnings.join('\n')).toContain('1 rows have no label in "outcome"');
  });

  it('stops at a quote that never closes, naming its line, instead of skipping the rest of the file', () => {
    const lines = ['y_true,score', '1,0.9', '"0,0.1'];
    for (let i = 0; i < 1000; i++) lines.push(`${i % 2},0.${i % 10}`);
    const out = runlens(['--predictions', writeCsv(lines)]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Line \d+ opens a quoted field that never closes/);
  });

  it('exits 2 for a missing file, a missing column and a bad threshold', () => {
    expect(runlens(['--predictions', '/no/such/file.csv']).code).toBe(2);
    const file = writeCsv(['y_true,score', '1,0.9', '0,0.1']);
    const missing = runlens(['--predictions', file, '--label', 'target']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no column "target"');
    expect(runlens(['--predictions', file, '--threshold', 'high']).code).toBe(2);
  });
});

describe('runlens eval on Parquet', () => {
  it('reads a Parquet file in row groups to the same numbers as its CSV', () => {
    const c = caseNamed('breast_cancer_logreg');
    const report = json(['--predictions', path.join(repoRoot, 'test', 'fixtures', 'evaluation', 'parquet', 'scored.parquet'), '--group', 'clinic']);
    expect(report).toMatchObject({ kind: 'binary', rows: 171, label_column: 'y_true', score_columns: ['score'] });
    close(report.roc_auc, value(c.expected.roc_auc));
    close(report.log_loss, value(c.expected.log_loss));
    expect(report.confusion.counts).toEqual(value(c.expected.at['0.5'].confusion));
    expect(report.groups).toHaveLength(3);
  });

  it('says a damaged Parquet file is not one, and exits 2', () => {
    const file = path.join(tempDir('runlens-eval-parquet-'), 'broken.parquet');
    fs.writeFileSync(file, 'PAR1 this is not a parquet file');
    const out = runlens(['--predictions', file]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('Parquet');
  });
});
