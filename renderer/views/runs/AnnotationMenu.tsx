// Note, color, tags and hide for one run or the selected ones: a popover
// opened from a row's menu button or the selection bar. Saved in Runlens's own
// tables (runs/annotate), shown at once, then confirmed.
import { Button, CloseButton, ColorSwatch, Group, Popover, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { Eye, EyeOff, Star } from 'lucide-react';
import { useState } from 'react';
import type { RunAnnotation } from '../../../shared/runQuery';
import { runsStore, type AnnotationPatch } from '../../stores/runs/store';

export interface AnnotationTarget {
  runIds: string[];
  /** The clicked run's annotation (the form starts from it). */
  annotation: RunAnnotation | null;
  /** Where the popover points (viewport pixels). */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The display colors offered (Tableau 10, as the charts use). */
export const annotationColors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function AnnotationForm({ runIds, annotation, onDone }: { runIds: string[]; annotation: RunAnnotation | null; onDone(): void }) {
  const [note, setNote] = useState(runIds.length === 1 ? (annotation?.note ?? '') : '');
  const [tagKey, setTagKey] = useState('');
  const [tagValue, setTagValue] = useState('');
  const tags = runIds.length === 1 ? (annotation?.tags ?? {}) : {};
  const apply = (patch: AnnotationPatch) => void runsStore.getState().annotate(runIds, patch);
  const many = runIds.length > 1;
  const starred = annotation?.starred ?? false;
  const hidden = annotation?.hidden ?? false;

  return (
    <Stack gap="xs" w={300} data-testid="annotation-form">
      <Text size="xs" c="dimmed">
        {many ? `${runIds.length.toLocaleString()} runs` : 'This run'} · kept in Runlens, not in the project folder
      </Text>
      <Group gap="xs">
        <Button size="compact-xs" variant="default" leftSection={<Star size={12} />} onClick={() => apply({ starred: many ? true : !starred })} data-testid="annotate-star">
          {many ? 'Star all' : starred ? 'Unstar' : 'Star'}
        </Button>
        {many && (
          <Button size="compact-xs" variant="default" onClick={() => apply({ starred: false })}>
            Unstar all
          </Button>
        )}
        <Button
          size="compact-xs"
          variant="default"
          leftSection={hidden && !many ? <Eye size={12} /> : <EyeOff size={12} />}
          onClick={() => {
            apply({ hidden: many ? true : !hidden });
            onDone();
          }}
          data-testid="annotate-hide"
        >
          {many ? 'Hide all' : hidden ? 'Unhide' : 'Hide'}
        </Button>
        {many && (
          <Button size="compact-xs" variant="default" onClick={() => apply({ hidden: false })}>
            Unhide all
          </Button>
        )}
      </Group>
      <div>
        <Text size="xs" fw={600} mb={4}>
          Color
        </Text>
        <Group gap={6}>
          {annotationColors.map((color) => (
            <ColorSwatch
              key={color}
              component="button"
              type="button"
              color={color}
              size={18}
              onClick={() => apply({ color })}
              aria-label={`Color ${color}`}
              data-testid="annotate-color"
              style={{ cursor: 'pointer', outline: annotation?.color === color && !many ? '2px solid var(--mantine-color-text)' : undefined, outlineOffset: 1 }}
            />
          ))}
          <Button size="compact-xs" variant="subtle" onClick={() => apply({ color: null })}>
            None
          </Button>
        </Group>
      </div>
      <Textarea
        size="xs"
        label="Note"
        autosize
        minRows={2}
        maxRows={6}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        placeholder={many ? 'Set the same note on every selected run' : 'What this run was about'}
        data-testid="annotate-note"
      />
      <Group justify="flex-end" gap="xs">
        <Button size="compact-xs" onClick={() => apply({ note })} data-testid="annotate-note-save">
          Save note
        </Button>
      </Group>
      <div>
        <Text size="xs" fw={600} mb={4}>
          Tags
        </Text>
        {Object.entries(tags).map(([key, value]) => (
          <Group key={key} gap={4} wrap="nowrap">
            <Text size="xs" ff="monospace" truncate="end" style={{ flex: 1 }} title={`${key} = ${value}`}>
              {key} = {value}
            </Text>
            <CloseButton size="xs" aria-label={`Remove tag ${key}`} onClick={() => apply({ tags: { [key]: null } })} />
          </Group>
        ))}
        <Group gap={4} wrap="nowrap" mt={4}>
          <TextInput size="xs" placeholder="key" value={tagKey} onChange={(e) => setTagKey(e.currentTarget.value)} style={{ flex: 1 }} data-testid="annotate-tag-key" />
          <TextInput size="xs" placeholder="value" value={tagValue} onChange={(e) => setTagValue(e.currentTarget.value)} style={{ flex: 1 }} data-testid="annotate-tag-value" />
          <Button
            size="compact-xs"
            variant="default"
            disabled={tagKey.trim() === ''}
            onClick={() => {
              apply({ tags: { [tagKey.trim()]: tagValue } });
              setTagKey('');
              setTagValue('');
            }}
          >
            Add
          </Button>
        </Group>
      </div>
    </Stack>
  );
}

/** The form in a popover pointing at a row's menu button. */
export function AnnotationMenu({ target, onClose }: { target: AnnotationTarget; onClose(): void }) {
  return (
    <Popover opened onChange={(open) => !open && onClose()} onClose={onClose} position="bottom-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <div style={{ position: 'fixed', left: target.x, top: target.y, width: target.width, height: target.height, pointerEvents: 'none' }} />
      </Popover.Target>
      <Popover.Dropdown data-testid="annotation-menu" onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
        <AnnotationForm runIds={target.runIds} annotation={target.annotation} onDone={onClose} />
      </Popover.Dropdown>
    </Popover>
  );
}
