// "N warnings" next to the title, shown only when reading the project met problems.
import { Button } from '@mantine/core';
import { TriangleAlert } from 'lucide-react';
import { selectWarningCount, warningCountLabel } from '../../stores/warnings/selectors';
import { useWarningsStore } from '../../stores/warnings/store';
import { uiStore } from '../../stores/ui/store';

export function WarningsButton() {
  const count = useWarningsStore(selectWarningCount);
  if (count === 0) return null;
  return (
    <Button
      size="compact-xs"
      variant="light"
      color="yellow"
      radius="sm"
      leftSection={<TriangleAlert size={13} />}
      onClick={() => uiStore.getState().openWarnings(true)}
      data-testid="warnings-button"
      title="Problems met while reading files: what could be read was read"
      style={{ flexShrink: 0 }}
    >
      {warningCountLabel(count)}
    </Button>
  );
}
