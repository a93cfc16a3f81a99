// Named pure selectors over the scoring store.
import type { ScoringJob } from '../../../shared/scoring/jobs';
import { featureOrderView, type FeatureOrderView } from './featureOrder';
import type { ScoringState } from './store';

/** Whether a recorded job's output can be evaluated: a finished score job that kept its label column. */
export const evaluable = (job: ScoringJob): boolean => job.kind === 'score' && job.status === 'finished' && job.labelColumn !== null && job.outputPath !== null;

/** The input's header when it was read for the input typed now, else null. */
export function currentInputColumns(s: Pick<ScoringState, 'form' | 'inputColumns'>): ScoringState['inputColumns'] {
  return s.inputColumns !== null && s.inputColumns.path === s.form.input.trim() ? s.inputColumns : null;
}

/**
 * The feature order as the model panel shows it. A new object per call: views
 * select its inputs and memoize (useFeatureOrder), never subscribe to it directly.
 */
export function selectFeatureOrder(s: Pick<ScoringState, 'inspection' | 'confirmedOrder' | 'form' | 'inputColumns' | 'dataset' | 'orderLeftOut'>): FeatureOrderView {
  return featureOrderView({
    inspection: s.inspection,
    confirmedOrder: s.confirmedOrder,
    inputColumns: currentInputColumns(s),
    labelColumn: s.form.labelColumn,
    dataset: s.dataset,
    leftOut: s.orderLeftOut,
  });
}
