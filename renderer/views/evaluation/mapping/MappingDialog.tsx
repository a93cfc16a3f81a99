// The column-mapping dialog: the table's header and first rows, the label
// column, the score columns with their classes, the positive class; started
// from the backend's guess (or the mapping in use), saved once and remembered.
import { Alert, Autocomplete, Button, Group, List, Modal, MultiSelect, ScrollArea, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Info } from 'lucide-react';
import { useState } from 'react';
import type { ColumnMapping, PredictionColumns } from '../../../../shared/evaluation/predictionSets';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { evaluationStore, useEvaluationStore } from '../../../stores/evaluation/store';
import { checkForm, initialForm, positiveChoices, problemKind, withClass, withScores, type MappingForm } from './mappingForm';

function SampleTable({ columns }: { columns: PredictionColumns }) {
  return (
    <ScrollArea.Autosize mah={220} type="auto">
      <Table withTableBorder withColumnBorders striped fz="xs" verticalSpacing={2} data-testid="mapping-sample" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            {columns.columns.map((name, i) => (
              <Table.Th key={i}>{name}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.sample.map((row, r) => (
            <Table.Tr key={r}>
              {columns.columns.map((_, i) => (
                <Table.Td key={i}>{row[i] ?? ''}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function Rejected({ rejected }: { rejected: PredictionColumns['rejected'] }) {
  if (rejected.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<Info size={16} />} p="xs" data-testid="mapping-rejected">
      <Text size="sm" fw={500}>
        Not taken as scores:
      </Text>
      <List size="sm" spacing={0}>
        {rejected.map((r) => (
          <List.Item key={r.column}>
            <Text span ff="monospace" size="sm">
              {r.column}
            </Text>{' '}
            — {r.reason}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ScoreClasses({ form, labels, onChange }: { form: MappingForm; labels: string[]; onChange(form: MappingForm): void }) {
  if (form.scores.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs">
      {form.scores.map((column, i) => (
        <Autocomplete
          key={column}
          size="xs"
          label={`Class of “${column}”`}
          data={labels}
          value={form.classOf[column] ?? ''}
          onChange={(value) => onChange(withClass(form, column, value))}
          data-testid={`mapping-class-${i}`}
        />
      ))}
    </SimpleGrid>
  );
}

interface FormProps {
  columns: PredictionColumns;
  current: ColumnMapping | null;
  saving: boolean;
  onSave(mapping: ColumnMapping): void;
  onCancel(): void;
  onForget?(): void;
}

function MappingFormBody({ columns, current, saving, onSave, onCancel, onForget }: FormProps) {
  const [form, setForm] = useState(() => initialForm(columns, current));
  const [tried, setTried] = useState(false);
  const check = checkForm(form);
  const kind = problemKind(form);
  const choices = positiveChoices(form, columns.labels);
  const save = () => {
    setTried(true);
    if (check.ok) onSave(check.mapping);
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        The first rows of <Text span ff="monospace">{columns.path}</Text>. Say which column holds the true label and which hold the scores; Runlens remembers it for this file.
      </Text>
      <SampleTable columns={columns} />
      <Rejected rejected={columns.rejected} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="True label column"
          data={columns.columns}
          value={form.label}
          onChange={(label) => setForm({ ...form, label })}
          searchable
          data-testid="mapping-label"
        />
        <MultiSelect
          label="Score columns (probabilities)"
          description="One column per class, or one column for the positive class"
          data={columns.columns.filter((c) => c !== form.label)}
          value={form.scores}
          onChange={(scores) => setForm(withScores(form, scores))}
          searchable
          data-testid="mapping-scores"
        />
      </SimpleGrid>
      <ScoreClasses form={form} labels={columns.labels} onChange={setForm} />
      {kind === 'binary' && form.scores.length === 2 && (
        <Select label="Positive class" data={choices} value={form.positive} onChange={(positive) => setForm({ ...form, positive })} w={260} data-testid="mapping-positive" />
      )}
      {kind && (
        <Text size="xs" c="dimmed" data-testid="mapping-kind">
          {kind === 'binary'
            ? form.scores.length === 1
              ? `Binary: “${form.classOf[form.scores[0]] ?? ''}” is the positive class, its score in “${form.scores[0]}”.`
              : 'Binary: pick the positive class.'
            : `Multiclass: ${form.scores.length} classes, predicted by the highest score.`}
        </Text>
      )}
      {tried && !check.ok && (
        <Alert color="red" variant="light" p="xs" data-testid="mapping-problems">
          <List size="sm">
            {check.problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="space-between" mt="xs">
        <div>
          {onForget && (
            <Button variant="subtle" color="red" size="xs" onClick={onForget} data-testid="mapping-forget">
              Forget this mapping
            </Button>
          )}
        </div>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="xs" onClick={save} loading={saving} data-testid="mapping-save">
            Save and evaluate
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

export function MappingDialog() {
  const open = useEvaluationStore((s) => s.mappingOpen);
  const columns = useEvaluationStore((s) => s.columns);
  const status = useEvaluationStore((s) => s.columnsStatus);
  const error = useEvaluationStore((s) => s.columnsError);
  const saving = useEvaluationStore((s) => s.saving);
  const saveError = useEvaluationStore((s) => s.saveError);
  const set = useEvaluationStore((s) => s.set);
  const actions = evaluationStore.getState();
  return (
    <Modal
      opened={open}
      onClose={actions.closeMapping}
      size="xl"
      title={<Text fw={600}>Columns of “{set?.name ?? ''}”</Text>}
      attributes={{ content: { 'data-testid': 'mapping-dialog' } }}
    >
      {status === 'loading' && <LoadingState label="Reading the first rows…" />}
      {error && <ErrorState title="Could not read the table" error={error} onRetry={actions.openMapping} />}
      {saveError && <ErrorState title="Could not save the mapping" error={saveError} />}
      {columns && (
        <MappingFormBody
          key={columns.path}
          columns={columns}
          current={set?.mapping ?? null}
          saving={saving}
          onSave={(mapping) => void actions.saveMapping(mapping)}
          onCancel={actions.closeMapping}
          onForget={set?.mapping ? () => void actions.forgetMapping() : undefined}
        />
      )}
    </Modal>
  );
}
