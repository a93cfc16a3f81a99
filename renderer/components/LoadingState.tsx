import { Center, Loader, Stack, Text } from '@mantine/core';

export function LoadingState({ label }: { label: string }) {
  return (
    <Center py="xl" h="100%" data-testid="loading-state">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
