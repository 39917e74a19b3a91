/**
 * The devnet's summary: one JSON object (`--json`) or a table for people. `rtt ms` is the
 * emulated network's RTT between client and node; `estimate` is the RTT placement went by (the
 * client's probe of that node, else the prediction from network coordinates).
 */
import type { ClientReport } from './devnet-client.js';

export interface NodeRow {
  readonly city: string;
  readonly did: string;
  readonly url: string;
  readonly state: string;
  readonly sessions: number;
}

export interface DevnetSummary {
  readonly grid: string;
  readonly coordinator: { readonly city: string; readonly url: string; readonly did: string };
  readonly nodes: readonly NodeRow[];
  readonly sessions: readonly ClientReport[];
  readonly placedNearest: number;
  readonly elapsedMs: number;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function cell(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)}`;
}

export function formatSummary(summary: DevnetSummary): string {
  const lines = [
    `grid ${summary.grid}: coordinator in ${summary.coordinator.city} at ${summary.coordinator.url}`,
    `nodes (${summary.nodes.length}): ${summary.nodes.map((n) => `${n.city} [${n.state}, ${n.sessions} sessions]`).join(', ')}`,
    '',
    `${'client'.padEnd(12)} ${'agent'.padEnd(6)} ${'placed on'.padEnd(13)} ${'rtt ms'.padStart(6)} ${'estimate'.padStart(9)} ${'nearest'.padEnd(13)} ${'turns'.padStart(5)} ${'1st chunk ms'.padStart(12)}`,
  ];
  for (const s of summary.sessions) {
    const nearest = s.nearest ? 'yes' : `no: ${s.bestNode}`;
    lines.push(
      `${s.client.padEnd(12)} ${s.agent.padEnd(6)} ${s.node.padEnd(13)} ${cell(s.rttMs).padStart(6)} ${cell(s.predictedRttMs).padStart(9)} ${nearest.padEnd(13)} ${String(s.turns).padStart(5)} ${cell(median(s.firstChunkMs)).padStart(12)}${s.errors.length > 0 ? `  errors: ${s.errors.join(', ')}` : ''}`,
    );
  }
  lines.push(
    '',
    `${summary.placedNearest} of ${summary.sessions.length} sessions placed on the node nearest their client`,
  );
  return lines.join('\n');
}
