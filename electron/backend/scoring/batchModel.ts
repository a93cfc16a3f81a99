// Which CSV columns feed an ONNX model, in which order, and of which kind: one
// input per column matches columns by input name; a 2-D input takes the order
// it is given (featureOrder.ts: the MLflow signature, else the model's
// `feature_names` metadata, else the order the user confirmed once), else the
// model's own metadata. The result is what the batch scorer needs.
import type { BatchModel, FeatureKind, FeatureSpec } from './batchScore';
import { ScoringInputError } from './batchScore';
import type { ScoringElementType } from './onnx/modelInfo';
import type { ScoringModel } from './onnx/session';
import type { FeatureOrder } from '../../../shared/scoring/inspection';

const kindOf = (type: ScoringElementType): FeatureKind => (type === 'string' ? 'string' : type === 'bool' ? 'bool' : type === 'int64' || type === 'int32' ? 'integer' : 'number');

/** Where a matrix model's feature order came from, for the job's record and the summary. */
export type FeatureOrderSource = 'inputs' | FeatureOrder['source'] | 'given';

/** An order as the caller knows it: a plain list is one the user gave now. */
export type GivenOrder = string[] | { features: string[]; source: FeatureOrderSource } | null;

export function featuresOf(model: ScoringModel, given: GivenOrder): { features: FeatureSpec[]; source: FeatureOrderSource } {
  const { inputLayout, unscorable, featureNames } = model.info;
  if (!inputLayout) throw new ScoringInputError(unscorable ?? 'Runlens cannot tell how to feed this model its inputs');
  if (inputLayout.kind === 'columns') {
    return { features: inputLayout.inputs.map((input) => ({ column: input.name, kind: kindOf(input.elementType) })), source: 'inputs' };
  }
  const kind = kindOf(inputLayout.elementType);
  const chosen = Array.isArray(given) ? { features: given, source: 'given' as const } : (given ?? (featureNames ? { features: featureNames, source: 'metadata' as const } : null));
  const order = chosen?.features;
  if (!order) {
    throw new ScoringInputError(`The model's input "${inputLayout.input}" takes ${inputLayout.featureCount ?? 'several'} features in one row and names none: give their column order`);
  }
  if (inputLayout.featureCount !== null && order.length !== inputLayout.featureCount) {
    throw new ScoringInputError(`The model's input "${inputLayout.input}" takes ${inputLayout.featureCount} features, but ${order.length} columns were given`);
  }
  return { features: order.map((column) => ({ column, kind })), source: chosen.source };
}

export function batchModelOf(model: ScoringModel, features: FeatureSpec[]): BatchModel {
  return {
    features,
    async score(columns) {
      const result = await model.score({ columns });
      return { prediction: result.labels, probabilities: result.probabilities, classLabels: result.classLabels };
    },
  };
}
