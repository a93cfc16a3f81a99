// A version's description and tags, edited and saved (each save is an
// "edited" event in the audit trail). Gates may require both.
import { Button, Group, Stack, TagsInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ModelVersionRecord } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { parseTags, tagEntries } from '../../../stores/registry/tags';
import { useVersionStore, versionStore } from '../../../stores/registry/versionStore';

export function VersionEdit({ version }: { version: ModelVersionRecord }) {
  const saving = useVersionStore((s) => s.saving);
  const error = useVersionStore((s) => s.saveError);
  const savedTags = tagEntries(version.tags);
  const [description, setDescription] = useState(version.description ?? '');
  const [tags, setTags] = useState<string[]>(savedTags);
  const savedKey = `${version.description ?? ''}\u0000${savedTags.join('\u0000')}`;
  // A save here or elsewhere brings new saved values: the fields follow them.
  useEffect(() => {
    setDescription(version.description ?? '');
    setTags(tagEntries(version.tags));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedKey]);
  const dirty = description !== (version.description ?? '') || tags.join('\u0000') !== savedTags.join('\u0000');
  const save = () => void versionStore.getState().save({ description: description.trim() ? description : null, tags: parseTags(tags) });
  return (
    <Stack gap="sm" data-testid="version-edit">
      <Textarea label="Description" placeholder="What this version is, and why it may go to production" autosize minRows={2} maxRows={10} value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="version-description" />
      <TagsInput label="Tags" description="key=value, Enter after each" value={tags} onChange={setTags} acceptValueOnBlur data-testid="version-tags" />
      {error && <ErrorState title="The version was not saved" error={error} />}
      <Group gap="xs">
        <Button onClick={save} disabled={!dirty} loading={saving} data-testid="version-save">
          Save
        </Button>
        <Button
          variant="default"
          disabled={!dirty}
          onClick={() => {
            setDescription(version.description ?? '');
            setTags(savedTags);
          }}
        >
          Discard changes
        </Button>
      </Group>
    </Stack>
  );
}
