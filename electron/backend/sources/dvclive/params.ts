// DVCLive's params.yaml (Live.log_params), flattened to the dotted keys DVC
// names params by. The YAML is parsed by the yaml package; this module walks
// its document (not its JS value) to keep each scalar's source text.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

/** Params per run: also what stops aliases that expand exponentially. */
export const maxParams = 10_000;
const maxNesting = 32;
/** A value longer than this (a list of a million numbers) is cut. */
export const maxParamValueChars = 64 * 1024;

function scalarText(node: unknown): string {
  if (!isScalar(node)) return 'null';
  const value = node.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  // Keep what the file says (`1e-08`, `0.0`, `false`), as Python's str() would show it.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return node.source ?? String(value);
  return String(value);
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/**
 * params.yaml flattened the way DVC names params (`dvc params diff`,
 * `dvc exp show`): nested mappings joined with `.`. Scalars keep their source
 * text, null is "null", lists (and anything nested too deep) are JSON.
 * Aliases and `<<` merge keys are resolved. Throws on YAML errors or a
 * document that is not a mapping.
 */
export function flattenParams(text: string): { values: Record<string, string>; truncated: boolean; cut: number } {
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message.split('\n')[0]);
  const values: Record<string, string> = {};
  let count = 0;
  let truncated = false;
  let cut = 0;
  const set = (key: string, value: string) => {
    if (value.length > maxParamValueChars) {
      value = value.slice(0, maxParamValueChars);
      cut += 1;
    }
    values[key] = value;
  };
  const resolved = new Map<unknown, unknown>();
  const resolve = (node: unknown): unknown => {
    if (!isAlias(node)) return node;
    if (!resolved.has(node)) resolved.set(node, node.resolve(doc as Document));
    return resolved.get(node);
  };
  const leaf = (node: unknown): string => {
    if (isScalar(node) || node === null || node === undefined) return scalarText(node);
    try {
      return JSON.stringify((node as { toJS(doc: Document, options: object): unknown }).toJS(doc as Document, { maxAliasCount: 1000 })) ?? 'null';
    } catch {
      return String(node);
    }
  };
  const walk = (raw: unknown, prefix: string, depth: number): void => {
    if (count >= maxParams) {
      // Also what stops aliases that expand exponentially (a "billion laughs" document).
      truncated = true;
      return;
    }
    const node = resolve(raw);
    if (!isMap(node) || depth >= maxNesting) {
      set(prefix, leaf(node));
      count += 1;
      return;
    }
    // Merged mappings first, so the mapping's own keys win.
    for (const pair of node.items) {
      if (!isMergeKey(pair.key)) continue;
      const source = resolve(pair.value);
      const sources = isSeq(source) ? source.items : [source];
      for (const item of sources) if (isMap(resolve(item))) walk(item, prefix, depth + 1);
    }
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) continue;
      const key = isScalar(pair.key) ? scalarText(pair.key) : leaf(resolve(pair.key));
      walk(pair.value, prefix ? `${prefix}.${key}` : key, depth + 1);
    }
    if (node.items.length === 0 && prefix) set(prefix, '{}');
  };
  const root = resolve(doc.contents);
  if (root === null || root === undefined) return { values, truncated, cut };
  // An explicit `null` (or `~`) is no params file DVCLive writes: say so, and keep the params read before.
  if (isScalar(root) && root.value === null) throw new Error('the document is null, not a mapping of params');
  if (!isMap(root)) throw new Error(`the document is a ${isSeq(root) ? 'list' : 'scalar'}, not a mapping of params`);
  walk(root, '', 0);
  return { values, truncated, cut };
}
