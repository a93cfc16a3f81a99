// The registry's tables as an archive sees them: one model read whole for an
// export, and an import's plan and writes, through the registry's own queries
// (queries.ts, audit.ts). The audit trail is append-only, so an imported event
// is appended with its original time, actor and values (and a new id: ids are
// each store's own).
import fs from 'node:fs';
import path from 'node:path';
import { encode } from '../../../shared/codec';
import type { AuditEvent, ImportOutcome, ModelVersionRecord, VersionOrigin } from '../../../shared/registry/types';
import { RequestFailed } from '../handlerTypes';
import type { Db } from '../store/database';
import type { ArchiveDocument, ArchivedEvent, ArchivedVersion, ArchiveManifest } from './archiveFormat';
import { appendEvent, modelEvents } from './audit';
import { aliasesOf, deleteAlias, gatesOf, insertModel, insertVersion, modelRowByName, putAlias, setStage, updateModel, updateVersion, versionRecords } from './queries';

/** Where Runlens keeps copies of model files: `<dataDir>/registry/<sha256>/<file name>` (files.ts keepCopyOf). */
export const registryFilesDir = (dataDir: string) => path.join(dataDir, 'registry');

function archivedVersion(record: ModelVersionRecord, fileName: string): ArchivedVersion {
  return {
    version: record.version,
    stage: record.stage,
    runId: record.runId,
    runName: record.runName,
    experiment: record.experiment,
    artifactPath: record.artifactPath,
    filePath: record.filePath,
    fileName,
    sha256: record.sha256,
    size: record.size,
    schema: record.schema,
    datasets: record.datasets,
    gitCommit: record.gitCommit,
    params: record.params,
    metrics: record.metrics,
    description: record.description,
    tags: record.tags,
    origin: record.origin,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const archivedEvent = ({ model: _model, ...event }: AuditEvent): ArchivedEvent => event;

export interface ModelForExport {
  doc: ArchiveDocument;
  /** Each version's copy in the data folder, when one was kept. */
  copies: Map<number, string | null>;
}

/** Model `name` whole, as an archive holds it (hooks left out: they are this machine's), or null. */
export function readArchivedModel(db: Db, name: string): ModelForExport | null {
  const row = modelRowByName(db, name);
  if (!row) return null;
  const records = versionRecords(db, row.id);
  // One name per file: two versions of one file are kept as one copy on import.
  const fileNames = new Map<string, string>();
  for (const record of records) if (!fileNames.has(record.sha256)) fileNames.set(record.sha256, path.basename(record.copyPath ?? record.filePath) || 'model');
  return {
    doc: {
      model: {
        name: row.name,
        description: row.description,
        tags: JSON.parse(row.tags) as Record<string, string>,
        gates: gatesOf(row),
        createdBy: row.created_by,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
      versions: records.map((record) => archivedVersion(record, fileNames.get(record.sha256)!)),
      aliases: aliasesOf(db, row.id),
      events: modelEvents(db, row.id).map(archivedEvent),
    },
    copies: new Map(records.map((record) => [record.version, record.copyPath])),
  };
}

/** What makes two events the same event on two machines: everything but the id each store gave it. */
const eventKey = (event: ArchivedEvent) => encode([event.version, event.kind, event.at, event.actor, event.from, event.to, event.comment, event.gates, event.hook]);

/** The events of `events` not found in `among`, each found event used once (two identical events are two). */
function eventsNotIn(events: ArchivedEvent[], among: ArchivedEvent[]): ArchivedEvent[] {
  const counts = new Map<string, number>();
  for (const event of among) counts.set(eventKey(event), (counts.get(eventKey(event)) ?? 0) + 1);
  return events.filter((event) => {
    const key = eventKey(event);
    const left = counts.get(key) ?? 0;
    if (left === 0) return true;
    counts.set(key, left - 1);
    return false;
  });
}

export type ImportPlan =
  | { kind: 'create'; versions: ArchivedVersion[]; events: ArchivedEvent[] }
  /** Everything in the archive is here already. */
  | { kind: 'unchanged'; modelId: number; versions: []; events: []; local: ModelVersionRecord[] }
  /** The model here is an earlier state of the archived one: add what it lacks. */
  | { kind: 'forward'; modelId: number; versions: ArchivedVersion[]; events: ArchivedEvent[]; local: ModelVersionRecord[] };

function conflict(name: string, detail: string): RequestFailed {
  return new RequestFailed('bad-request', `The registry already holds a model named "${name}" whose history differs from the archive's (${detail}): Runlens does not merge two histories, so nothing was imported`);
}

/** How the archive relates to the model of the same name here; throws when they conflict. Reads only. */
export function planImport(db: Db, doc: ArchiveDocument): ImportPlan {
  const row = modelRowByName(db, doc.model.name);
  if (!row) return { kind: 'create', versions: doc.versions, events: doc.events };
  const local = versionRecords(db, row.id);
  const shaOf = new Map(local.map((record) => [record.version, record.sha256]));
  for (const version of doc.versions) {
    const sha = shaOf.get(version.version);
    if (sha !== undefined && sha !== version.sha256) {
      throw conflict(doc.model.name, `version ${version.version} here is another file: SHA-256 ${sha.slice(0, 12)}… here, ${version.sha256.slice(0, 12)}… in the archive`);
    }
  }
  const localEvents = modelEvents(db, row.id).map(archivedEvent);
  const versions = doc.versions.filter((version) => !shaOf.has(version.version));
  const events = eventsNotIn(doc.events, localEvents);
  if (versions.length === 0 && events.length === 0) return { kind: 'unchanged', modelId: row.id, versions: [], events: [], local };
  const archived = new Set(doc.versions.map((version) => version.version));
  const onlyHere = local.filter((record) => !archived.has(record.version)).map((record) => record.version);
  if (onlyHere.length > 0) throw conflict(doc.model.name, `version ${onlyHere.join(', ')} is here but not in the archive`);
  // This store's own imports are not in the archive and need not be.
  const eventsOnlyHere = eventsNotIn(localEvents.filter((event) => event.kind !== 'imported'), doc.events);
  if (eventsOnlyHere.length > 0) {
    const first = eventsOnlyHere[0];
    const many = eventsOnlyHere.length > 1;
    throw conflict(doc.model.name, `${eventsOnlyHere.length} event${many ? 's' : ''} here ${many ? 'are' : 'is'} not in the archive, the first a ${first.kind} event of ${new Date(first.at).toISOString()}`);
  }
  return { kind: 'forward', modelId: row.id, versions, events, local };
}

const hasCopy = (record: ModelVersionRecord) => record.copyPath !== null && fs.existsSync(record.copyPath);

/** The SHA-256s whose files this import would keep a copy of: new versions', and those of versions here without one. */
export function wantedFiles(plan: ImportPlan): Set<string> {
  const wanted = new Set(plan.versions.map((version) => version.sha256));
  if (plan.kind !== 'create') for (const record of plan.local) if (!hasCopy(record)) wanted.add(record.sha256);
  return wanted;
}

export interface ImportWrite {
  doc: ArchiveDocument;
  archive: string;
  manifest: ArchiveManifest;
  /** The copies kept of the archive's model files, by SHA-256 (already in the data folder, verified). */
  copies: Map<string, string>;
}

/** The archive's current stages, aliases, descriptions, tags and gates, over a model that was an earlier state of it. */
function bringForward(db: Db, modelId: number, doc: ArchiveDocument, local: ModelVersionRecord[]): void {
  for (const record of local) {
    const version = doc.versions.find((archived) => archived.version === record.version)!;
    setStage(db, modelId, version.version, version.stage, version.updatedAt);
    updateVersion(db, modelId, version.version, { description: version.description, tags: version.tags }, version.updatedAt);
  }
  for (const alias of Object.keys(aliasesOf(db, modelId))) if (!Object.hasOwn(doc.aliases, alias)) deleteAlias(db, modelId, alias, doc.model.updatedAt);
}

/** Versions here without a usable copy whose file the archive brings: given it. Returns how many. */
function fillMissingCopies(db: Db, modelId: number, local: ModelVersionRecord[], copies: Map<string, string>): number {
  const setCopy = db.prepare('UPDATE registry_versions SET copy_path = ? WHERE model_id = ? AND version = ?');
  let filled = 0;
  for (const record of local) {
    const copy = copies.get(record.sha256);
    if (!copy || hasCopy(record)) continue;
    setCopy.run(copy, modelId, record.version);
    filled += 1;
  }
  return filled;
}

function summary(input: ImportWrite, versions: number, events: number, copies: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const exported = `exported by ${input.manifest.exportedBy} on ${new Date(input.manifest.exportedAt).toISOString()}`;
  return `Imported from ${input.archive} (${exported}): ${plural(versions, 'version')} and ${plural(events, 'event')} added${copies ? `, ${plural(copies, 'model file')} kept` : ''}`;
}

/** Writes the import; call inside one write transaction (the plan is made again there, against what is committed). */
export function applyImport(db: Db, input: ImportWrite): ImportOutcome {
  const { doc } = input;
  const plan = planImport(db, doc);
  const m = doc.model;
  const modelId = plan.kind === 'create'
    ? insertModel(db, { name: m.name, description: m.description, tags: m.tags, gates: m.gates, hooks: [], createdBy: m.createdBy, createdAt: m.createdAt, updatedAt: m.updatedAt }).id
    : plan.modelId;
  const origin: VersionOrigin = { kind: 'import', archive: input.archive };
  if (plan.kind === 'forward') bringForward(db, modelId, doc, plan.local);
  for (const version of plan.versions) {
    const { fileName: _fileName, ...fields } = version;
    insertVersion(db, modelId, { ...fields, fileMtime: null, copyPath: input.copies.get(version.sha256) ?? null, origin });
  }
  if (plan.kind !== 'unchanged') {
    for (const [alias, version] of Object.entries(doc.aliases)) putAlias(db, modelId, alias, version, m.updatedAt);
    updateModel(db, modelId, { description: m.description, tags: m.tags, gates: m.gates }, m.updatedAt);
  }
  for (const event of plan.events) appendEvent(db, modelId, event);
  const copiesFilled = plan.kind === 'create' ? 0 : fillMissingCopies(db, modelId, plan.local, input.copies);
  const unchanged = plan.kind === 'unchanged' && copiesFilled === 0;
  if (!unchanged) {
    appendEvent(db, modelId, { version: null, kind: 'imported', to: path.basename(input.archive), comment: summary(input, plan.versions.length, plan.events.length, copiesFilled) });
  }
  return { model: m.name, versionsAdded: plan.versions.length, eventsAdded: plan.events.length, unchanged };
}
