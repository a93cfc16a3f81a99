// `runlens registry …`: Runlens's own model registry on the command line,
// through the same requests as the app. Exit 0 on success, 2 for bad input
// (an unknown model, version or stage, a bad argument: named), 4 when a gate
// blocks the move (each rule printed with its numbers), 1 otherwise.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ArgsOf, RequestName, ResultOf } from '../shared/api';
import { toPlainJson } from '../shared/codec';
import type { ApiErrorCode } from '../shared/errors';
import { stages, type AsOf, type AuditEvent, type ModelVersionRecord, type Stage, type TransitionOutcome } from '../shared/registry/types';
import type { Backend } from './backend/backend';
import { defaultDataDir } from './backend/dataDir';
import { asOfJson, eventJson, modelJson, outcomeJson, versionJson } from './cliRegistryJson';

export const registryUsage = `  runlens registry list [--json]                                   (Runlens's registry: stages, aliases, each version's file state)
  runlens registry register --run ID --artifact PATH --name NAME [--description D] [--tag k=v]... [--keep-copy] [--json]
                 --artifact: a path inside the run's artifacts (an .onnx file, an MLflow model folder, any file);
                 --keep-copy: keep a copy of the file in the data folder (otherwise only its path and SHA-256)
  runlens registry transition NAME VERSION STAGE [--archive-existing] [--comment C] [--override REASON] [--json]
                 STAGE: None, Staging, Production or Archived; --override passes a failed gate, with the reason on record
  runlens registry alias NAME ALIAS VERSION [--comment C] [--override REASON] [--json]
  runlens registry audit NAME [--json]                             (the audit trail, oldest first)
  runlens registry as-of NAME DATE [--json]                        (which version held each stage and alias then)
                 DATE: 2024-03-01 (the end of that day), 2024-03-01T14:30 (local time when no zone is given),
                 2024-03-01T14:30:00Z or +02:00, or milliseconds since the epoch
  runlens registry export NAME FILE [--include-files] [--json]
  runlens registry import FILE [--json]
                 every registry command takes --data-dir D; exit 2: bad input, 4: a gate blocked the move`;

/** Bad input: exit 2. */
class RegistryInputError extends Error {}

class RequestError extends Error {
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
  }
}

export type WithBackend = <T>(dataDir: string, work: (backend: Backend) => Promise<T>) => Promise<T>;

/** The version number as given: 3 or v3. */
function versionArg(text: string | undefined, what = 'VERSION'): number {
  const match = text === undefined ? null : /^v?(\d{1,9})$/i.exec(text.trim());
  if (!match || Number(match[1]) < 1) throw new RegistryInputError(`${what} must be a version number like 3, not ${text === undefined ? 'missing' : `"${text}"`}`);
  return Number(match[1]);
}

/** The stage as MLflow spells it, whatever the case given ("production" is Production). */
function stageArg(text: string | undefined): Stage {
  const found = stages.find((stage) => stage.toLowerCase() === text?.trim().toLowerCase());
  if (!found) throw new RegistryInputError(`Unknown stage ${text === undefined ? '(none given)' : `"${text}"`}: use ${stages.join(', ')}`);
  return found;
}

const two = String.raw`(\d{2})`;
const dateOnly = new RegExp(String.raw`^(\d{4})-${two}-${two}$`);
const localDateTime = new RegExp(String.raw`^(\d{4})-${two}-${two}[T ]${two}:${two}(?::${two}(?:\.(\d{1,3}))?)?$`);
const zoned = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A moment for `as-of`: milliseconds since the epoch, an ISO date (that day's
 * end, local time), a date-time without a zone (local time) or with one.
 */
export function parseAsOfDate(text: string): number {
  const given = text.trim();
  const fail = () => new RegistryInputError(`DATE must be a date like 2024-03-01, a date-time like 2024-03-01T14:30 or 2024-03-01T14:30:00Z, or milliseconds since the epoch, not "${text}"`);
  if (/^\d+$/.test(given)) return Number(given);
  let at: Date;
  let parts: number[];
  const day = dateOnly.exec(given);
  const local = localDateTime.exec(given);
  if (day) {
    parts = day.slice(1).map(Number);
    at = new Date(parts[0], parts[1] - 1, parts[2], 23, 59, 59, 999);
  } else if (local) {
    parts = local.slice(1).map((part) => Number(part ?? 0));
    at = new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], Number((local[7] ?? '0').padEnd(3, '0')));
  } else if (zoned.test(given) && /^\d{4}-\d{2}-\d{2}T/.test(given)) {
    const ms = Date.parse(given);
    if (Number.isNaN(ms)) throw fail();
    return ms;
  } else {
    throw fail();
  }
  // new Date() rolls 2024-02-31 over into March: refuse a day the calendar does not have.
  if (Number.isNaN(at.getTime()) || at.getMonth() !== parts[1] - 1 || at.getDate() !== parts[2]) throw fail();
  return at.getTime();
}

