// A gate's or hook's target compared with a move: the same stage, or the same alias name.
import type { GateTarget } from './types';

export function sameGateTarget(a: GateTarget, b: GateTarget): boolean {
  if (a.kind === 'stage') return b.kind === 'stage' && a.stage === b.stage;
  return b.kind === 'alias' && a.alias === b.alias;
}

/** "Production", or "alias champion": how views and details name a target. */
export function gateTargetText(target: GateTarget): string {
  return target.kind === 'stage' ? target.stage : `alias ${target.alias}`;
}
