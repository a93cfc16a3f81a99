// The lineage graph: datasets and git commit → run → version → scoring jobs,
// as SVG boxes and arrows (layout in lineageLayout.ts). The run opens its
// panel; a finished score job opens its evaluation.
import { Box, Group, ScrollArea, Text } from '@mantine/core';
import type { VersionLineage } from '../../../../shared/registry/types';
import { lineageLayout, NODE_HEIGHT, NODE_WIDTH, type LineageKind, type LineageNode } from './lineageLayout';

const kindColors: Record<LineageKind, string> = {
  dataset: 'teal',
  commit: 'gray',
  run: 'blue',
  version: 'violet',
  job: 'orange',
};

const columnTitles = ['Data and code', 'Run', 'Version', 'Used by'];

function NodeBox({ node }: { node: LineageNode }) {
  const color = kindColors[node.kind];
  const box = (
    <g data-testid="lineage-node" data-kind={node.kind} data-node-id={node.id} data-gone={node.gone || undefined}>
      <title>{node.title}</title>
      <rect
        x={node.x}
        y={node.y}
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        rx={6}
        fill={`var(--mantine-color-${color}-light)`}
        stroke={`var(--mantine-color-${color}-outline)`}
        strokeWidth={node.kind === 'version' ? 2 : 1}
        strokeDasharray={node.gone ? '4 3' : undefined}
      />
      <text x={node.x + 10} y={node.y + 19} fontSize={12} fontWeight={600} fill="var(--mantine-color-text)">
        {node.label}
      </text>
      <text x={node.x + 10} y={node.y + 36} fontSize={11} fill="var(--mantine-color-dimmed)">
        {node.detail}
      </text>
    </g>
  );
  return node.href ? (
    <a href={node.href} data-testid="lineage-link" style={{ cursor: 'pointer' }}>
      {box}
    </a>
  ) : (
    box
  );
}

export function LineageGraph({ lineage }: { lineage: VersionLineage }) {
  const layout = lineageLayout(lineage);
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  return (
    <Box data-testid="lineage-graph">
      <ScrollArea type="auto">
        <Group gap={0} wrap="nowrap" w={layout.width} px={8} mb={4}>
          {columnTitles.map((title) => (
            <Text key={title} size="xs" c="dimmed" fw={500} w={NODE_WIDTH + 56} style={{ flexShrink: 0 }}>
              {title}
            </Text>
          ))}
        </Group>
        <svg width={layout.width} height={layout.height} role="img" aria-label="Lineage: data and code, run, version, and what used it">
          <defs>
            <marker id="lineage-arrow" viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--mantine-color-dimmed)" />
            </marker>
          </defs>
          {layout.edges.map((edge) => {
            const from = byId.get(edge.from);
            const to = byId.get(edge.to);
            if (!from || !to) return null;
            const x1 = from.x + NODE_WIDTH;
            const y1 = from.y + NODE_HEIGHT / 2;
            const x2 = to.x - 2;
            const y2 = to.y + NODE_HEIGHT / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                key={`${edge.from}->${edge.to}`}
                d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                fill="none"
                stroke="var(--mantine-color-dimmed)"
                strokeWidth={1.5}
                markerEnd="url(#lineage-arrow)"
                data-testid="lineage-edge"
                data-from={edge.from}
                data-to={edge.to}
              />
            );
          })}
          {layout.nodes.map((node) => (
            <NodeBox key={node.id} node={node} />
          ))}
        </svg>
      </ScrollArea>
      {lineage.datasets.length === 0 && !lineage.gitCommit && (
        <Text size="xs" c="dimmed">
          The run recorded no datasets and no git commit.
        </Text>
      )}
      {lineage.scoringJobs.length === 0 && (
        <Text size="xs" c="dimmed">
          No scoring job has used this model's file yet.
        </Text>
      )}
    </Box>
  );
}
