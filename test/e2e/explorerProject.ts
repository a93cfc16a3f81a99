// A small project for the explorer's end-to-end tests: native runs written as
// the Python logger writes them, with params that differ, curves long enough
// to zoom into, and artifacts to preview (a PNG and a CSV).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './serverProcess';

export interface ExplorerRun {
  name: string;
  model: string;
  lr: string;
  seed: string;
  /** The last f1 logged. */
  f1: number;
}

export const explorerRuns: ExplorerRun[] = [
  { name: 'lgbm-seed1', model: 'lgbm', lr: '0.1', seed: '1', f1: 0.91 },
  { name: 'lgbm-seed2', model: 'lgbm', lr: '0.1', seed: '2', f1: 0.89 },
  { name: 'xgb-seed1', model: 'xgb', lr: '0.05', seed: '1', f1: 0.86 },
  { name: 'xgb-seed2', model: 'xgb', lr: '0.05', seed: '2', f1: 0.84 },
  { name: 'linear-seed1', model: 'linear', lr: '1', seed: '1', f1: 0.62 },
  { name: 'linear-seed2', model: 'linear', lr: '1', seed: '2', f1: 0.6 },
];

export const explorerSteps = 400;

export function writeExplorerProject(folder: string): void {
  const start = Date.now() - 3_600_000;
  explorerRuns.forEach((run, index) => {
    const runFolder = path.join(folder, run.name);
    const artifacts = path.join(runFolder, 'artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    const id = (index + 1).toString(16).padStart(32, 'a');
    const runStart = start + index * 60_000;
    fs.writeFileSync(
      path.join(runFolder, 'run.json'),
      JSON.stringify({
        format: 'runlens.run',
        version: 1,
        id,
        name: run.name,
        experiment: 'explorer',
        start_time: runStart,
        params: { model: run.model, lr: run.lr, seed: run.seed, epochs: '20' },
        tags: { team: 'fraud' },
        system: { hostname: 'e2e-host', python: '3.11.4', git_commit: '9fceb02d0ae598e95dc970b74767f19372d61af8', git_dirty: true, command: ['train.py', '--model', run.model], heartbeat_interval_s: 5 },
      }),
    );
    let lines = '';
    for (let step = 0; step < explorerSteps; step++) {
      const progress = step / (explorerSteps - 1);
      const f1 = run.f1 * (1 - Math.exp(-5 * progress)) / (1 - Math.exp(-5)) + (step % 7) * 0.001 - 0.003;
      const loss = 2 * Math.exp(-4 * progress) + (run.seed === '1' ? 0.01 : 0.02) + (step % 5) * 0.002;
      lines += `${JSON.stringify({ step, timestamp: runStart + step * 1000, values: { loss, f1: step === explorerSteps - 1 ? run.f1 : f1 } })}\n`;
    }
    fs.writeFileSync(path.join(runFolder, 'metrics.jsonl'), lines);
    fs.writeFileSync(path.join(runFolder, 'heartbeat'), '');
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'artifacts', 'pixels.png'), path.join(artifacts, 'confusion.png'));
    fs.writeFileSync(path.join(artifacts, 'predictions.csv'), 'id,y_true,proba_1\n1,1,0.93\n2,0,0.12\n3,1,0.71\n');
    // As log_artifact records them: one event per file copied into artifacts/.
    const events = ['confusion.png', 'predictions.csv'].map((file) =>
      JSON.stringify({ type: 'artifact', path: `artifacts/${file}`, size: fs.statSync(path.join(artifacts, file)).size, timestamp: runStart }),
    );
    events.push(JSON.stringify({ type: 'end', status: 'FINISHED', timestamp: runStart + explorerSteps * 1000 }));
    fs.writeFileSync(path.join(runFolder, 'events.jsonl'), `${events.join('\n')}\n`);
  });
}
