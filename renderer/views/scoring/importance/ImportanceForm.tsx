// The form: a CSV with the true classes (its header read to offer the label
// column, guessed from the usual names), the scorer, repeats and seed; Start.
import { Button, Group, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { Play } from 'lucide-react';
import { importanceScorers, type ImportanceScorer } from '../../../../shared/scoring/jobs';
import { formIssue, isRunning, REPEATS_MAX, scorerLabels, SEED_MAX } from '../../../stores/importance/selectors';
import { importanceStore, useImportanceStore } from '../../../stores/importance/store';

const scorerOptions = importanceScorers.map((value) => ({ value, label: scorerLabels[value] }));

/** A NumberInput's value as a whole number in range, or null when empty or out of range. */
function wholeIn(value: string | number, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

export function ImportanceForm() {
  const form = useImportanceStore((s) => s.form);
  const model = useImportanceStore((s) => s.model);
  const columns = useImportanceStore((s) => s.columns);
  const columnsStatus = useImportanceStore((s) => s.columnsStatus);
  const labelGuessed = useImportanceStore((s) => s.labelGuessed);
  const job = useImportanceStore((s) => s.job);
  const starting = useImportanceStore((s) => s.starting);
  const actions = importanceStore.getState();
  const issue = formIssue(form, columns, model);
  const running = isRunning(job);
  const labelOptions = columns ?? (form.label ? [form.label] : []);
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <TextInput
          label="Labeled CSV"
          description="Rows with the model's features and the true class"
          placeholder="/path/to/test.csv"
          value={form.data}
          onChange={(event) => actions.setData(event.currentTarget.value)}
          onBlur={() => void actions.loadColumns()}
          onKeyDown={(event) => event.key === 'Enter' && void actions.loadColumns()}
          data-testid="importance-data"
        />
        <Select
          label="Column of true classes"
          description={labelGuessed ? 'Guessed from the header' : columnsStatus === 'loading' ? 'Reading the header…' : 'From the file’s header'}
          placeholder={columns ? 'Pick a column' : 'Name the CSV first'}
          data={labelOptions}
          value={form.label}
          searchable
          disabled={columns === null}
          allowDeselect={false}
          onChange={(value) => actions.setLabel(value)}
          data-testid="importance-label"
        />
        <Select
          label="Score"
          description="Importance is how much it drops when a feature is shuffled"
          data={scorerOptions}
          value={form.scorer}
          allowDeselect={false}
          onChange={(value) => value && actions.setForm({ scorer: value as ImportanceScorer })}
          data-testid="importance-scorer"
        />
        <Group grow align="flex-start" gap="sm">
          <NumberInput
            label="Repeats"
            description="Shuffles per feature"
            min={1}
            max={REPEATS_MAX}
            allowDecimal={false}
            allowNegative={false}
            value={form.repeats}
            // An empty or out-of-range field is kept as NaN so Start says why it cannot run.
            onChange={(value) => actions.setForm({ repeats: wholeIn(value, 1, REPEATS_MAX) ?? NaN })}
            data-testid="importance-repeats"
          />
          <NumberInput
            label="Seed"
            description="Empty: a new one"
            placeholder="Random"
            min={0}
            max={SEED_MAX}
            allowDecimal={false}
            allowNegative={false}
            value={form.seed ?? ''}
            onChange={(value) => actions.setForm({ seed: value === '' ? null : (wholeIn(value, 0, SEED_MAX) ?? NaN) })}
            data-testid="importance-seed"
          />
        </Group>
      </SimpleGrid>
      <Group gap="sm">
        <Button
          leftSection={<Play size={16} />}
          disabled={issue !== null || running}
          loading={starting}
          onClick={() => void actions.start()}
          data-testid="importance-start"
        >
          Measure importance
        </Button>
        {issue && model && (
          <Text size="sm" c="dimmed">
            {issue}
          </Text>
        )}
      </Group>
    </>
  );
}
