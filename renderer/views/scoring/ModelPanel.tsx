// The model: a path typed by the user, Inspect, and what the file declares;
// for one 2-D input, the feature order in use and where it came from, or the
// order proposed from the CSV picked, to confirm once (remembered per model).
import { Alert, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { OnnxValueTable } from '../../components/OnnxValueTable';
import { Check, CircleAlert, FileSearch, ListOrdered } from 'lucide-react';
import { useMemo, type ReactNode } from 'react';
import type { ModelInspection } from '../../../shared/scoring/inspection';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatBytes } from '../../format/number';
import { featureOrderSourceText, proposalIssue, type FeatureOrderView } from '../../stores/scoring/featureOrder';
import { featureOrderSource } from '../../stores/scoring/helpers';
import { selectFeatureOrder } from '../../stores/scoring/selectors';
import { scoringStore, useScoringStore } from '../../stores/scoring/store';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

/** The feature order as shown, memoized over the state it is made from (a new object per call otherwise). */
export function useFeatureOrder(): FeatureOrderView {
  const inspection = useScoringStore((s) => s.inspection);
  const confirmedOrder = useScoringStore((s) => s.confirmedOrder);
  const form = useScoringStore((s) => s.form);
  const inputColumns = useScoringStore((s) => s.inputColumns);
  const dataset = useScoringStore((s) => s.dataset);
  const orderLeftOut = useScoringStore((s) => s.orderLeftOut);
  return useMemo(
    () => selectFeatureOrder({ inspection, confirmedOrder, form, inputColumns, dataset, orderLeftOut }),
    [inspection, confirmedOrder, form, inputColumns, dataset, orderLeftOut],
  );
}

function OrderList({ features, source }: { features: string[]; source: string }) {
  return (
    <Group gap={4} data-testid="feature-order" data-source={source}>
      {features.map((feature, i) => (
        <Badge key={`${i}:${feature}`} variant="default" size="sm" radius="sm" tt="none">
          {i + 1}. {feature}
        </Badge>
      ))}
    </Group>
  );
}

