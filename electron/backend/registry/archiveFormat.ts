// What a registry archive holds, as the exporter writes it and the importer
// checks it. An archive is a .tar.gz (tarball.ts) of, in this order:
//
//   manifest.json      ArchiveManifest: the format, its version, who exported what and when
//   model.json         ArchiveDocument: the model, its versions, aliases and full audit trail
//                      (codec JSON: a metric or a gate's number may be NaN or ±Infinity)
//   files/<sha256>     each model file, when exported with its files (named by content);
//   files/<sha256>/…   a model folder's files (a version registered as a folder)
//
// formatVersion counts changes an older Runlens could not read; a newer one is
// refused with a message rather than half-imported. Everything read from an
// archive is checked here field by field before it reaches the store, since it
// came from someone else's machine: the names, aliases, tags and gate rules with
// the very schemas the API checks a caller's arguments with (shared/api.ts).
import { requests } from '../../../shared/api';
import { auditKinds, stages, type AuditKind, type GateResult, type GateRule, type HookRun, type ModelVersionRecord, type Stage } from '../../../shared/registry/types';
import { text, v } from '../../../shared/schema';

export const archiveFormat = 'runlens-registry';
export const archiveFormatVersion = 1;
export const manifestEntry = 'manifest.json';
export const documentEntry = 'model.json';
export const fileEntry = (sha256: string) => `files/${sha256}`;
/** A folder's file: `files/<sha256>/<relative path>`; the path is checked (no "..", nothing absolute). */
export function folderEntryOf(name: string): { sha256: string; relative: string } | null {
  const match = /^files\/([0-9a-f]{64})\/(.+)$/.exec(name);
  if (!match) return null;
  const parts = match[2].split('/');
  if (match[2].includes('\\') || parts.some((part) => part === '' || part === '.' || part === '..')) return null;
  return { sha256: match[1], relative: match[2] };
}
/** The largest manifest or model.json read into memory (an audit trail of a million events is far less). */
export const maxDocumentBytes = 256 * 1024 * 1024;

export interface ArchiveManifest {
  format: typeof archiveFormat;
  formatVersion: number;
  exportedAt: number;
  exportedBy: string;
  runlensVersion: string | null;
  model: string;
  /** The model files (or folders) inside, one per SHA-256 (two versions of one file share it). */
  files: { sha256: string; size: number; kind: 'file' | 'folder' }[];
}

export interface ArchivedModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  gates: GateRule[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A version as it was recorded; `fileName` names the copy an importer keeps (`<sha256>/<fileName>`). */
export type ArchivedVersion = Omit<ModelVersionRecord, 'model' | 'aliases' | 'copyPath' | 'fileState'> & { fileName: string };

/** An audit event with its id, time and actor on the machine that recorded it. */
export interface ArchivedEvent {
  id: number;
  version: number | null;
  kind: AuditKind;
  at: number;
  actor: string;
  from: string | null;
  to: string | null;
  comment: string | null;
  gates: GateResult[] | null;
  hook: HookRun | null;
}

export interface ArchiveDocument {
  model: ArchivedModel;
  versions: ArchivedVersion[];
  aliases: Record<string, number>;
  events: ArchivedEvent[];
}

// Hook commands are not part of an archive: they are this machine's own
// configuration (a deploy script here), and a command must never come from
// data someone else wrote. Their past runs stay in the audit trail.

const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 (64 lowercase hex digits)'));
const time = v.pipe(v.number(), v.safeInteger('must be a whole number of milliseconds'));
const count = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0, 'must not be negative'));
const versionNumber = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1, 'must be at least 1'));
const anyNumber = v.custom<number>((value) => typeof value === 'number', 'must be a number');
const short = text(65_536);
const long = text(16 * 1024 * 1024);
const nullableShort = v.nullable(short);
const stringMap = v.record(v.string(), long, 'must be an object of names and text values');
/** The copy's file name: one path segment, nothing an importer could be led out of its folder by. */
const fileName = v.pipe(
  text(255),
  v.check((value: string) => value !== '' && value !== '.' && value !== '..' && !/[\\/]/.test(value), 'must be a plain file name'),
);

const manifestSchema = v.object({
  format: v.literal(archiveFormat),
  formatVersion: versionNumber,
  exportedAt: time,
  exportedBy: short,
  runlensVersion: v.nullable(short),
  model: short,
  files: v.array(v.strictObject({ sha256, size: count, kind: v.picklist(['file', 'folder']) })),
});

