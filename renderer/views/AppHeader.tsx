import { Group, Text, Title } from '@mantine/core';
import { Activity } from 'lucide-react';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle';
import { selectAppVersion } from '../stores/app/selectors';
import { useAppStore } from '../stores/app/store';

export function AppHeader() {
  const version = useAppStore(selectAppVersion);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap={8} wrap="nowrap">
        <Activity size={20} color="var(--mantine-primary-color-filled)" />
        <Title order={4} fw={650}>
          Runlens
        </Title>
        {version && (
          <Text size="xs" c="dimmed">
            v{version}
          </Text>
        )}
      </Group>
      <ColorSchemeToggle />
    </Group>
  );
}
