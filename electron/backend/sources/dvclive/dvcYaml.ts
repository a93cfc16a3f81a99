// Tags that say which dvc.yaml declares a DVCLive folder's outputs (and the
// pipeline stage, when a stage lists the folder).
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { kindOf, problemOf, readTextCapped } from '../safeFile';
import { dvcliveNames } from './detect';
import type { RunState } from './runState';

const maxParentDvcYamlBytes = 1024 * 1024;

/** Paths a dvc.yaml section lists: plain strings, or the keys of `{path: options}` entries. */
function listedPaths(section: unknown): string[] {
  if (!Array.isArray(section)) return [];
  return section.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry && typeof entry === 'object' ? Object.keys(entry) : []));
}

/**
 * Which dvc.yaml declares this folder's outputs. DVCLive 2.x (and 3.x with
 * `dvcyaml=True` before 3.? moved it) writes `<dir>/dvc.yaml`; later 3.x
 * writes the project's root dvc.yaml, and a DVC pipeline stage may list the
 * folder among its outputs. The parent's dvc.yaml is the one file outside the
 * run folder read, only when the folder has none of its own, only to name the
 * layout and the stage, and only again when it changes. One that cannot be
 * read (not a regular file, too large, not YAML) means no layout tag, and
 * `problem` says why.
 */
export function dvcYamlTags(runFolder: string, names: ReadonlySet<string>, run: RunState): { tags: Record<string, string>; parentId: string | null; problem: string | null } {
  if (names.has(dvcliveNames.dvcYaml)) return { tags: { 'dvclive.dvcyaml': 'dvc.yaml' }, parentId: null, problem: null };
  const parentFile = path.join(path.dirname(runFolder), dvcliveNames.dvcYaml);
  let parentId: string;
  try {
    const stat = fs.statSync(parentFile);
    parentId = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (parentId === run.parentDvcYaml) return { tags: JSON.parse(run.tags) as Record<string, string>, parentId, problem: run.parentProblem ?? null };
    if (!stat.isFile()) return { tags: {}, parentId, problem: `is not a regular file (${kindOf(stat)}): not read` };
    if (stat.size > maxParentDvcYamlBytes) return { tags: {}, parentId, problem: `is larger than ${maxParentDvcYamlBytes} bytes: not read` };
  } catch {
    // No parent dvc.yaml (or a broken link to one): nothing to say about the layout.
    return { tags: {}, parentId: null, problem: null };
  }
  const base = path.basename(runFolder);
  const refersHere = (paths: string[]) =>
    paths.some((p) => {
      const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
      return clean === base || clean.startsWith(`${base}/`);
    });
  let text: string;
  try {
    text = readTextCapped(parentFile, maxParentDvcYamlBytes).text;
  } catch (error) {
    return { tags: {}, parentId, problem: problemOf(error) };
  }
  try {
    const parsed = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    if (parsed.errors.length > 0) return { tags: {}, parentId, problem: `is not valid YAML (${parsed.errors[0].message.split('\n')[0].slice(0, 200)})` };
    const doc = parsed.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { tags: {}, parentId, problem: null };
    const stages = doc.stages && typeof doc.stages === 'object' ? Object.entries(doc.stages as Record<string, unknown>) : [];
    for (const [name, stage] of stages) {
      if (!stage || typeof stage !== 'object') continue;
      const s = stage as Record<string, unknown>;
      if (refersHere([...listedPaths(s.outs), ...listedPaths(s.metrics), ...listedPaths(s.plots)])) {
        return { tags: { 'dvclive.dvcyaml': '../dvc.yaml', 'dvclive.stage': name }, parentId, problem: null };
      }
    }
    if (refersHere([...listedPaths(doc.metrics), ...listedPaths(doc.plots), ...listedPaths(doc.params)])) {
      return { tags: { 'dvclive.dvcyaml': '../dvc.yaml' }, parentId, problem: null };
    }
  } catch (error) {
    return { tags: {}, parentId, problem: `is not valid YAML (${(error as Error).message.split('\n')[0].slice(0, 200)})` };
  }
  return { tags: {}, parentId, problem: null };
}
