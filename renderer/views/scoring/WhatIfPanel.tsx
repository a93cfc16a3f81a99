// What if: a reference dataset gives each feature its range or categories and
// rows to start from (and, for a 2-D input whose order is not known, the
// proposed order); the model scores the form's row as its fields change.
import { Alert, Box, Button, Group, NumberInput, Paper, Select, SimpleGrid, Slider, Stack, Text, TextInput, Title } from '@mantine/core';
import { Database, RotateCcw } from 'lucide-react';
import { memo } from 'react';
import { ChartFrame, type ChartFrameState } from '../../charts/ChartFrame';
import { ErrorState } from '../../components/ErrorState';
import { formatMetric } from '../../format/number';
import { orderReady } from '../../stores/scoring/featureOrder';
import { topClass, type FieldValue, type WhatIfField } from '../../stores/scoring/helpers';
import { scoringStore, useScoringStore } from '../../stores/scoring/store';
import { useFeatureOrder } from './ModelPanel';

/** About a hundred steps across the range, rounded to a power of ten. */
export function sliderStep(min: number, max: number): number {
  const span = max - min;
  if (!(span > 0)) return 1;
  return 10 ** Math.floor(Math.log10(span / 100));
}

/** Memoized: a change re-renders its own field only, not all thirty (the answer then paints sooner). */
const Field = memo(function Field({ field, value, withDataset }: { field: WhatIfField; value: FieldValue | undefined; withDataset: boolean }) {
  const setValue = scoringStore.getState().setValue;
  if (field.kind === 'category') {
    return (
      <Select
        size="md"
        label={field.feature}
        data={field.values}
        value={typeof value === 'string' ? value : null}
        allowDeselect={false}
        searchable
        onChange={(next) => next !== null && setValue(field.feature, next)}
        data-testid="whatif-field"
        data-feature={field.feature}
      />
    );
  }
  const number = typeof value === 'number' ? value : 0;
  return (
    <Stack gap={4} data-testid="whatif-field" data-feature={field.feature}>
      <NumberInput
        size="md"
        label={field.feature}
        value={number}
        onChange={(next) => typeof next === 'number' && Number.isFinite(next) && setValue(field.feature, next)}
        description={field.kind === 'number' ? `Range ${formatMetric(field.min)} – ${formatMetric(field.max)} · mean ${formatMetric(field.mean)}` : withDataset ? 'No column of this name in the dataset' : 'Load a reference dataset to see its range'}
        data-testid="whatif-input"
      />
      {field.kind === 'number' && field.max > field.min && (
        <Slider
          min={field.min}
          max={field.max}
          step={sliderStep(field.min, field.max)}
          value={Math.min(field.max, Math.max(field.min, number))}
          onChange={(next) => setValue(field.feature, next)}
          label={formatMetric}
          marks={[
            { value: field.min, label: formatMetric(field.min) },
            { value: field.max, label: formatMetric(field.max) },
          ]}
          mb="md"
          mx="sm"
          aria-label={`${field.feature} slider`}
        />
      )}
    </Stack>
  );
});

/** One field, subscribed to its own value: a change re-renders that field, not the panel. */
function FieldOf({ field, withDataset }: { field: WhatIfField; withDataset: boolean }) {
  const value = useScoringStore((s) => s.values[field.feature]);
  return <Field field={field} value={value} withDataset={withDataset} />;
}

const BAR_HEIGHT = 34;

