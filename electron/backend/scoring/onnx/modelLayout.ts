// Which of a model's inputs take the rows and which outputs are its
// prediction, judged from declared names, types and shapes. Converters agree
// closely enough: skl2onnx writes one [N, F] input (an array) or one [N, 1]
// input per column (a DataFrame), and outputs `label` [N] with `probabilities`
// [N, C] (or `output_probability` through ZipMap); hand-built and Keras-style
// binary models give one [N, 1] probability of the positive class.
import type { OnnxValueInfo } from '../../../../shared/artifactPreview';
import type { InputLayout, ScoringElementType, ScoringOutputs } from '../../../../shared/scoring/model';

export type { InputLayout, ScoringElementType, ScoringOutputs };

const feedable = new Set<string>(['float', 'double', 'int64', 'int32', 'bool', 'string']);

const rank = (v: OnnxValueInfo) => v.shape?.length ?? null;
/** [N, 1], [N], or no declared shape: one value per row. */
const perRow = (v: OnnxValueInfo) => v.shape === null || v.shape.length === 1 || (v.shape.length === 2 && v.shape[1].value === 1);
const quoted = (name: string) => JSON.stringify(name);

function unfeedable(inputs: OnnxValueInfo[]): string | null {
  for (const input of inputs) {
    if (input.elementType === null) return `Input ${quoted(input.name)} is ${input.type}, not a tensor.`;
    if (!feedable.has(input.elementType)) {
      return `Input ${quoted(input.name)} holds ${input.elementType}, which Runlens cannot feed (only float, double, int64, int32, bool and string).`;
    }
  }
  return null;
}

/** The input layout, or why the inputs are not a table of rows. */
export function classifyInputs(inputs: OnnxValueInfo[]): { layout: InputLayout | null; unscorable: string | null } {
  if (inputs.length === 0) return { layout: null, unscorable: 'The model has no inputs.' };
  const problem = unfeedable(inputs);
  if (problem) return { layout: null, unscorable: problem };
  if (inputs.length === 1) {
    const input = inputs[0];
    const elementType = input.elementType as ScoringElementType;
    const r = rank(input);
    if (r === null || r === 2) return { layout: { kind: 'matrix', input: input.name, featureCount: input.shape?.[1].value ?? null, elementType }, unscorable: null };
    if (r === 1) return { layout: { kind: 'columns', inputs: [{ name: input.name, elementType }] }, unscorable: null };
    return { layout: null, unscorable: `Input ${quoted(input.name)} has rank ${r}, not a table of rows ([N, F]).` };
  }
  const wide = inputs.find((input) => !perRow(input));
  if (wide) return { layout: null, unscorable: `The model has ${inputs.length} inputs and ${quoted(wide.name)} is not one column per row ([N, 1]).` };
  return { layout: { kind: 'columns', inputs: inputs.map((input) => ({ name: input.name, elementType: input.elementType as ScoringElementType })) }, unscorable: null };
}

const labelNames = ['label', 'output_label', 'labels', 'predicted_label'];
const probabilityNames = ['probabilities', 'output_probability', 'probability', 'probas'];
const isLabelType = (v: OnnxValueInfo) => v.elementType === 'int64' || v.elementType === 'int32' || v.elementType === 'string';
const isProbabilityType = (v: OnnxValueInfo) => v.elementType === 'float' || v.elementType === 'double';

/** The output with one of `names` (in that order of preference) passing `fits`, else the only output passing `fallback`. */
function pick(outputs: OnnxValueInfo[], names: string[], fits: (v: OnnxValueInfo) => boolean, fallback: (v: OnnxValueInfo) => boolean): OnnxValueInfo | null {
  for (const name of names) {
    const named = outputs.find((v) => v.name === name && fits(v));
    if (named) return named;
  }
  const unnamed = outputs.filter((v) => !names.includes(v.name) && fallback(v));
  return unnamed.length === 1 ? unnamed[0] : null;
}

function formOf(v: OnnxValueInfo): 'perClass' | 'positiveClass' {
  const r = rank(v);
  return r === 1 || (r === 2 && v.shape?.[1].value === 1) ? 'positiveClass' : 'perClass';
}

/** The label and probability tensors among `outputs` (the graph's outputs once ZipMap is out). */
export function classifyOutputs(outputs: OnnxValueInfo[], declaredLabels: string[] | null): { outputs: ScoringOutputs; unscorable: string | null } {
  const label = pick(outputs, labelNames, (v) => isLabelType(v) && perRow(v), (v) => isLabelType(v) && rank(v) === 1);
  const probabilities = pick(outputs, probabilityNames, (v) => isProbabilityType(v) && (rank(v) === null || rank(v)! <= 2), (v) => isProbabilityType(v) && rank(v) === 2);
  const form = probabilities ? formOf(probabilities) : null;
  const columns = probabilities?.shape?.[1]?.value ?? null;
  // Labels that cannot be the probability columns' classes are not trusted.
  const fits = declaredLabels !== null && (form === 'positiveClass' ? declaredLabels.length === 2 : columns === null || declaredLabels.length === columns);
  const classLabels = fits || (probabilities === null && declaredLabels !== null) ? declaredLabels : null;
  const result: ScoringOutputs = { label: label?.name ?? null, probabilities: probabilities?.name ?? null, probabilityForm: form, classLabels };
  if (label || probabilities) return { outputs: result, unscorable: null };
  const listed = outputs.map((v) => `${quoted(v.name)} ${v.type}`).join(', ') || 'none';
  return {
    outputs: result,
    unscorable: `No output is a class label ([N] int64 or string) or class probabilities ([N, C] float); the outputs are ${listed}.`,
  };
}
