// The drift monitors that use one registry version: as their model or their
// reference (the version's training data), or whose model file is the
// version's registered file (or the copy Runlens keeps of it).
import type { DriftMonitor, MonitorModel, MonitorReference } from '../../../shared/drift/monitor';

export interface VersionRef {
  model: string;
  version: number;
  filePath: string;
  copyPath?: string | null;
}

export type VersionUse = 'model' | 'reference' | 'model and reference';

const isVersion = (source: MonitorReference | MonitorModel | null, version: VersionRef): boolean =>
  source !== null && source.kind === 'registryVersion' && source.model === version.model && source.version === version.version;

function usesAsModel(model: MonitorModel | null, version: VersionRef): boolean {
  if (isVersion(model, version)) return true;
  return model !== null && model.kind === 'file' && (model.path === version.filePath || (!!version.copyPath && model.path === version.copyPath));
}

/** How a monitor uses the version, or null when it does not. */
export function versionUse(monitor: DriftMonitor, version: VersionRef): VersionUse | null {
  const model = usesAsModel(monitor.model, version);
  const reference = isVersion(monitor.reference, version);
  if (model && reference) return 'model and reference';
  return model ? 'model' : reference ? 'reference' : null;
}

/** The monitors that use the version, in the list's order, each with how. */
export function monitorsOfVersion(monitors: readonly DriftMonitor[], version: VersionRef): { monitor: DriftMonitor; use: VersionUse }[] {
  const out: { monitor: DriftMonitor; use: VersionUse }[] = [];
  for (const monitor of monitors) {
    const use = versionUse(monitor, version);
    if (use) out.push({ monitor, use });
  }
  return out;
}
