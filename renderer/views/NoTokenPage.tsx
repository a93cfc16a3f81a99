// Browser mode opened without the token: say where the right URL comes from.
import { Center, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { KeyRound } from 'lucide-react';

export function NoTokenPage() {
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder radius="md" p="xl" maw={520} data-testid="no-token">
        <Stack gap="sm" align="center" ta="center">
          <KeyRound size={32} strokeWidth={1.5} />
          <Title order={3}>Runlens needs its access token</Title>
          <Text data-testid="error-message">
            Open Runlens from the URL printed by <Code>npm start</Code> (it carries the access
            token).
          </Text>
          <Text size="sm" c="dimmed">
            The token keeps other programs on this computer from reading your runs. A tab opened
            from that URL remembers it until the tab is closed.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
