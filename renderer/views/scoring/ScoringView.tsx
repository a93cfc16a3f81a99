// The Scoring area: a model named by its path (inspected), a batch job that
// scores a CSV into a new CSV with its progress, the jobs recorded, and the
// what-if form that scores one row as its fields change, and the model's
// permutation importance on a labeled CSV.
import { ScrollArea, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { AreaBoundary } from '../../components/AreaBoundary';
import { scoringStore } from '../../stores/scoring/store';
import { ImportancePanel } from './importance/ImportancePanel';
import { JobPanel } from './JobPanel';
import { JobsTable } from './JobsTable';
import { ModelPanel } from './ModelPanel';
import { WhatIfPanel } from './WhatIfPanel';

export function ScoringView() {
  useEffect(() => scoringStore.getState().startSync(), []);
  return (
    <ScrollArea h="100%" type="auto" data-testid="scoring-view">
      <Stack p="md" gap="md" maw={1280}>
        <Title order={3}>Scoring</Title>
        <AreaBoundary area="The model panel">
          <ModelPanel />
        </AreaBoundary>
        <AreaBoundary area="The batch job panel">
          <JobPanel />
        </AreaBoundary>
        <AreaBoundary area="The what-if panel">
          <WhatIfPanel />
        </AreaBoundary>
        <AreaBoundary area="The jobs list">
          <JobsTable />
        </AreaBoundary>
        <AreaBoundary area="The permutation importance panel">
          <ImportancePanel />
        </AreaBoundary>
      </Stack>
    </ScrollArea>
  );
}