/** `--tag k=v` flags as a map. */
function tagsArg(flags: string[] | undefined): Record<string, string> | undefined {
  if (!flags?.length) return undefined;
  const tags: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new RegistryInputError(`--tag must be key=value, not "${flag}"`);
    tags[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return tags;
}

async function call<K extends RequestName>(backend: Backend, name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  const result = await backend.send(name, args);
  if (!result.ok) throw new RequestError(result.error.code, result.error.message);
  return result.value;
}

function needs(positionals: string[], count: number, shape: string): void {
  if (positionals.length !== count) throw new RegistryInputError(`runlens registry ${shape}${positionals.length > count ? `: unexpected "${positionals[count]}"` : ''}`);
}

const versionLine = (v: ModelVersionRecord) =>
  `  v${v.version}  ${v.stage.padEnd(10)} ${v.aliases.map((a) => `@${a}`).join(' ').padEnd(16)} ${v.fileState === 'ok' ? '' : `[file ${v.fileState}] `}${v.artifactPath}${v.runName ? ` (run ${v.runName})` : ''}`;

function holdersText(holders: Record<Stage, number[]>, aliases: Record<string, number>): string {
  const held = stages.filter((stage) => stage !== 'None' && holders[stage].length).map((stage) => `${stage}: ${holders[stage].map((v) => `v${v}`).join(', ')}`);
  const named = Object.entries(aliases).map(([alias, v]) => `@${alias}: v${v}`);
  return [...held, ...named].join('  ') || 'no version in a stage or alias';
}

function outcomeText(name: string, outcome: TransitionOutcome, moved: string): string {
  const lines = outcome.done ? [moved] : [`A gate blocked this: ${name} version ${outcome.version.version} did not move (pass --override REASON to move it anyway, on record).`];
  for (const gate of outcome.gates) lines.push(`  ${gate.passed ? 'passed' : 'FAILED'}  ${gate.ruleId} (${gate.kind}): ${gate.detail}`);
  if (outcome.archived.length) lines.push(`  archived: ${outcome.archived.map((v) => `v${v}`).join(', ')}`);
  if (outcome.hook) lines.push(`  hook: ${outcome.hook.command} → ${outcome.hook.error ?? `exit ${outcome.hook.exitCode}`}`);
  return lines.join('\n');
}

function asOfText(asOf: AsOf): string {
  const when = new Date(asOf.at).toString();
  if (!asOf.lastEvent) return `${asOf.model} did not exist yet on ${when}.`;
  return `${asOf.model} as of ${when}:\n  ${holdersText(asOf.stages, asOf.aliases)}${asOf.stages.None.length ? `\n  None: ${asOf.stages.None.map((v) => `v${v}`).join(', ')}` : ''}`;
}

const options = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  run: { type: 'string' },
  artifact: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'keep-copy': { type: 'boolean' },
  'archive-existing': { type: 'boolean' },
  comment: { type: 'string' },
  override: { type: 'string' },
  'include-files': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];
type Print = (text: string, json: unknown) => void;

type Subcommand = (backend: Backend, args: string[], values: Values, print: Print) => Promise<number>;

async function list(backend: Backend, args: string[], _values: Values, print: Print): Promise<number> {
  needs(args, 0, 'list');
  const models = await call(backend, 'registry/list', {});
  const details = await Promise.all(models.map((m) => call(backend, 'registry/model', { name: m.name })));
  const text = details.length === 0
    ? "No models in Runlens's registry yet. Register one with `runlens registry register`."
    : details.map((d) => [`${d.name}  (latest v${d.latestVersion})  ${holdersText(d.stageHolders, d.aliases)}`, ...d.versions.map(versionLine)].join('\n')).join('\n');
  print(text, details.map((d) => modelJson(d, d.versions)));
  return 0;
}

async function register(backend: Backend, args: string[], values: Values, print: Print): Promise<number> {
  needs(args, 0, 'register --run ID --artifact PATH --name NAME');
  if (!values.run || !values.artifact || !values.name) throw new RegistryInputError('runlens registry register needs --run ID --artifact PATH --name NAME');
  const v = await call(backend, 'registry/register', { runId: values.run, artifactPath: values.artifact, name: values.name, description: values.description, tags: tagsArg(values.tag), keepCopy: values['keep-copy'] });
  print(`Registered ${v.model} version ${v.version} from ${v.runName ?? v.runId}: ${v.artifactPath} (sha256 ${v.sha256.slice(0, 12)}…${v.copyPath ? `, copy kept at ${v.copyPath}` : ''})`, versionJson(v));
  return 0;
}

