// A 2-D input's feature order, in the order of trust: the MLflow
// signature's column names, else the model's feature_names metadata, else the
// order the user confirmed once for this model (model_feature_orders, by
// SHA-256). A one-input-per-column model needs none: its inputs are named.
import type { FeatureOrder, ModelInspection } from '../../../shared/scoring/inspection';
import type { OnnxModelInfo } from '../../../shared/scoring/model';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import { rememberedFeatureOrder, rememberFeatureOrder } from './queries';

/** The order the model itself gives (signature, then metadata), or null. */
export function modelFeatureOrder(info: OnnxModelInfo, signatureColumns: string[] | null): FeatureOrder | null {
  const layout = info.inputLayout;
  if (layout?.kind !== 'matrix') return null;
  const fits = (names: string[]) => layout.featureCount === null || names.length === layout.featureCount;
  if (signatureColumns && fits(signatureColumns)) return { features: signatureColumns, source: 'signature' };
  if (info.featureNames && fits(info.featureNames)) return { features: info.featureNames, source: 'metadata' };
  return null;
}

export function withRememberedOrder(db: Db, inspection: ModelInspection): ModelInspection {
  const info = inspection.info;
  if (inspection.featureOrder || info?.inputLayout?.kind !== 'matrix') return inspection;
  const remembered = rememberedFeatureOrder(db, info.sha256);
  return remembered ? { ...inspection, featureOrder: { features: remembered, source: 'remembered' } } : inspection;
}

/** Keeps (or, with null, forgets) the user's order for a matrix model that names none. */
export function confirmFeatureOrder(db: Db, inspection: ModelInspection, features: string[] | null): FeatureOrder | null {
  const info = inspection.info;
  if (!info || inspection.unscorable) throw new RequestFailed('bad-request', inspection.unscorable ?? 'The model cannot be scored');
  const layout = info.inputLayout;
  if (layout?.kind !== 'matrix') throw new RequestFailed('bad-request', 'The model takes one input per column, matched by name: it needs no feature order');
  if (inspection.featureOrder && inspection.featureOrder.source !== 'remembered') {
    throw new RequestFailed('bad-request', `The model names its feature order ${inspection.featureOrder.source === 'signature' ? 'in its MLflow signature' : 'in its feature_names metadata'}`);
  }
  if (features) {
    if (layout.featureCount !== null && features.length !== layout.featureCount) {
      throw new RequestFailed('bad-request', `The model's input "${layout.input}" takes ${layout.featureCount} features, but ${features.length} columns were given`);
    }
    const repeated = features.find((name, i) => features.indexOf(name) !== i);
    if (repeated !== undefined) throw new RequestFailed('bad-request', `"${repeated}" is named twice in the feature order`);
  }
  rememberFeatureOrder(db, info.sha256, features);
  return features ? { features, source: 'remembered' } : null;
}
