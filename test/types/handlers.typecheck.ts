// Checked by `tsc -b`, never run: the compiler must refuse a backend whose
// handlers leave a request of shared/api.ts unhandled, or take the wrong
// arguments. Each @ts-expect-error marks a line that must not compile; should
// it compile one day, tsc fails on the unused directive.
import { mergeHandlers } from '../../electron/backend/api';
import type { Handlers } from '../../electron/backend/handlerTypes';

declare const all: Handlers;
const { 'runs/get': runsGet, ...allButOne } = all;

// Every request handled: compiles.
export const complete: Handlers = mergeHandlers(allButOne, { 'runs/get': runsGet });

// @ts-expect-error 'runs/get' has no handler
export const missing: Handlers = mergeHandlers(allButOne);

// @ts-expect-error runs/get takes { runId: string }
export const wrongArguments: Handlers = mergeHandlers(allButOne, { 'runs/get': async (args: { runId: number }) => runsGet({ runId: String(args.runId) }) });

// @ts-expect-error runs/get answers a RunDetail
export const wrongResult: Handlers = mergeHandlers(allButOne, { 'runs/get': async () => ({ id: 'only an id' }) });
