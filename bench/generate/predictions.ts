// A native run holding a logged predictions set of any size (docs/FORMAT.md,
// "Predictions"), as the Python logger's log_predictions writes it: a CSV with
// y_true, score and a group column, and its manifest, both recorded as artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../lib/random';

/** Writes the run under `<project>/runlens/<id>/`; returns the run folder. */
export function generatePredictionRun(project: string, rows: number, seed = 7): string {
  const id = `${'e'.repeat(24)}${rows.toString(16).padStart(8, '0')}`;
  const folder = path.join(project, 'runlens', id);
  const predictions = path.join(folder, 'artifacts', 'predictions');
  fs.mkdirSync(predictions, { recursive: true });
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify({ format: 'runlens.run', version: 1, id, name: `predictions-${rows}`, experiment: 'bench', start_time: 1_763_900_000_000, params: {}, tags: {}, system: {} }));
  fs.writeFileSync(path.join(folder, 'metrics.jsonl'), '');
  const random = seededRandom(seed);
  const groups = ['north', 'south', 'east'];
  const fd = fs.openSync(path.join(predictions, 'test.csv'), 'w');
  let buffer = 'y_true,score,clinic\n';
  for (let i = 0; i < rows; i++) {
    const positive = random() < 0.3;
    // Overlapping score distributions: a useful but imperfect classifier.
    const score = Math.min(1, Math.max(0, (positive ? 0.65 : 0.35) + (random() + random() + random() - 1.5) * 0.45));
    buffer += `${positive ? 1 : 0},${score},${groups[i % 3]}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  const manifest = { format: 'runlens.predictions', version: 1, split: 'test', file: 'test.csv', label_column: 'y_true', score_columns: ['score'], classes: ['0', '1'], positive: '1', extra_columns: ['clinic'], rows };
  fs.writeFileSync(path.join(predictions, 'test.json'), JSON.stringify(manifest));
  const artifact = (name: string) => JSON.stringify({ type: 'artifact', path: `artifacts/predictions/${name}`, size: fs.statSync(path.join(predictions, name)).size });
  fs.writeFileSync(path.join(folder, 'events.jsonl'), `${artifact('test.csv')}\n${artifact('test.json')}\n${JSON.stringify({ type: 'end', status: 'FINISHED', timestamp: 1_763_900_100_000 })}\n`);
  return folder;
}
