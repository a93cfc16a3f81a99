// The little square of a run's color, beside its name.
import { ColorSwatch } from '@mantine/core';

export function RunSwatch({ color, size = 12 }: { color: string; size?: number }) {
  return <ColorSwatch color={color} size={size} radius="sm" withShadow={false} style={{ flex: 'none' }} />;
}
