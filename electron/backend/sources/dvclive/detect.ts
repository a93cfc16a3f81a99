// What a DVCLive output folder (`Live(dir="dvclive")`) holds, by name, and
// how the scan tells one from the run folders of other trackers.
import fs from 'node:fs';
import path from 'node:path';

export const dvcliveNames = {
  summary: 'metrics.json',
  params: 'params.yaml',
  dvcYaml: 'dvc.yaml',
  plots: 'plots',
  defaultFolder: 'dvclive',
} as const;

/** Whether a folder below `dir` (to depth 3) holds a .tsv; bounded, for detection. */
function holdsTsv(dir: string, depth = 0): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((entry) => entry.name.endsWith('.tsv') && !entry.isDirectory())) return true;
  if (depth >= 3) return false;
  return entries.slice(0, 200).some((entry) => !entry.isFile() && holdsTsv(path.join(dir, entry.name), depth + 1));
}

/**
 * A DVCLive output folder: metric histories in plots/metrics (the files
 * DVCLive alone writes there), or a metrics.json in a folder with DVCLive's
 * default name. A lone metrics.json elsewhere is too common to claim (DVC
 * pipelines write their own), and so are other trackers' run folders.
 */
export function isDvcliveRunFolder(folder: string, names: ReadonlySet<string>): boolean {
  const hasSummary = names.has(dvcliveNames.summary);
  const hasPlots = names.has(dvcliveNames.plots);
  if (!hasSummary && !hasPlots) return false;
  if (names.has('run.json') || names.has('meta.yaml') || names.has('MLmodel')) return false;
  for (const name of names) if (name.startsWith('events.out.tfevents.')) return false;
  if (hasPlots && holdsTsv(path.join(folder, dvcliveNames.plots, 'metrics'))) return true;
  return hasSummary && path.basename(folder) === dvcliveNames.defaultFolder;
}
