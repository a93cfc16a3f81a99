// Flips between light and dark; until first used the app follows the OS.
import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { Moon, Sun } from 'lucide-react';

export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  const following = colorScheme === 'auto' ? ' (now following the system)' : '';
  return (
    <Tooltip label={`Switch to ${next} theme${following}`} withArrow>
      <ActionIcon
        data-testid="color-scheme-toggle"
        data-color-scheme={computed}
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {computed === 'dark' ? <Sun size={18} /> : <Moon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}
