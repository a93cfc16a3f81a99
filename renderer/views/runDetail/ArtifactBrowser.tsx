// The run's artifacts as a folder tree beside a preview of the one selected;
// a model (.onnx, or a folder with an MLflow MLmodel) can be registered from its row.
import { Badge, Box, Button, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { ChevronDown, ChevronRight, File, Folder, Library } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { Artifact } from '../../../shared/domain';
import { formatBytes } from '../../format/number';
import { registerStore } from '../../stores/registry/registerStore';
import { isRegistrable } from '../registry/register/registrable';
import { RegisterDialog } from '../registry/register/RegisterDialog';
import { ArtifactPreviewPanel } from './ArtifactPreview';
import { artifactTree, initiallyOpen, type ArtifactNode } from './artifactTree';

interface RowProps {
  runId: string;
  node: ArtifactNode;
  depth: number;
  open: Set<string>;
  selected: string | null;
  onToggle: (path: string) => void;
  onSelect: (path: string) => void;
}

function ArtifactRow({ runId, node, depth, open, selected, onToggle, onSelect }: RowProps) {
  const isOpen = node.folder && open.has(node.path);
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  const click = () => {
    if (node.folder) onToggle(node.path);
    onSelect(node.path);
  };
  const registrable = isRegistrable(node);
  return (
    <>
      <Group gap={0} wrap="nowrap">
        <UnstyledButton
          onClick={click}
          data-testid="artifact-item"
          data-artifact-path={node.path}
          data-folder={node.folder || undefined}
          aria-expanded={node.folder ? isOpen : undefined}
          aria-current={selected === node.path || undefined}
          px={6}
          py={2}
          pl={6 + depth * 16}
          style={{
            display: 'block',
            flex: 1,
            minWidth: 0,
            borderRadius: 4,
            background: selected === node.path ? 'var(--mantine-color-default-hover)' : undefined,
          }}
        >
          <Group gap={6} wrap="nowrap">
            {node.folder ? <Chevron size={14} /> : <Box w={14} />}
            {node.folder ? <Folder size={14} /> : <File size={14} />}
            <Text size="sm" ff="monospace" truncate="end" style={{ flex: 1, minWidth: 0 }} title={node.path}>
              {node.name}
            </Text>
            {node.folder && (
              <Badge size="xs" variant="default" radius="sm">
                {node.files}
              </Badge>
            )}
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {formatBytes(node.size)}
            </Text>
          </Group>
        </UnstyledButton>
        {registrable && (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<Library size={12} />}
            onClick={() => registerStore.getState().open({ runId, artifactPath: node.path })}
            aria-label={`Register ${node.path} as a model version`}
            data-testid="artifact-register"
            data-artifact-path={node.path}
            style={{ flexShrink: 0 }}
          >
            Register model
          </Button>
        )}
      </Group>
      {isOpen &&
        node.children.map((child) => (
          <ArtifactRow key={child.path} runId={runId} node={child} depth={depth + 1} open={open} selected={selected} onToggle={onToggle} onSelect={onSelect} />
        ))}
    </>
  );
}

export function ArtifactBrowser({ runId, artifacts }: { runId: string; artifacts: Artifact[] }) {
  const tree = useMemo(() => artifactTree(artifacts), [artifacts]);
  const [open, setOpen] = useState(() => initiallyOpen(tree));
  const [selected, setSelected] = useState<string | null>(null);
  const toggle = (path: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  // Selecting a child in a folder preview opens the folders on its way.
  const select = (path: string) => {
    setSelected(path);
    setOpen((prev) => {
      const next = new Set(prev);
      const parts = path.split('/');
      for (let depth = 1; depth < parts.length; depth++) next.add(parts.slice(0, depth).join('/'));
      return next;
    });
  };

  return (
    <Stack gap="sm" data-testid="artifact-browser">
      <ScrollArea.Autosize mah={280} type="auto" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
        <Box p={4}>
          {tree.map((node) => (
            <ArtifactRow key={node.path} runId={runId} node={node} depth={0} open={open} selected={selected} onToggle={toggle} onSelect={select} />
          ))}
        </Box>
      </ScrollArea.Autosize>
      {selected === null ? (
        <Text size="sm" c="dimmed">
          Pick an artifact to preview it.
        </Text>
      ) : (
        <ArtifactPreviewPanel runId={runId} path={selected} onSelect={select} />
      )}
      <RegisterDialog />
    </Stack>
  );
}
