// Fewer than two runs to compare: how to pick them.
import { Button } from '@mantine/core';
import { GitCompareArrows } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';
import { uiStore } from '../../stores/ui/store';

export function CompareEmpty({ count }: { count: number }) {
  return (
    <EmptyState
      icon={<GitCompareArrows size={28} strokeWidth={1.5} />}
      title={count === 1 ? 'One run is not a comparison' : 'No runs to compare'}
      description={
        <>
          In the Runs table, tick the checkbox of two or more runs (up to 100, from any tool), then
          press <b>Compare</b> in the toolbar. Their params, metrics and charts appear here side by
          side.
        </>
      }
    >
      <Button variant="light" onClick={() => uiStore.getState().navigate('runs')} data-testid="compare-back-to-runs">
        Go to Runs
      </Button>
    </EmptyState>
  );
}