function ProposedOrder({ view }: { view: Extract<FeatureOrderView, { kind: 'proposed' }> }) {
  const saving = useScoringStore((s) => s.orderSaving);
  const actions = scoringStore.getState();
  const issue = proposalIssue(view);
  const from = view.from === 'input' ? 'the input CSV' : 'the reference dataset';
  return (
    <Stack gap="xs">
      <Text size="sm">
        The model names no feature order. Proposed: the columns of {from} in file order{view.from === 'input' ? ', less the label column' : ''}. Untick what the model does not take,
        then confirm: Runlens remembers it for this model.
      </Text>
      <Group gap="md">
        {view.columns.map((column) => (
          <Checkbox
            key={column}
            size="xs"
            label={column}
            checked={view.features.includes(column)}
            onChange={(event) => actions.setOrderColumn(column, event.currentTarget.checked)}
            data-testid="feature-order-column"
          />
        ))}
      </Group>
      <OrderList features={view.features} source="proposed" />
      <Group gap="sm">
        <Button size="xs" leftSection={<Check size={14} />} disabled={issue !== null} loading={saving} onClick={() => void actions.confirmFeatureOrder()} data-testid="feature-order-confirm">
          Confirm feature order
        </Button>
        {issue && (
          <Text size="xs" c="orange" data-testid="feature-order-issue">
            {issue}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** A 2-D input's order: in use (and from where), proposed, or still to be asked. */
function FeatureOrderSection() {
  const view = useFeatureOrder();
  const saving = useScoringStore((s) => s.orderSaving);
  const error = useScoringStore((s) => s.orderError);
  if (view.kind === 'none') return null;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="feature-order-section" data-kind={view.kind}>
      <Stack gap="xs">
        <Group gap="xs">
          <ListOrdered size={16} />
          <Text size="sm" fw={600}>
            Feature order
          </Text>
          {view.kind === 'known' && (
            <Text size="sm" c="dimmed">
              {view.features.length} features, {featureOrderSourceText[view.source]}
              {view.pending ? ' (saved; reading the model again…)' : ''}
            </Text>
          )}
        </Group>
        {view.kind === 'known' && (
          <>
            <OrderList features={view.features} source={view.source} />
            {view.source === 'remembered' && !view.pending && (
              <Group>
                <Button size="compact-xs" variant="subtle" color="gray" loading={saving} onClick={() => void scoringStore.getState().forgetFeatureOrder()} data-testid="feature-order-forget">
                  Forget this order
                </Button>
              </Group>
            )}
          </>
        )}
        {view.kind === 'proposed' && <ProposedOrder view={view} />}
        {view.kind === 'unknown' && (
          <Text size="sm" c="dimmed" data-testid="feature-order-unknown">
            The model takes {view.expected ?? 'several'} features in one row and names no order. Pick an input CSV below (or a reference dataset in What if) and its
            columns are offered as the order, to confirm once.
          </Text>
        )}
        {error && <ErrorState title="Could not save the feature order" error={error} />}
      </Stack>
    </Paper>
  );
}

function ModelInfo({ inspection }: { inspection: ModelInspection }) {
  const info = inspection.info;
  return (
    <Stack gap="sm" data-testid="scoring-model-info">
      {inspection.unscorable && (
        <Alert color="orange" variant="light" icon={<CircleAlert size={18} />} title="Runlens cannot score this model" data-testid="scoring-unscorable">
          {inspection.unscorable}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <Fact label="File">{inspection.file ?? '—'}</Fact>
        <Fact label="Size">{inspection.size === null ? '—' : formatBytes(inspection.size)}</Fact>
        <Fact label="SHA-256">
          <Text span ff="monospace" size="xs">
            {info?.sha256 ?? '—'}
          </Text>
        </Fact>
        <Fact label="Producer">{info ? `${info.producerName || 'unknown'} ${info.producerVersion}`.trim() : '—'}</Fact>
        <Fact label="Opsets">
          {info && info.opsets.length > 0 ? (
            <Group gap={4} component="span">
              {info.opsets.map((opset) => (
                <Badge key={opset.domain} variant="default" size="sm" radius="sm" tt="none">
                  {opset.domain || 'ai.onnx'} {opset.version}
                </Badge>
              ))}
            </Group>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Feature order">{featureOrderSource(inspection)}</Fact>
      </SimpleGrid>
      {info?.featureNames && info.inputLayout?.kind !== 'matrix' && (
        <Text size="xs" c="dimmed">
          Features: {info.featureNames.join(', ')}
        </Text>
      )}
      <FeatureOrderSection />
      {info && info.zipMaps.length > 0 && (
        <Text size="xs" c="dimmed">
          ZipMap taken out: the probabilities are read from “{info.zipMaps[0].input}” (classes {info.zipMaps[0].classLabels.join(', ')}).
        </Text>
      )}
      {info && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Inputs
            </Text>
            <OnnxValueTable values={info.inputs} testId="scoring-inputs" />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Outputs
            </Text>
            <OnnxValueTable values={info.graphOutputs} testId="scoring-outputs" />
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}

export function ModelPanel() {
  const path = useScoringStore((s) => s.modelPath);
  const status = useScoringStore((s) => s.inspectStatus);
  const error = useScoringStore((s) => s.inspectError);
  const inspection = useScoringStore((s) => s.inspection);
  const actions = scoringStore.getState();
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="sm">
        <Title order={5}>Model</Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void actions.inspect();
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="ONNX model file or MLflow model folder"
              placeholder="/path/to/model.onnx"
              value={path}
              onChange={(event) => actions.setModelPath(event.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="scoring-model-path"
            />
            <Button type="submit" leftSection={<FileSearch size={16} />} disabled={!path.trim()} loading={status === 'loading'} data-testid="scoring-inspect">
              Inspect
            </Button>
          </Group>
        </form>
        {status === 'loading' && !inspection && <LoadingState label="Reading the model…" />}
        {status === 'error' && error && <ErrorState title="Could not open the model" error={error} onRetry={() => void actions.inspect()} />}
        {inspection && status !== 'error' && <ModelInfo inspection={inspection} />}
      </Stack>
    </Paper>
  );
}
