// Shows a backend error as the backend worded it, with an optional retry.
import { Alert, Button, Text } from '@mantine/core';
import { CircleAlert } from 'lucide-react';
import type { ApiError } from '../../shared/errors';

interface Props {
  title: string;
  error: ApiError;
  onRetry?: () => void;
}

export function ErrorState({ title, error, onRetry }: Props) {
  return (
    <Alert color="red" variant="light" title={title} icon={<CircleAlert size={18} />} m="md">
      <Text size="sm" data-testid="error-message">
        {error.message}
      </Text>
      {onRetry && (
        <Button size="xs" variant="light" color="red" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
