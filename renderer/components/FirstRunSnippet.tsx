// How to log a first run from Python, with the project's own path when we know it.
import { ActionIcon, Code, CopyButton, Stack, Text, Tooltip } from '@mantine/core';
import { Check, Copy } from 'lucide-react';
import { firstRunSnippet } from './firstRunSnippet';

export function FirstRunSnippet({ projectPath }: { projectPath: string }) {
  const code = firstRunSnippet(projectPath);
  return (
    <Stack gap={6} w="100%" ta="left">
      <Text size="sm" c="dimmed">
        Log a first run from Python with <Code>clients/python/runlens.py</Code> (one file, no
        dependencies: copy it next to your training script):
      </Text>
      <div style={{ position: 'relative' }}>
        <Code block fz="sm" style={{ whiteSpace: 'pre', overflowX: 'auto', paddingRight: 44 }}>
          {code}
        </Code>
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={copy}
                aria-label="Copy the snippet"
                style={{ position: 'absolute', top: 6, right: 6 }}
              >
                {copied ? <Check size={16} /> : <Copy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </div>
    </Stack>
  );
}
