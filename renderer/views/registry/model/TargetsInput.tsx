// The moves a gate rule or a hook applies to: Staging, Production, or an
// alias (`@champion`), as chips; any alias name may be typed.
import { TagsInput } from '@mantine/core';
import type { GateTarget } from '../../../../shared/registry/types';
import { targetKey, targetsFromKeys } from '../../../stores/registry/gateDrafts';

export function TargetsInput({ targets, aliases, onChange, testId }: { targets: GateTarget[]; aliases: string[]; onChange(targets: GateTarget[]): void; testId: string }) {
  const keys = targets.map(targetKey);
  const offered = ['Staging', 'Production', ...aliases.map((alias) => `@${alias}`)];
  return (
    <TagsInput
      label="Guards"
      description="Staging, Production, or an alias such as @champion"
      data={offered}
      value={keys}
      onChange={(next) => onChange(targetsFromKeys(next))}
      acceptValueOnBlur
      data-testid={testId}
    />
  );
}
