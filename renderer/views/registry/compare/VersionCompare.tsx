// Two versions of a model side by side: metrics and params with differences
// highlighted, their schemas' differences, and the gates each meets for one
// chosen target, checked now.
import { Badge, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { ModelVersionRecord, RegistryModelDetail } from '../../../../shared/registry/types';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { formatMetric } from '../../../format/number';
import { registryCompareStore, useRegistryCompareStore, type GateCheck } from '../../../stores/registry/compareStore';
import { targetFromKey, targetKey } from '../../../stores/registry/gateDrafts';
import { finiteDelta, schemaDiff, suggestedAliases, valueRows, type SchemaChange } from '../../../stores/registry/selectors';
import { uiStore } from '../../../stores/ui/store';
import { Crumbs, Section, GateResultList, RegistryLink, StageBadge, wrapAnywhere } from '../parts';
import classes from './VersionCompare.module.css';

const changeLabels: Record<SchemaChange, string> = { same: 'same', changed: 'changed', 'only-a': 'only in A', 'only-b': 'only in B' };

function MetricsTable({ a, b }: { a: ModelVersionRecord; b: ModelVersionRecord }) {
  const rows = valueRows(a.metrics, b.metrics);
  if (rows.length === 0) return <Text size="sm" c="dimmed">Neither version recorded metrics.</Text>;
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} layout="fixed" data-testid="compare-metrics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="40%">Metric</Table.Th>
          <Table.Th>A · v{a.version}</Table.Th>
          <Table.Th>B · v{b.version}</Table.Th>
          <Table.Th>B − A</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => {
          const delta = finiteDelta(row.a, row.b);
          return (
            <Table.Tr key={row.key} data-testid="compare-metric-row" data-key={row.key} data-differs={String(row.differs)} className={row.differs ? classes.differs : undefined}>
              <Table.Td style={wrapAnywhere}>{row.key}</Table.Td>
              <Table.Td ff="monospace">{formatMetric(row.a)}</Table.Td>
              <Table.Td ff="monospace">{formatMetric(row.b)}</Table.Td>
              <Table.Td ff="monospace" c={delta === null || delta === 0 ? 'dimmed' : delta > 0 ? 'green' : 'red'}>
                {delta === null ? '—' : `${delta > 0 ? '+' : ''}${formatMetric(delta)}`}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function ParamsTable({ a, b }: { a: ModelVersionRecord; b: ModelVersionRecord }) {
  const rows = valueRows(a.params, b.params);
  if (rows.length === 0) return <Text size="sm" c="dimmed">Neither version recorded params.</Text>;
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} layout="fixed" data-testid="compare-params">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="34%">Param</Table.Th>
          <Table.Th>A · v{a.version}</Table.Th>
          <Table.Th>B · v{b.version}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-testid="compare-param-row" data-key={row.key} data-differs={String(row.differs)} className={row.differs ? classes.differs : undefined}>
            <Table.Td style={wrapAnywhere}>{row.key}</Table.Td>
            <Table.Td style={wrapAnywhere}>{row.a ?? '—'}</Table.Td>
            <Table.Td style={wrapAnywhere}>{row.b ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SchemaTable({ a, b }: { a: ModelVersionRecord; b: ModelVersionRecord }) {
  const rows = schemaDiff(a.schema, b.schema);
  if (rows.length === 0) return <Text size="sm" c="dimmed">Neither version has a schema.</Text>;
  const field = (f: { type: string; shape: string | null } | null) => (f ? `${f.type}${f.shape ? ` ${f.shape}` : ''}` : '—');
  return (
    <Table withTableBorder fz="sm" verticalSpacing={4} layout="fixed" data-testid="compare-schema">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={80}>Side</Table.Th>
          <Table.Th w="24%">Name</Table.Th>
          <Table.Th>A</Table.Th>
          <Table.Th>B</Table.Th>
          <Table.Th w={100}>Change</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={`${row.side}:${row.name}`} data-testid="compare-schema-row" data-change={row.change} className={row.change === 'same' ? undefined : classes.differs}>
            <Table.Td>{row.side}</Table.Td>
            <Table.Td ff="monospace" style={wrapAnywhere}>
              {row.name}
            </Table.Td>
            <Table.Td ff="monospace" style={wrapAnywhere}>
              {field(row.a)}
            </Table.Td>
            <Table.Td ff="monospace" style={wrapAnywhere}>
              {field(row.b)}
            </Table.Td>
            <Table.Td>{changeLabels[row.change]}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function GatesColumn({ label, check, testId }: { label: string; check: GateCheck; testId: string }) {
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {check.status === 'loading' && <LoadingState label="Checking the gates…" />}
      {check.status === 'error' && check.error && <ErrorState title="Could not check the gates" error={check.error} />}
      {check.status === 'ready' && check.results && <GateResultList results={check.results} />}
    </Stack>
  );
}

function VersionPicker({ model, label, value, other, side }: { model: RegistryModelDetail; label: string; value: number; other: number; side: 'a' | 'b' }) {
  const options = [...model.versions].sort((x, y) => y.version - x.version).map((v) => ({ value: String(v.version), label: `v${v.version}`, disabled: v.version === other }));
  const pick = (next: string | null) => {
    if (!next) return;
    const n = Number(next);
    uiStore.getState().openRegistry({ view: 'compare', name: model.name, a: side === 'a' ? n : other, b: side === 'b' ? n : other });
  };
  return <Select size="xs" w={100} label={label} data={options} value={String(value)} onChange={pick} allowDeselect={false} data-testid={`compare-${side}`} />;
}

export function VersionCompare({ name, a, b }: { name: string; a: number; b: number }) {
  useEffect(() => registryCompareStore.getState().startSync(), []);
  const detail = useRegistryCompareStore((s) => (s.detail?.name === name ? s.detail : null));
  const status = useRegistryCompareStore((s) => s.status);
  const error = useRegistryCompareStore((s) => s.error);
  const target = useRegistryCompareStore((s) => s.target);
  const gatesA = useRegistryCompareStore((s) => s.gatesA);
  const gatesB = useRegistryCompareStore((s) => s.gatesB);
  const va = detail?.versions.find((v) => v.version === a) ?? null;
  const vb = detail?.versions.find((v) => v.version === b) ?? null;
  const crumbs = (
    <Crumbs
      items={[
        { label: 'Registry', route: { view: 'list' } },
        { label: name, route: { view: 'model', name }, testId: 'crumb-model' },
        { label: `compare v${a} and v${b}` },
      ]}
    />
  );
  if (status === 'error' && error) return <Stack gap="md">{crumbs}<ErrorState title={`Could not open “${name}”`} error={error} onRetry={() => registryCompareStore.getState().reload()} /></Stack>;
  if (!detail) return <LoadingState label="Loading the versions…" />;
  if (!va || !vb) {
    return (
      <Stack gap="md">
        {crumbs}
        <ErrorState title="Nothing to compare" error={{ code: 'not-found', message: `${name} has no version ${!va ? a : b}.` }} />
      </Stack>
    );
  }
  const targets = ['Staging', 'Production', ...suggestedAliases(detail).map((alias) => `@${alias}`)];
  return (
    <Stack gap="md" data-testid="version-compare" data-a={a} data-b={b}>
      {crumbs}
      <Group gap="md" align="flex-end">
        <Title order={3} style={wrapAnywhere}>
          {name}
        </Title>
        <VersionPicker model={detail} label="A" value={a} other={b} side="a" />
        <VersionPicker model={detail} label="B" value={b} other={a} side="b" />
      </Group>
      <SimpleGrid cols={2} spacing="md">
        {[va, vb].map((v, i) => (
          <Group key={i} gap="xs">
            <Badge variant="default" radius="sm">
              {i === 0 ? 'A' : 'B'}
            </Badge>
            <RegistryLink route={{ view: 'version', name, version: v.version }}>version {v.version}</RegistryLink>
            <StageBadge stage={v.stage} />
            <Text size="xs" c="dimmed" style={wrapAnywhere}>
              {v.runName ?? v.artifactPath}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
      <Section title="Metrics at registration">
        <MetricsTable a={va} b={vb} />
      </Section>
      <Section title="Params at registration">
        <ParamsTable a={va} b={vb} />
      </Section>
      <Section title="Schema">
        <SchemaTable a={va} b={vb} />
      </Section>
      <Section title="Gates" testId="compare-gates">
        <Select
          label="For the move to"
          data={targets}
          value={targetKey(target)}
          onChange={(key) => {
            const next = key ? targetFromKey(key) : null;
            if (next) registryCompareStore.getState().setTarget(next);
          }}
          allowDeselect={false}
          w={240}
          data-testid="compare-target"
        />
        <SimpleGrid cols={2} spacing="md">
          <GatesColumn label={`A · v${a}`} check={gatesA} testId="compare-gates-a" />
          <GatesColumn label={`B · v${b}`} check={gatesB} testId="compare-gates-b" />
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
