// The preview of one artifact, by kind. Text of any kind (SVG included) is
// shown as text, never as HTML; images only as data: URLs in an <img>.
import { Alert, Button, Code, Group, ScrollArea, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { File, Folder, ScanSearch } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { artifactPreviewLimits, type ArtifactPreview, type CsvPreview, type FolderPreview } from '../../../shared/artifactPreview';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatBytes } from '../../format/number';
import { uiStore } from '../../stores/ui/store';
import { OnnxSummaryView } from './OnnxSummaryView';
import { useArtifactPreview } from './useArtifactPreview';

function Note({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed">
      {children}
    </Text>
  );
}

/** An image at its size, up to the panel's width; a tiny one (an icon, a confusion matrix of few cells) is enlarged with crisp pixels. */
function ImageView({ src, alt }: { src: string; alt: string }) {
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const tiny = natural !== null && Math.max(natural.width, natural.height) < 96;
  return (
    <Stack gap={4} align="flex-start">
      <img
        data-testid="artifact-image"
        src={src}
        alt={alt}
        onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
        style={{ maxWidth: '100%', maxHeight: 480, objectFit: 'contain', width: tiny ? 128 : undefined, imageRendering: tiny ? 'pixelated' : undefined }}
      />
      {natural && <Note>{natural.width} × {natural.height} px</Note>}
    </Stack>
  );
}

function TextBox({ text, truncated, size, problem }: { text: string; truncated: boolean; size: number; problem?: string | null }) {
  return (
    <Stack gap={4}>
      {problem && (
        <Alert color="orange" variant="light" p="xs">
          <Text size="sm">{problem}</Text>
        </Alert>
      )}
      <ScrollArea.Autosize mah={420} type="auto">
        <Code block style={{ whiteSpace: 'pre', fontSize: 12 }} data-testid="artifact-text">
          {text}
        </Code>
      </ScrollArea.Autosize>
      {truncated && <Note>Only the first {formatBytes(artifactPreviewLimits.textBytes)} of {formatBytes(size)} are shown.</Note>}
    </Stack>
  );
}

function CsvTable({ preview }: { preview: CsvPreview }) {
  const width = Math.max(preview.columns.length, ...preview.rows.map((row) => row.length));
  const cells = (row: string[]) => Array.from({ length: width }, (_, i) => row[i] ?? '');
  return (
    <Stack gap={4}>
      <ScrollArea.Autosize mah={420} type="auto">
        <Table withTableBorder withColumnBorders striped fz="xs" verticalSpacing={2} data-testid="artifact-csv-table" style={{ whiteSpace: 'nowrap' }}>
          <Table.Thead>
            <Table.Tr>
              {cells(preview.columns).map((name, i) => (
                <Table.Th key={i}>{name}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, r) => (
              <Table.Tr key={r}>
                {cells(row).map((value, i) => (
                  <Table.Td key={i}>{value}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Note>
        {preview.truncated
          ? `First ${preview.rows.length} rows (${preview.bytesRead.toLocaleString()} of ${preview.size.toLocaleString()} bytes).`
          : `All ${preview.rows.length} rows (${preview.size.toLocaleString()} bytes).`}
      </Note>
    </Stack>
  );
}

function FolderList({ preview, onSelect }: { preview: FolderPreview; onSelect: (path: string) => void }) {
  return (
    <Stack gap={2}>
      {preview.children.map((child) => (
        <UnstyledButton key={child.path} onClick={() => onSelect(child.path)} px={6} py={2}>
          <Group gap={6} wrap="nowrap">
            {child.folder ? <Folder size={14} /> : <File size={14} />}
            <Text size="sm" ff="monospace" truncate="end" style={{ flex: 1, minWidth: 0 }}>
              {child.name}
            </Text>
            <Text size="xs" c="dimmed">
              {formatBytes(child.size)}
            </Text>
          </Group>
        </UnstyledButton>
      ))}
      {preview.truncated && <Note>Only the first {preview.children.length.toLocaleString()} entries are listed.</Note>}
    </Stack>
  );
}

function PreviewBody({ preview, onSelect }: { preview: ArtifactPreview; onSelect: (path: string) => void }) {
  switch (preview.kind) {
    case 'image':
      if (preview.base64 === null) {
        return <Text size="sm">This image is {formatBytes(preview.size)}, larger than the {formatBytes(artifactPreviewLimits.imageBytes)} shown here.</Text>;
      }
      return <ImageView src={`data:${preview.mime};base64,${preview.base64}`} alt={preview.path} />;
    case 'text':
      return <TextBox text={preview.text} truncated={preview.truncated} size={preview.size} problem={preview.invalidUtf8 ? 'Not valid UTF-8: the bytes that are not are shown as �.' : null} />;
    case 'json':
      return <TextBox text={preview.text} truncated={preview.truncated} size={preview.size} problem={preview.parseError && `Not shown as JSON: ${preview.parseError}`} />;
    case 'yaml':
      return <TextBox text={preview.text} truncated={preview.truncated} size={preview.size} problem={preview.parseError && `Not valid YAML: ${preview.parseError}`} />;
    case 'csv':
      return <CsvTable preview={preview} />;
    case 'onnx':
      return <OnnxSummaryView preview={preview} />;
    case 'folder':
      return <FolderList preview={preview} onSelect={onSelect} />;
    case 'binary':
      return <Text size="sm">A binary file of {formatBytes(preview.size)}: no preview.</Text>;
    case 'missing':
      return <Text size="sm">{preview.message} It was {formatBytes(preview.size)} when the run was read.</Text>;
  }
}

/** The tables the evaluation views can read: CSV, TSV and JSON lines. */
const isPredictionTable = (path: string): boolean => /\.(csv|tsv|tab|jsonl|ndjson|parquet|pq)$/i.test(path);

export function ArtifactPreviewPanel({ runId, path, onSelect }: { runId: string; path: string; onSelect: (path: string) => void }) {
  const { preview, error, loading, reload } = useArtifactPreview(runId, path);
  if (loading) return <LoadingState label="Loading the preview…" />;
  if (error) return <ErrorState title={`Could not preview ${path}`} error={error} onRetry={reload} />;
  if (!preview) return null;
  return (
    <Stack gap="xs" data-testid="artifact-preview" data-kind={preview.kind} data-artifact-path={preview.path}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" ff="monospace" fw={500} truncate="end" title={preview.path}>
          {preview.path}
        </Text>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          {isPredictionTable(preview.path) && preview.kind !== 'folder' && (
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<ScanSearch size={12} />}
              onClick={() => uiStore.getState().openEvaluation({ runId, setPath: preview.path })}
              data-testid="artifact-evaluate"
            >
              Evaluate as predictions
            </Button>
          )}
          <Text size="xs" c="dimmed">
            {formatBytes(preview.size)}
          </Text>
        </Group>
      </Group>
      <PreviewBody preview={preview} onSelect={onSelect} />
    </Stack>
  );
}