async function transition(backend: Backend, args: string[], values: Values, print: Print): Promise<number> {
  needs(args, 3, 'transition NAME VERSION STAGE');
  const [name, versionText, stageText] = args;
  const stage = stageArg(stageText);
  const outcome = await call(backend, 'registry/transition', { name, version: versionArg(versionText), stage, archiveExisting: values['archive-existing'], comment: values.comment, override: values.override });
  print(outcomeText(name, outcome, `${name} version ${outcome.version.version} is in ${stage}.`), outcomeJson(outcome));
  return outcome.done ? 0 : 4;
}

async function alias(backend: Backend, args: string[], values: Values, print: Print): Promise<number> {
  needs(args, 3, 'alias NAME ALIAS VERSION');
  const [name, aliasName, versionText] = args;
  const outcome = await call(backend, 'registry/setAlias', { name, alias: aliasName, version: versionArg(versionText), comment: values.comment, override: values.override });
  print(outcomeText(name, outcome, `${name}@${aliasName} is version ${outcome.version.version}.`), outcomeJson(outcome));
  return outcome.done ? 0 : 4;
}

async function audit(backend: Backend, args: string[], _values: Values, print: Print): Promise<number> {
  needs(args, 1, 'audit NAME');
  const events = await call(backend, 'registry/audit', { name: args[0] });
  const line = (e: AuditEvent) =>
    `${new Date(e.at).toISOString()}  ${e.actor}  ${e.kind}${e.version === null ? '' : ` v${e.version}`}${e.from === null && e.to === null ? '' : `  ${e.from ?? '—'} → ${e.to ?? '—'}`}${e.comment ? `  "${e.comment}"` : ''}`;
  print(events.map(line).join('\n'), events.map(eventJson));
  return 0;
}

async function asOf(backend: Backend, args: string[], _values: Values, print: Print): Promise<number> {
  needs(args, 2, 'as-of NAME DATE');
  const answer = await call(backend, 'registry/asOf', { name: args[0], at: parseAsOfDate(args[1]) });
  print(asOfText(answer), asOfJson(answer));
  return 0;
}

async function exportModel(backend: Backend, args: string[], values: Values, print: Print): Promise<number> {
  needs(args, 2, 'export NAME FILE');
  const done = await call(backend, 'registry/export', { name: args[0], path: path.resolve(args[1]), includeFiles: values['include-files'] });
  print(`Exported ${args[0]} to ${done.path} (${done.bytes.toLocaleString()} bytes)`, done);
  return 0;
}

async function importModel(backend: Backend, args: string[], _values: Values, print: Print): Promise<number> {
  needs(args, 1, 'import FILE');
  const outcome = await call(backend, 'registry/import', { path: path.resolve(args[0]) });
  const text = outcome.unchanged
    ? `${outcome.model} is already in the registry as the archive has it: nothing added.`
    : `Imported ${outcome.model}: ${outcome.versionsAdded} versions and ${outcome.eventsAdded} events added.`;
  print(text, { model: outcome.model, versions_added: outcome.versionsAdded, events_added: outcome.eventsAdded, unchanged: outcome.unchanged });
  return 0;
}

const subcommands: Record<string, Subcommand> = { list, register, transition, alias, audit, 'as-of': asOf, export: exportModel, import: importModel };

const badInput: ApiErrorCode[] = ['bad-request', 'not-found', 'unreadable', 'bad-filter'];

/** `runlens registry SUBCOMMAND …`; prints its own errors and returns the exit code. */
export async function registryCli(argv: string[], withBackend: WithBackend): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
    const [sub, ...args] = positionals;
    if (values.help || !sub) {
      console.log(`Usage:\n${registryUsage}`);
      return sub || values.help ? 0 : 2;
    }
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const print: Print = (text, json) => console.log(values.json ? toPlainJson(json) : text);
    const run = Object.hasOwn(subcommands, sub) ? subcommands[sub] : null;
    if (!run) throw new RegistryInputError(`Unknown registry command "${sub}".\n${registryUsage}`);
    return await withBackend(dataDir, (backend) => run(backend, args, values, print));
  } catch (error) {
    console.error(`runlens: ${(error as Error).message}`);
    if (error instanceof RequestError) return badInput.includes(error.code) ? 2 : 1;
    // parseArgs' own errors (an unknown flag, a missing value) are bad input too.
    const code = (error as { code?: unknown }).code;
    return error instanceof RegistryInputError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) ? 2 : 1;
  }
}
