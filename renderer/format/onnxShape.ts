// How an ONNX value's shape reads. Pure.
import type { OnnxDimension } from '../../shared/artifactPreview';

/** "[N, 13]": fixed sizes, symbolic names, '?' for an unknown dimension; 'unknown rank' without a shape. */
export function formatShape(shape: OnnxDimension[] | null): string {
  if (shape === null) return 'unknown rank';
  return `[${shape.map((dim) => (dim.value !== null ? String(dim.value) : dim.param || '?')).join(', ')}]`;
}
