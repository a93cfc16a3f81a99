// The New-monitor form's draft and the `drift/addMonitor` arguments it makes:
// the paths as typed (the backend checks they exist and says which does not),
// one file per line or comma for a file list, batches per file or per period
// of a timestamp column, the label column and the dataset drift share.
import { batchPeriods, defaultMonitorSettings, type BatchPeriod, type MonitorSettings } from '../../../shared/drift/monitor';
import type { AddMonitorArgs } from '../../api/driftClient';

export type BatchChoice = 'file' | BatchPeriod;

export interface MonitorDraft {
  name: string;
  reference: string;
  currentKind: 'folder' | 'files';
  folder: string;
  /** One path per line (or separated by commas). */
  files: string;
  /** Empty: no model. */
  model: string;
  batchBy: BatchChoice;
  timeColumn: string;
  /** Empty: guessed by the backend (target, label, y…). */
  labelColumn: string;
  /** As typed: "0.5". */
  driftShare: string;
}

export const emptyDraft: MonitorDraft = {
  name: '',
  reference: '',
  currentKind: 'folder',
  folder: '',
  files: '',
  model: '',
  batchBy: 'file',
  timeColumn: '',
  labelColumn: '',
  driftShare: String(defaultMonitorSettings.driftShare),
};

export type DraftOutcome = { ok: true; args: AddMonitorArgs } | { ok: false; field: keyof MonitorDraft; problem: string };

export function splitPaths(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((path) => path.trim())
    .filter((path) => path.length > 0);
}

function settingsOf(draft: MonitorDraft, driftShare: number): MonitorSettings {
  const period = (batchPeriods as readonly string[]).includes(draft.batchBy) ? (draft.batchBy as BatchPeriod) : null;
  return {
    ...defaultMonitorSettings,
    batchBy: period ? { kind: 'period', column: draft.timeColumn.trim(), period } : { kind: 'file' },
    driftShare,
    labelColumn: draft.labelColumn.trim() || null,
  };
}

/** The request the form sends, or the first field that cannot make one (said beside that field). */
export function addMonitorArgsOf(draft: MonitorDraft): DraftOutcome {
  const name = draft.name.trim();
  if (!name) return { ok: false, field: 'name', problem: 'Give the monitor a name.' };
  const reference = draft.reference.trim();
  if (!reference) return { ok: false, field: 'reference', problem: 'Give the reference CSV’s path.' };
  const files = splitPaths(draft.files);
  const folder = draft.folder.trim();
  if (draft.currentKind === 'folder' && !folder) return { ok: false, field: 'folder', problem: 'Give the folder the batch files land in.' };
  if (draft.currentKind === 'files' && files.length === 0) return { ok: false, field: 'files', problem: 'Give at least one current CSV.' };
  if (draft.batchBy !== 'file' && !draft.timeColumn.trim()) return { ok: false, field: 'timeColumn', problem: 'Name the timestamp column to group rows by.' };
  const driftShare = Number(draft.driftShare.trim());
  if (draft.driftShare.trim() === '' || !Number.isFinite(driftShare) || driftShare < 0 || driftShare > 1) {
    return { ok: false, field: 'driftShare', problem: 'A share between 0 and 1, such as 0.5.' };
  }
  const model = draft.model.trim();
  return {
    ok: true,
    args: {
      name,
      reference: { kind: 'file', path: reference },
      current: draft.currentKind === 'folder' ? { kind: 'folder', path: folder } : { kind: 'files', paths: files },
      model: model ? { kind: 'file', path: model } : null,
      settings: settingsOf(draft, driftShare),
    },
  };
}
