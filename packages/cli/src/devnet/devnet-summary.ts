/**
 * The devnet's summary: one JSON object (`--json`) or a table for people. `rtt ms` is the
 * emulated network's RTT between client and node; `estimate` is the RTT placement went by (the
 * client's probe of that node, else the prediction from network coordinates). Both, like
 * `nearest` and `1st chunk ms`, are about the node a session is on now: after the kill, a moved
 * session's new node, with `nearest` judged against the nodes still running. (The coordinator's
 * answer to a resume carries no prediction, so a moved session's `estimate` is blank.) The
 * sessions that moved get a section of their own: from where to where, their gap, and their
 * turns before and after.
 */
import type { ClientReport } from './devnet-client.js';
import { type DevnetFees, formatFees } from './devnet-fee-summary.js';
import type { MoveReport } from './session-move-log.js';

export interface NodeRow {
  readonly city: string;
  readonly did: string;
  readonly url: string;
  /** The coordinator's view: alive, suspected, failed (the killed node, once confirmed)... */
  readonly state: string;
  /** Sessions the node last reported to the coordinator: for a failed node, before it failed. */
  readonly sessions: number;
}

export interface DevnetSummary {
  readonly grid: string;
  readonly coordinator: { readonly city: string; readonly url: string; readonly did: string };
  readonly nodes: readonly NodeRow[];
  /**
   * The node the devnet SIGKILLed partway through the demo, and the clients it served then; null
   * when none was (--no-kill, or no node could be: one running, or none serving a session).
   */
  readonly killed: {
    readonly city: string;
    readonly did: string;
    readonly sessions: readonly string[];
  } | null;
  readonly sessions: readonly ClientReport[];
  /** Sessions on the node nearest their client, of the nodes still running. */
  readonly placedNearest: number;
  /** Sessions that moved to another node at least once. */
  readonly moved: number;
  /** What the sessions earned, how the community node's fees split, and its payout once settled. */
  readonly fees: DevnetFees;
  /** Whether every node's coordinate had settled before the demo sessions were placed. */
  readonly coordinatesSettled: boolean;
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

/** A failed node's session count is what it reported before it failed: not worth showing. */
function nodeCell(node: NodeRow): string {
  return node.state === 'failed'
    ? `${node.city} [failed]`
    : `${node.city} [${node.state}, ${node.sessions} sessions]`;
}

/** Marks a moved session's node in the table; the moves section explains it. */
const MOVED_MARK = '*';

function moveLine(session: ClientReport, move: MoveReport): string {
  const after =
    move.firstSeqAfter === undefined
      ? 'none after'
      : `${move.turnsAfter} after (#${move.firstSeqAfter}-#${move.lastSeqAfter})`;
  const before = `${move.turnsBefore} before${move.turnsBefore > 0 ? ` (last #${move.lastSeqBefore})` : ''}`;
  const gap = move.gapMs === undefined ? `resumed in ${move.resumeMs} ms` : `gap ${move.gapMs} ms`;
  return `${session.client.padEnd(12)} ${session.agent.padEnd(6)} ${`${move.from} → ${move.to}`.padEnd(28)} ${gap.padEnd(20)} turns: ${before}, ${after}: ${move.continued ? 'continued' : 'did NOT continue'}`;
}

export function formatSummary(summary: DevnetSummary): string {
  const { killed } = summary;
  const lines = [
    `grid ${summary.grid}: coordinator in ${summary.coordinator.city} at ${summary.coordinator.url}`,
    `nodes (${summary.nodes.length}): ${summary.nodes.map(nodeCell).join(', ')}`,
    killed === null
      ? 'no node was killed'
      : `killed: ${killed.city} (${killed.did}), SIGKILLed mid-turn; it served ${killed.sessions.join(', ')}`,
    '',
    `${'client'.padEnd(12)} ${'agent'.padEnd(6)} ${'node'.padEnd(13)} ${'rtt ms'.padStart(6)} ${'estimate'.padStart(9)} ${'nearest'.padEnd(13)} ${'turns'.padStart(5)} ${'1st chunk ms'.padStart(12)}`,
  ];
  for (const s of summary.sessions) {
    const nearest = s.nearest ? 'yes' : `no: ${s.bestNode}`;
    const node = s.moves.length > 0 ? `${s.node} ${MOVED_MARK}` : s.node;
    lines.push(
      `${s.client.padEnd(12)} ${s.agent.padEnd(6)} ${node.padEnd(13)} ${cell(s.rttMs).padStart(6)} ${cell(s.predictedRttMs).padStart(9)} ${nearest.padEnd(13)} ${String(s.turns).padStart(5)} ${cell(median(s.firstChunkMs)).padStart(12)}${s.errors.length > 0 ? `  errors: ${s.errors.join(', ')}` : ''}`,
    );
  }
  const moved = summary.sessions.flatMap((s) => s.moves.map((move) => moveLine(s, move)));
  if (moved.length > 0) {
    lines.push(
      '',
      `${MOVED_MARK} moved sessions (${summary.moved}). gap: from the SIGKILL until the session was attached to its new node,`,
      '  emulated network delays included. In the table, rtt, nearest and 1st chunk are for the new',
      '  node (a resume comes with no estimate)',
      ...moved,
    );
  }
  lines.push(
    '',
    `${summary.placedNearest} of ${summary.sessions.length} sessions placed on the node nearest their client${killed === null ? '' : ' (of the nodes still running)'}`,
    '',
    ...formatFees(summary.fees),
  );
  return lines.join('\n');
}