function ProbabilityBars({ classLabels, probabilities }: { classLabels: string[]; probabilities: number[] }) {
  const top = topClass(probabilities);
  return (
    <svg width="100%" height={classLabels.length * BAR_HEIGHT} role="img" aria-label="Class probabilities" style={{ fontFamily: 'var(--mantine-font-family)' }}>
      {classLabels.map((label, i) => {
        const p = probabilities[i] ?? NaN;
        const share = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
        const y = i * BAR_HEIGHT;
        return (
          <g key={label} data-testid="whatif-bar" data-class={label} data-probability={String(p)}>
            <text x="0" y={y + BAR_HEIGHT / 2 + 5} fontSize={15} fill="var(--mantine-color-text)" fontWeight={i === top ? 700 : 400}>
              {label.length > 24 ? `${label.slice(0, 23)}…` : label}
            </text>
            <rect x="28%" y={y + 5} width="58%" height={BAR_HEIGHT - 10} rx={3} fill="var(--mantine-color-default-border)" opacity={0.5} />
            <rect x="28%" y={y + 5} width={`${share * 58}%`} height={BAR_HEIGHT - 10} rx={3} fill={i === top ? 'var(--mantine-color-blue-filled)' : 'var(--mantine-color-blue-light-color)'} opacity={i === top ? 1 : 0.6} />
            <text x="100%" textAnchor="end" y={y + BAR_HEIGHT / 2 + 5} fontSize={15} fill="var(--mantine-color-text)" fontWeight={i === top ? 700 : 400}>
              {Number.isFinite(p) ? `${(p * 100).toFixed(1)} %` : formatMetric(p)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Prediction() {
  const prediction = useScoringStore((s) => s.prediction);
  const status = useScoringStore((s) => s.predictStatus);
  const error = useScoringStore((s) => s.predictError);
  const row = prediction?.rows[0];
  const state: ChartFrameState =
    status === 'error' && error
      ? { status: 'error', error }
      : !row
        ? status === 'loading' || status === 'idle'
          ? { status: 'loading', label: 'Scoring…' }
          : { status: 'empty', title: 'No prediction', description: 'The model gave no row back.' }
        : row.probabilities.length === 0
          ? { status: 'empty', title: 'No probabilities', description: 'This model gives a class but no probabilities.' }
          : { status: 'ready' };
  return (
    <Stack gap="sm" data-testid="whatif-prediction" data-label={row?.label ?? ''} data-busy={status === 'loading' ? 'true' : 'false'}>
      <Stack gap={0}>
        <Text size="sm" c="dimmed">
          Predicted class
        </Text>
        <Text fz={36} fw={700} lh={1.2} data-testid="whatif-label">
          {row?.label ?? '—'}
        </Text>
      </Stack>
      <ChartFrame
        title="Class probabilities"
        state={state}
        exportName="what-if-probabilities"
        exportRows={() => ({ columns: ['class', 'probability'], rows: (prediction?.classLabels ?? []).map((label, i) => [label, row?.probabilities[i] ?? null]) })}
        height={Math.max(1, prediction?.classLabels.length ?? 3) * BAR_HEIGHT}
      >
        {row && prediction && <ProbabilityBars classLabels={prediction.classLabels} probabilities={row.probabilities} />}
      </ChartFrame>
    </Stack>
  );
}

export function WhatIfPanel() {
  const inspection = useScoringStore((s) => s.inspection);
  const datasetPath = useScoringStore((s) => s.datasetPath);
  const dataset = useScoringStore((s) => s.dataset);
  const datasetStatus = useScoringStore((s) => s.datasetStatus);
  const datasetError = useScoringStore((s) => s.datasetError);
  const fields = useScoringStore((s) => s.fields);
  const referenceRow = useScoringStore((s) => s.referenceRow);
  const actions = scoringStore.getState();
  const scorable = inspection !== null && inspection.unscorable === null;
  const orderKnown = orderReady(useFeatureOrder());
  const rowOptions = (dataset?.rows ?? []).map((row, i) => ({ value: String(i), label: `Row ${i + 1}: ${row.slice(0, 6).join(', ')}${row.length > 6 ? ', …' : ''}` }));
  return (
    <Paper withBorder p="md" radius="sm" data-testid="whatif-panel">
      <Stack gap="md">
        <Title order={5}>What if</Title>
        {!scorable ? (
          <Text size="sm" c="dimmed">
            Inspect a model that Runlens can score, then change one row's values and watch the prediction move.
          </Text>
        ) : (
          <>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void actions.loadDataset();
              }}
            >
              <Group align="flex-end" gap="xs">
                <TextInput
                  label="Reference dataset (CSV): the fields' ranges, categories and starting rows"
                  placeholder="/path/to/reference.csv"
                  value={datasetPath}
                  onChange={(event) => actions.setDatasetPath(event.currentTarget.value)}
                  style={{ flex: 1 }}
                  data-testid="whatif-dataset"
                />
                <Button type="submit" variant="light" leftSection={<Database size={16} />} disabled={!datasetPath.trim()} loading={datasetStatus === 'loading'} data-testid="whatif-dataset-load">
                  Load
                </Button>
              </Group>
            </form>
            {datasetStatus === 'error' && datasetError && <ErrorState title="Could not read the dataset" error={datasetError} onRetry={() => void actions.loadDataset()} />}
            {dataset && (
              <Group align="flex-end" gap="xs">
                <Select
                  label={`Reference row (of the first ${dataset.rows.length}; ranges from ${dataset.rowsRead.toLocaleString('en-US')} rows)`}
                  data={rowOptions}
                  value={referenceRow === null ? null : String(referenceRow)}
                  allowDeselect={false}
                  onChange={(value) => value !== null && actions.pickReference(Number(value))}
                  style={{ flex: 1 }}
                  data-testid="whatif-reference"
                />
                <Button variant="default" leftSection={<RotateCcw size={16} />} onClick={actions.resetToReference} data-testid="whatif-reset">
                  Reset to the reference row
                </Button>
              </Group>
            )}
            {fields.length === 0 ? (
              <Alert color="gray" variant="light" title="No fields yet" data-testid="whatif-no-fields">
                {orderKnown
                  ? 'The model names no features Runlens can show as fields.'
                  : dataset
                    ? "Confirm the model's feature order above: the dataset's columns are offered as it."
                    : "The model names no feature order: load a reference dataset, and its columns are offered as the order to confirm once."}
              </Alert>
            ) : (
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={40} verticalSpacing="md">
                  {fields.map((field) => (
                    <FieldOf key={field.feature} field={field} withDataset={dataset !== null} />
                  ))}
                </SimpleGrid>
                {/* Sticky: the prediction stays in view while a long form scrolls. */}
                <Box style={{ position: 'sticky', top: 16, alignSelf: 'start' }}>
                  <Prediction />
                </Box>
              </SimpleGrid>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
