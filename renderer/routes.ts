// The URL hash is the route: the area, the open run, the compared runs and the
// evaluated prediction set, so Back works and a view can be linked (`#/runs`,
// `#/runs/<run id>`, `#/compare?runs=<id>,<id>`,
// `#/evaluation?run=<id>&set=<artifact path>`, `#/evaluation?job=<scoring job id>`,
// `#/registry`, `#/registry/<model>`, `#/registry/<model>/<version>`,
// `#/registry/<model>/compare?a=<version>&b=<version>`, `#/drift`, `#/drift/<monitor id>`,
// `#/drift/<id>?batch=<key>`, `#/drift/<id>/column/<name>?batch=<key>`). The ui store
// (and beside it the Drift area's route store) stays the one source of truth: the hash
// follows it, and a hash typed or reached by Back is written into it.
import type { StoreApi } from 'zustand';
import { areas, MAX_COMPARED_RUNS, type Area, type EvaluationTarget, type RegistryRoute, type UiState } from './stores/ui/store';
import { MODEL_NAME_MAX } from '../shared/registry/types';
import { driftRouteStore, type DriftRoute, type DriftRouteState } from './stores/drift/route';

export interface Route {
  area: Area;
  /** The run whose details are open (Runs area only). */
  runId: string | null;
  /** The compared runs (Compare area only); null when the hash names none. */
  comparedRunIds: string[] | null;
  /** The evaluated run and prediction set, or scoring job (Evaluation area only); null when the hash names neither. */
  evaluation: EvaluationTarget | null;
  /** The registry page (Registry area only; absent elsewhere). */
  registry?: RegistryRoute;
  /** The Drift page (Drift area only; absent elsewhere). */
  drift?: DriftRoute;
}

/** Longer ids and paths than these are no run's: cut, as the backend's schema would refuse them. */
const MAX_ID = 128;
const MAX_PATH = 4096;