const schemaField = v.looseObject({ name: short, type: short, shape: nullableShort });
const versionSchema = v.strictObject({ from: v.nullable(v.picklist(['onnx', 'mlmodel'])), inputs: v.array(schemaField), outputs: v.array(schemaField) });
const dataset = v.looseObject({ name: short, digest: nullableShort, source: v.nullable(long), context: nullableShort, rows: v.nullable(anyNumber) });
const origin = v.variant('kind', [
  v.strictObject({ kind: v.literal('run') }),
  v.strictObject({ kind: v.literal('mlflow'), location: long, name: short, version: versionNumber }),
  v.strictObject({ kind: v.literal('import'), archive: long }),
]);
const modelSchema = v.strictObject({
  name: short,
  description: v.nullable(long),
  tags: stringMap,
  gates: v.array(v.unknown()),
  createdBy: short,
  createdAt: time,
  updatedAt: time,
});
const archivedVersion = v.strictObject({
  version: versionNumber,
  stage: v.picklist(stages),
  runId: nullableShort,
  runName: nullableShort,
  experiment: nullableShort,
  artifactPath: long,
  filePath: long,
  fileName,
  sha256,
  size: count,
  schema: versionSchema,
  datasets: v.array(dataset),
  gitCommit: nullableShort,
  params: stringMap,
  metrics: v.record(v.string(), anyNumber),
  description: v.nullable(long),
  tags: stringMap,
  origin,
  createdBy: short,
  createdAt: time,
  updatedAt: time,
});
const gateResult = v.looseObject({ ruleId: short, kind: short, passed: v.boolean(), detail: long });
const hookRun = v.looseObject({ command: long, exitCode: v.nullable(anyNumber), output: long, error: v.nullable(long) });
const archivedEvent = v.strictObject({
  id: count,
  version: v.nullable(versionNumber),
  kind: v.picklist(auditKinds),
  at: time,
  actor: short,
  from: v.nullable(long),
  to: v.nullable(long),
  comment: v.nullable(long),
  gates: v.nullable(v.array(gateResult)),
  hook: v.nullable(hookRun),
});
const documentSchema = v.strictObject({
  model: modelSchema,
  versions: v.array(archivedVersion),
  aliases: v.record(v.string(), versionNumber),
  events: v.array(archivedEvent),
});

export class ArchiveContentError extends Error {}

function describe(entry: string, issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const where = v.getDotPath(issue);
  return `The archive's ${entry} is not valid: ${where ? `"${where}" ` : ''}${issue.message}`;
}

function parseJson(entry: string, bytes: Buffer, decode: (text: string) => unknown): unknown {
  try {
    return decode(bytes.toString('utf8'));
  } catch (error) {
    throw new ArchiveContentError(`The archive's ${entry} is not valid JSON (${(error as Error).message})`);
  }
}

/** The manifest, checked; an archive from a newer Runlens is refused before anything else is read. */
export function parseManifest(bytes: Buffer): ArchiveManifest {
  const value = parseJson(manifestEntry, bytes, JSON.parse);
  const head = value as { format?: unknown; formatVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== archiveFormat) {
    throw new ArchiveContentError(`This is not a Runlens registry archive (its ${manifestEntry} does not say format "${archiveFormat}")`);
  }
  if (typeof head.formatVersion === 'number' && head.formatVersion > archiveFormatVersion) {
    throw new ArchiveContentError(
      `This archive was written by a newer Runlens (archive format ${head.formatVersion}; this Runlens reads format ${archiveFormatVersion}): update Runlens to import it`,
    );
  }
  const checked = v.safeParse(manifestSchema, value);
  if (!checked.success) throw new ArchiveContentError(describe(manifestEntry, checked.issues));
  return checked.output as ArchiveManifest;
}

/** Why a name, alias, tag set or gate list would be refused by the API, or null. */
function refusedByApi(schema: v.GenericSchema, value: unknown, what: string): string | null {
  const checked = v.safeParse(schema, value);
  if (checked.success) return null;
  return `${what}: ${checked.issues[0].message}`;
}

function semanticProblem(doc: ArchiveDocument, manifest: ArchiveManifest): string | null {
  const name = doc.model.name;
  if (name !== manifest.model) return `its manifest names the model "${manifest.model}" but model.json holds "${name}"`;
  const modelProblem =
    refusedByApi(requests['registry/model'].args, { name }, 'the model name') ??
    refusedByApi(requests['registry/editModel'].args, { name, tags: doc.model.tags }, "the model's tags") ??
    refusedByApi(requests['registry/setGates'].args, { name, gates: doc.model.gates }, "the model's gate rules");
  if (modelProblem) return modelProblem;
  const numbers = new Set<number>();
  for (const version of doc.versions) {
    if (numbers.has(version.version)) return `version ${version.version} appears twice`;
    numbers.add(version.version);
    const tags = refusedByApi(requests['registry/editVersion'].args, { name, version: version.version, tags: version.tags }, `version ${version.version}'s tags`);
    if (tags) return tags;
  }
  for (const [alias, version] of Object.entries(doc.aliases)) {
    const refused = refusedByApi(requests['registry/setAlias'].args, { name, alias, version }, `the alias "${alias}"`);
    if (refused) return refused;
    if (!numbers.has(version)) return `the alias "${alias}" points at version ${version}, which the archive does not hold`;
  }
  const ids = new Set<number>();
  for (const event of doc.events) {
    if (ids.has(event.id)) return `the audit event ${event.id} appears twice`;
    ids.add(event.id);
    if (event.version !== null && !numbers.has(event.version)) return `the audit event ${event.id} names version ${event.version}, which the archive does not hold`;
  }
  const names = new Map<string, string>();
  for (const version of doc.versions) {
    const known = names.get(version.sha256) ?? version.fileName;
    if (known !== version.fileName) return `versions with one SHA-256 name their file differently (${known}, ${version.fileName})`;
    names.set(version.sha256, known);
  }
  for (const file of manifest.files) if (!names.has(file.sha256)) return `its manifest lists a file (${file.sha256}) that no version has`;
  return null;
}

/** model.json, checked against the manifest read before it. */
export function parseDocument(bytes: Buffer, manifest: ArchiveManifest, decode: (text: string) => unknown): ArchiveDocument {
  const checked = v.safeParse(documentSchema, parseJson(documentEntry, bytes, decode));
  if (!checked.success) throw new ArchiveContentError(describe(documentEntry, checked.issues));
  const doc = checked.output as ArchiveDocument;
  const problem = semanticProblem(doc, manifest);
  if (problem) throw new ArchiveContentError(`The archive is not consistent: ${problem}`);
  return doc;
}
