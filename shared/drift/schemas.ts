// The argument schemas of the drift requests (shared/api.ts declares the
// requests): what a client may send for a monitor's reference, current data,
// model and settings. Paths are checked for existence by the backend.
import { batchPeriods, driftMethods } from './monitor';
import { boolean, fields, integer, list, number, oneOf, optional, text, v } from '../schema';

export const MONITOR_NAME_MAX = 200;

export const monitorName = v.pipe(
  text(MONITOR_NAME_MAX),
  v.minLength(1, 'must not be empty'),
  // eslint-disable-next-line no-control-regex
  v.check((value: string) => !/[\u0000-\u001f\u007f]/.test(value), 'must not hold control characters'),
  v.check((value: string) => value.trim() === value, 'must not start or end with spaces'),
);
export const monitorId = integer(1);

const registryVersion = v.strictObject({ kind: v.literal('registryVersion'), model: text(MONITOR_NAME_MAX), version: integer(1) });

export const monitorReference = v.variant('kind', [v.strictObject({ kind: v.literal('file'), path: text() }), registryVersion], 'must be a reference: {kind: "file", path} or {kind: "registryVersion", model, version}');
export const monitorCurrent = v.variant(
  'kind',
  [v.strictObject({ kind: v.literal('folder'), path: text() }), v.strictObject({ kind: v.literal('files'), paths: list(text(), 10_000) })],
  'must be current data: {kind: "folder", path} or {kind: "files", paths}',
);
export const monitorModel = v.variant('kind', [v.strictObject({ kind: v.literal('file'), path: text() }), registryVersion], 'must be a model: {kind: "file", path} or {kind: "registryVersion", model, version}');

const threshold = number(0, 1e12);
export const columnSetting = v.strictObject({
  type: optional(oneOf(['num', 'cat'])),
  method: optional(oneOf(driftMethods)),
  threshold: optional(threshold),
  ignore: optional(boolean()),
});
const columnSettings = v.record(text(1024), columnSetting, 'must be an object of column names and settings');
const driftShare = number(0, 1);

export const compareSettings = v.strictObject({ columns: optional(columnSettings), driftShare: optional(driftShare) }, 'must be settings: {columns?, driftShare?}');

export const monitorSettings = v.strictObject({
  batchBy: v.variant('kind', [v.strictObject({ kind: v.literal('file') }), v.strictObject({ kind: v.literal('period'), column: text(1024), period: oneOf(batchPeriods) })], 'must be {kind: "file"} or {kind: "period", column, period}'),
  driftShare,
  columns: columnSettings,
  labelColumn: v.nullable(text(1024)),
  alerts: v.strictObject({ dataset: boolean(), columns: boolean(), performanceDrop: v.nullable(number(0, 1)) }, 'must be alerts: {dataset, columns, performanceDrop}'),
}, 'must be monitor settings: {batchBy, driftShare, columns, labelColumn, alerts}');

export const addMonitorArgs = fields({
  name: monitorName,
  reference: monitorReference,
  current: monitorCurrent,
  model: optional(v.nullable(monitorModel)),
  settings: optional(monitorSettings),
});