/** A scoring job's id as the URL gives it: digits only, as the backend's ids are positive integers. */
function jobIdOf(text: string | null): number | null {
  if (!text || !/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

function evaluationOf(query: URLSearchParams): EvaluationTarget | null {
  const jobId = jobIdOf(query.get('job'));
  if (jobId !== null) return { jobId };
  const runId = query.get('run');
  if (!runId || runId.length > MAX_ID) return null;
  const setPath = query.get('set');
  return { runId, setPath: setPath && setPath.length <= MAX_PATH ? setPath : null };
}

/** A version number as the URL gives it: 1, 2, 3… */
function versionOf(text: string | null): number | null {
  if (!text || !/^[1-9][0-9]{0,8}$/.test(text)) return null;
  return Number(text);
}

/** `<model>[/<version> | /compare]` and the compare's `a` and `b`; a path that names no model is the list. */
function registryOf(path: string | undefined, query: URLSearchParams): RegistryRoute {
  const [encoded, second] = (path ?? '').split('/');
  let name: string;
  try {
    name = decodeURIComponent(encoded ?? '');
  } catch {
    return { view: 'list' }; // a damaged %-escape names no model
  }
  if (!name || name.length > MODEL_NAME_MAX) return { view: 'list' };
  if (second === 'compare') {
    const a = versionOf(query.get('a'));
    const b = versionOf(query.get('b'));
    return a !== null && b !== null ? { view: 'compare', name, a, b } : { view: 'model', name };
  }
  const version = versionOf(second ?? null);
  return version === null ? { view: 'model', name } : { view: 'version', name, version };
}

function registryHash(route: RegistryRoute): string {
  if (route.view === 'list') return '#/registry';
  const model = `#/registry/${encodeURIComponent(route.name)}`;
  if (route.view === 'version') return `${model}/${route.version}`;
  if (route.view === 'compare') return `${model}/compare?a=${route.a}&b=${route.b}`;
  return model;
}

/** `<id>[/column/<name>]` and the `batch`; a path that names no monitor is the list. */
function driftOf(path: string | undefined, query: URLSearchParams): DriftRoute {
  const [idText, kind, ...rest] = (path ?? '').split('/');
  const id = jobIdOf(idText ?? null);
  if (id === null) return { view: 'list' };
  const batchText = query.get('batch');
  const batch = batchText && batchText.length <= MAX_PATH ? batchText : null;
  if (kind !== 'column' || rest.length === 0) return { view: 'monitor', id, batch };
  let column: string;
  try {
    column = decodeURIComponent(rest.join('/'));
  } catch {
    return { view: 'monitor', id, batch }; // a damaged %-escape names no column
  }
  return column && column.length <= MAX_PATH ? { view: 'column', id, column, batch } : { view: 'monitor', id, batch };
}

export function driftHash(route: DriftRoute): string {
  if (route.view === 'list') return '#/drift';
  const page = route.view === 'column' ? `#/drift/${route.id}/column/${encodeURIComponent(route.column)}` : `#/drift/${route.id}`;
  return route.batch === null ? page : `${page}?batch=${queryValue(route.batch)}`;
}

/** A query value with its slashes kept readable: `set=predictions/test.csv`. */
const queryValue = (value: string): string => encodeURIComponent(value).replace(/%2F/g, '/');

const isArea = (word: string): word is Area => (areas as readonly string[]).includes(word);

/** The route a hash names, or null for a hash that is not one (empty, or a token). */
export function parseRoute(hash: string): Route | null {
  const match = /^#\/([a-z]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(hash);
  if (!match || !isArea(match[1])) return null;
  const area = match[1];
  const runId = area === 'runs' && match[2] ? decodeURIComponent(match[2]).slice(0, MAX_ID) : null;
  const query = new URLSearchParams(match[3] ?? '');
  const listed = query.get('runs');
  const comparedRunIds =
    area === 'compare' && listed ? listed.split(',').filter((id) => id.length > 0 && id.length <= MAX_ID).slice(0, MAX_COMPARED_RUNS) : null;
  const evaluation = area === 'evaluation' ? evaluationOf(query) : null;
  if (area === 'registry') return { area, runId, comparedRunIds, evaluation, registry: registryOf(match[2], query) };
  if (area === 'drift') return { area, runId, comparedRunIds, evaluation, drift: driftOf(match[2], query) };
  return { area, runId, comparedRunIds, evaluation };
}

export type RoutedState = Pick<UiState, 'area' | 'openRunId' | 'comparedRunIds'> &
  Partial<Pick<UiState, 'evaluationTarget' | 'registryRoute'>> & { driftRoute?: DriftRoute };

export function routeOf(state: RoutedState): string {
  if (state.area === 'runs') return state.openRunId ? `#/runs/${encodeURIComponent(state.openRunId)}` : '#/runs';
  if (state.area === 'compare') return state.comparedRunIds.length ? `#/compare?runs=${state.comparedRunIds.map(encodeURIComponent).join(',')}` : '#/compare';
  if (state.area === 'evaluation' && state.evaluationTarget) {
    const { runId, setPath, jobId } = state.evaluationTarget;
    if (jobId !== undefined) return `#/evaluation?job=${jobId}`;
    return `#/evaluation?run=${queryValue(runId)}${setPath === null ? '' : `&set=${queryValue(setPath)}`}`;
  }
  if (state.area === 'registry' && state.registryRoute) return registryHash(state.registryRoute);
  if (state.area === 'drift' && state.driftRoute) return driftHash(state.driftRoute);
  return `#/${state.area}`;
}

type DriftRouteSource = StoreApi<DriftRouteState>;

function apply(store: StoreApi<UiState>, route: Route, drift: DriftRouteSource): void {
  const state = store.getState();
  const patch: Partial<UiState> = { area: route.area };
  if (route.area === 'runs') patch.openRunId = route.runId;
  if (route.comparedRunIds && route.comparedRunIds.join(',') !== state.comparedRunIds.join(',')) state.compareRuns(route.comparedRunIds);
  if (route.evaluation) state.openEvaluation(route.evaluation);
  if (route.registry) state.openRegistry(route.registry);
  if (route.drift) drift.getState().open(route.drift);
  store.setState(patch);
}

export interface RoutingWindow {
  location: Pick<Location, 'hash'>;
  history: Pick<History, 'pushState' | 'replaceState' | 'state'>;
  addEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
  removeEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
}

/** Keeps the hash and the ui store in step; returns the function that stops. */
export function startRouting(win: RoutingWindow, store: StoreApi<UiState>, drift: DriftRouteSource = driftRouteStore): () => void {
  const current = (): string => routeOf({ ...store.getState(), driftRoute: drift.getState().route });
  // A route is written into two stores: the hash follows once both hold it, not in between.
  let applying = false;
  const follow = (): void => {
    if (applying) return;
    const hash = current();
    if (hash !== win.location.hash) win.history.pushState(win.history.state, '', hash);
  };
  const applyRoute = (route: Route): void => {
    applying = true;
    try {
      apply(store, route, drift);
    } finally {
      applying = false;
    }
    follow();
  };
  const initial = parseRoute(win.location.hash);
  if (initial) apply(store, initial, drift);
  win.history.replaceState(win.history.state, '', current());

  const onHash = (): void => {
    const route = parseRoute(win.location.hash);
    if (route) applyRoute(route);
    else win.history.replaceState(win.history.state, '', current());
  };
  win.addEventListener('popstate', onHash);
  win.addEventListener('hashchange', onHash);
  const stop = store.subscribe(follow);
  const stopDrift = drift.subscribe(follow);
  return () => {
    stop();
    stopDrift();
    win.removeEventListener('popstate', onHash);
    win.removeEventListener('hashchange', onHash);
  };
}
