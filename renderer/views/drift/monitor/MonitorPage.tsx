// A monitor's page: header with progress, the batch picker, the selected
// batch's summary, drift over time, performance and prediction drift when a
// model is set, the monitor's alerts, and its settings dialog. One
// `drift/monitor` answer feeds all of it; the page opens at once however many
// batches there are.
import { Stack } from '@mantine/core';
import { Activity } from 'lucide-react';
import { useEffect } from 'react';
import { AreaBoundary } from '../../../components/AreaBoundary';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { monitorStore, useMonitorStore } from '../../../stores/drift/monitorStore';
import { hasPerformance, selectedBatch } from '../../../stores/drift/selectors';
import { AlertsList } from '../AlertsList';
import { Panel } from '../parts';
import { MonitorSettingsDialog } from '../settings/MonitorSettingsDialog';
import { BatchPicker } from './BatchPicker';
import { BatchSummary } from './BatchSummary';
import { MonitorHeader } from './MonitorHeader';
import { OverTime } from './OverTime';
import { PerformanceOverTime } from './PerformanceOverTime';
import { PredictionDrift } from './PredictionDrift';

/** Follows the route and the events while a monitor or column page is open. */
export function useMonitorSync(): void {
  useEffect(() => monitorStore.getState().startSync(), []);
}

export function MonitorPage({ id, batchKey }: { id: number; batchKey: string | null }) {
  useMonitorSync();
  const detail = useMonitorStore((s) => (s.detail?.monitor.id === id ? s.detail : null));
  const status = useMonitorStore((s) => s.status);
  const error = useMonitorStore((s) => s.error);
  const newIds = useMonitorStore((s) => s.newAlertIds);
  if (status === 'error' && error) return <ErrorState title="Could not open this monitor" error={error} onRetry={() => monitorStore.getState().reload()} />;
  if (!detail) return <LoadingState label="Opening the monitor…" />;
  const batch = selectedBatch(detail.batches, batchKey);
  const withModel = detail.monitor.model !== null;
  return (
    <Stack gap="md" data-testid="monitor-page" data-batches={detail.batches.length}>
      <MonitorHeader detail={detail} />
      <MonitorSettingsDialog detail={detail} />
      {batch === null ? (
        <EmptyState icon={<Activity size={24} />} title="No batch yet" description="Batches appear here as they are computed: each CSV file in the folder (or each period of the timestamp column) is one." />
      ) : (
        <>
          <BatchPicker batches={detail.batches} selected={batch} routeFor={(key) => ({ view: 'monitor', id, batch: key })} />
          <AreaBoundary area="The batch summary">
            <BatchSummary detail={detail} batch={batch} />
          </AreaBoundary>
          <AreaBoundary area="The over-time charts">
            <OverTime detail={detail} batch={batch} />
          </AreaBoundary>
          {withModel && hasPerformance(detail) && (
            <AreaBoundary area="The performance chart">
              <PerformanceOverTime detail={detail} batch={batch} />
            </AreaBoundary>
          )}
          {withModel && detail.batches.some((b) => b.prediction !== null) && (
            <AreaBoundary area="The prediction drift">
              <PredictionDrift detail={detail} batch={batch} />
            </AreaBoundary>
          )}
        </>
      )}
      <Panel title="Alerts" testId="monitor-alerts">
        <AlertsList alerts={detail.alerts} showMonitor={false} newIds={newIds} />
      </Panel>
    </Stack>
  );
}
