// Problems met while reading the run's files: skipped, counted, never fatal.
import { Alert, Code, Stack, Text } from '@mantine/core';
import { TriangleAlert } from 'lucide-react';
import type { IngestWarning } from '../../../shared/domain';
import { formatDateTime } from '../../format/date';

export function WarningList({ warnings }: { warnings: IngestWarning[] }) {
  return (
    <Stack gap="xs">
      {warnings.map((warning, index) => (
        <Alert
          key={`${warning.path}:${index}`}
          color="orange"
          variant="light"
          p="xs"
          icon={<TriangleAlert size={16} />}
          data-testid="run-warning"
        >
          <Text size="sm">
            {warning.message}
            {warning.count > 1 && (
              <Text span size="xs" c="dimmed">
                {' '}
                ({warning.count.toLocaleString()} times)
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed" mt={2}>
            <Code fz="xs">{warning.path}</Code> · {formatDateTime(warning.at)}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}
