import { describe, expect, it } from 'vitest';
import { runSources } from '../../../shared/domain';
import { sourceLabel, sourceOrder } from '../source';

describe('source labels', () => {
  it('names every source in the words of its tool', () => {
    expect(runSources.map(sourceLabel)).toEqual(['MLflow', 'MLflow (SQLite)', 'TensorBoard', 'DVCLive', 'Runlens']);
  });

  it('orders every known source once', () => {
    expect([...sourceOrder].sort()).toEqual([...runSources].sort());
  });

  it('shows a source a newer backend names as it is', () => {
    expect(sourceLabel('wandb' as never)).toBe('wandb');
  });
});
