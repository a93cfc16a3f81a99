// Which version held each stage and alias of a model at a moment: the audit
// trail replayed up to it (mlflow#2169: "which model was in Production when").
// The events are the record; the current tables are only their latest state.
//
// How the events carry a move (appended by register.ts and transitions.ts):
//   registered, copied   version; to = its stage then (None unless copied with one)
//   stage                version; from and to = the stages
//   alias-set            version = the new holder; from = "alias@old" or null, to = "alias@new"
//   alias-removed        version = the old holder; from = "alias@old"
import { stages, type AsOf, type AuditEvent, type Stage } from '../../../shared/registry/types';
import type { Db } from '../store/database';
import { modelEvents } from './audit';
import { requireModel } from './queries';
import { parseAliasEventValue } from '../../../shared/registry/aliasEvents';

export { aliasEventValue, parseAliasEventValue } from '../../../shared/registry/aliasEvents';

const isStage = (value: string | null): value is Stage => (stages as readonly (string | null)[]).includes(value);

/** The stages and aliases the events leave, applied in order. */
export function replay(events: AuditEvent[]): { stageOf: Map<number, Stage>; aliases: Map<string, number> } {
  const stageOf = new Map<number, Stage>();
  const aliases = new Map<string, number>();
  for (const event of events) {
    const version = event.version;
    switch (event.kind) {
      case 'registered':
      case 'copied':
      case 'imported':
        if (version !== null && !stageOf.has(version)) stageOf.set(version, isStage(event.to) ? event.to : 'None');
        break;
      case 'stage':
        if (version !== null && isStage(event.to)) stageOf.set(version, event.to);
        break;
      case 'alias-set': {
        const set = parseAliasEventValue(event.to);
        if (set) aliases.set(set.alias, set.version);
        break;
      }
      case 'alias-removed': {
        const removed = parseAliasEventValue(event.from);
        if (removed) aliases.delete(removed.alias);
        break;
      }
      default:
        break;
    }
  }
  return { stageOf, aliases };
}

/** The model's stages and aliases at `at` (ms since the epoch); before its first event, nothing held anything. */
export function modelAsOf(db: Db, name: string, at: number): AsOf {
  const model = requireModel(db, name);
  const events = modelEvents(db, model.id, at);
  const { stageOf, aliases } = replay(events);
  const holders = Object.fromEntries(stages.map((stage) => [stage, [] as number[]])) as unknown as Record<Stage, number[]>;
  for (const [version, stage] of [...stageOf].sort(([a], [b]) => a - b)) holders[stage].push(version);
  return {
    model: model.name,
    at,
    stages: holders,
    aliases: Object.fromEntries([...aliases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    lastEvent: events.length ? events[events.length - 1] : null,
  };
}
