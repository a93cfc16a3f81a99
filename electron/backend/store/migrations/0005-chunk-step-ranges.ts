import type { Migration } from './migration';

/** A chunk's steps as this migration was written for them (little-endian float64s): fixed here, as migrations never change. */
function decodeSteps(blob: Buffer, count: number): Float64Array {
  const out = new Float64Array(count);
  new Uint8Array(out.buffer).set(blob.subarray(0, count * 8));
  return out;
}

export const migration: Migration = {
  version: 5,
  name: 'chunk step ranges',
  // first_step and last_step now hold a chunk's lowest and highest step (range
  // reads pick chunks by them); until now they held its first and last, which
  // differ where steps came out of order.
  sql: '',
  run(db) {
    const update = db.prepare('UPDATE metric_chunks SET first_step = ?, last_step = ? WHERE rowid = ?');
    const chunks = db.prepare('SELECT rowid AS id, point_count, steps, first_step, last_step FROM metric_chunks').iterate() as IterableIterator<{
      id: number; point_count: number; steps: Buffer; first_step: number; last_step: number;
    }>;
    const changes: [number, number, number][] = [];
    for (const chunk of chunks) {
      const steps = decodeSteps(chunk.steps, chunk.point_count);
      let low = Infinity;
      let high = -Infinity;
      for (const step of steps) {
        if (step < low) low = step;
        if (step > high) high = step;
      }
      if (low !== chunk.first_step || high !== chunk.last_step) changes.push([low, high, chunk.id]);
    }
    for (const change of changes) update.run(...change);
  },
};
