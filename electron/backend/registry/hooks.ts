// Commands the user configured in Runlens (registry/setHooks, stored in
// registry_models.hooks; never read from a project folder) run after a
// version entered a stage or took an alias: through the shell, with the move
// in RUNLENS_* environment variables, a timeout, and the end of their output
// kept in a `hook` event of the audit trail.
import { spawn } from 'node:child_process';
import type { GateTarget, HookRun, ModelVersionRecord, RegistryNotice, TransitionHook } from '../../../shared/registry/types';
import type { Db } from '../store/database';
import { writeTransaction } from '../store/writeTransaction';
import { appendEvent } from './audit';
import { sameGateTarget } from '../../../shared/registry/targets';

export const hookTimeoutMs = 5 * 60_000;
/** The end of a hook's output kept in its event (stdout and stderr as they came). */
export const maxHookOutputBytes = 64 * 1024;

export interface HookMove {
  model: string;
  version: ModelVersionRecord;
  target: GateTarget;
}


/** The hooks configured for this move, in their order. */
export function hooksFor(hooks: TransitionHook[], target: GateTarget): TransitionHook[] {
  return hooks.filter((hook) => hook.targets.some((t) => sameGateTarget(t, target)));
}

/** The environment a hook sees: the user's own, and the move. */
export function hookEnvironment(move: HookMove): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RUNLENS_MODEL_NAME: move.model,
    RUNLENS_MODEL_VERSION: String(move.version.version),
    RUNLENS_STAGE: move.version.stage,
    RUNLENS_ALIAS: move.target.kind === 'alias' ? move.target.alias : '',
    RUNLENS_ARTIFACT_PATH: move.version.filePath,
    RUNLENS_MODEL_SHA256: move.version.sha256,
  };
}

/** Keeps the last `max` bytes of what it is given. */
class OutputTail {
  private chunks: Buffer[] = [];
  private bytes = 0;
  cut = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes > this.max * 2) this.compact();
  }
  private compact(): void {
    const all = Buffer.concat(this.chunks);
    if (all.length > this.max) this.cut = true;
    const kept = all.subarray(Math.max(0, all.length - this.max));
    this.chunks = [kept];
    this.bytes = kept.length;
  }
  text(): string {
    this.compact();
    // A multi-byte character cut at the start decodes as U+FFFD: drop it.
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/^\uFFFD+/, '');
    return this.cut ? `…\n${text}` : text;
  }
}

/** Runs one hook to its end (or its timeout, when its process group is killed). Never throws. */
export function runHook(hook: TransitionHook, move: HookMove, options: { timeoutMs?: number } = {}): Promise<HookRun> {
  const timeoutMs = options.timeoutMs ?? hookTimeoutMs;
  const tail = new OutputTail(maxHookOutputBytes);
  const group = process.platform !== 'win32';
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const finish = (run: Omit<HookRun, 'command' | 'output'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ command: hook.command, output: tail.text(), ...run });
    };
    // A process group of its own, so a timeout stops what the shell started too.
    const child = spawn(hook.command, { shell: true, env: hookEnvironment(move), stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => tail.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
    child.on('error', (error) => finish({ exitCode: null, error: `could not start: ${error.message}` }));
    child.on('close', (code, signal) => {
      if (timedOut) finish({ exitCode: null, error: `stopped after ${Math.round(timeoutMs / 1000)} s (the hook timeout)` });
      else if (signal) finish({ exitCode: null, error: `ended by ${signal}` });
      else finish({ exitCode: code, error: code === 0 ? null : `exited with code ${code}` });
    });
  });
}

/** The sentence a notification shows for a move (and how its hook ended). */
export function noticeOf(move: HookMove, run: HookRun | null): RegistryNotice {
  const what = move.target.kind === 'stage' ? `entered ${move.target.stage}` : `took the alias "${move.target.alias}"`;
  const ended = run === null ? '' : run.error !== null ? ` · hook failed: ${run.error}` : ` · hook exited ${run.exitCode}`;
  return { model: move.model, version: move.version.version, target: move.target, text: `${move.model} version ${move.version.version} ${what}${ended}`, hook: run };
}

/**
 * Runs the hooks configured for the move, one after another, each recorded
 * as a `hook` event. Returns the first failed run, else the last, or null when none is configured.
 */
export async function runHooksFor(db: Db, modelId: number, hooks: TransitionHook[], move: HookMove, notify?: (notice: RegistryNotice) => void): Promise<HookRun | null> {
  let shown: HookRun | null = null;
  for (const hook of hooksFor(hooks, move.target)) {
    // A notification alone has no command to run.
    if (hook.command.trim() === '') {
      if (hook.notify) notify?.(noticeOf(move, null));
      continue;
    }
    const run = await runHook(hook, move);
    if (hook.notify) notify?.(noticeOf(move, run));
    writeTransaction(db, () =>
      appendEvent(db, modelId, {
        version: move.version.version,
        kind: 'hook',
        to: move.target.kind === 'stage' ? move.target.stage : move.target.alias,
        comment: `hook ${hook.id}`,
        hook: run,
      }),
    );
    if (!shown || shown.error === null) shown = run;
  }
  return shown;
}
