/**
 * A CoordinatorCore with signed test nodes, and what the session-move tests do with it: open and
 * report sessions, store checkpoints, fail nodes, read and check tickets.
 */
import { CoordinatorCore, type CoreEffect } from '@mycel/grid';
import { parseDidKey } from '@mycel/kernel';
import { type SessionTicket, verifyTicket } from '@mycel/wire';
import { expect } from 'vitest';
import { CLIENT, TEST_GRID, testRegistration, testSigner } from './coordinator-nodes.js';
import type { testCheckpoint } from './session-checkpoints.js';

export const NOW = 2_000_000;
export const TTL = 1000;
export const CONFIRM_MS = 1000;
export const did = (n: number) => testSigner(n).key.did;
export const endpoint = (n: number) => `http://127.0.0.1:${20000 + n}`;
export const nodeNumber = (node: string) => [1, 2, 3, 4].find((n) => did(n) === node) ?? 0;

/**
 * A core with nodes 1..count registered. `heartbeatMs` is long by default so that the clock can
 * jump over migration budgets without the failure detector suspecting silent nodes.
 */
export function newCore(count = 3, heartbeatMs = 60_000) {
  const core = new CoordinatorCore({
    grid: TEST_GRID,
    signer: testSigner(5000),
    heartbeatMs,
    failureConfirmMs: CONFIRM_MS,
    ticketTtlMs: TTL,
  });
  for (let n = 1; n <= count; n++) {
    const registered = core.register(testRegistration(n), NOW);
    if (!registered.ok) throw new Error(registered.error.message);
  }
  return core;
}

export const report = (
  sid: string,
  epoch: number,
  state: 'active' | 'closed' | 'failed',
  turns = 0,
) => ({
  t: 'session-state' as const,
  sid,
  epoch,
  state,
  turns,
});

export let sids = 0;
/** Opens a session (interactive: four slots a node) and, unless told not to, reports it active. */
export function openSession(core: CoordinatorCore, nowMs = NOW, attach = true) {
  const sid = `move-${++sids}`;
  const opened = core.open(
    { sid, agent: 'tutor', latencyClass: 'interactive', client: CLIENT.key.did },
    nowMs,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const node = opened.value.node.did;
  if (attach) {
    const attached = core.sessionReport(node, report(sid, 1, 'active'), nowMs);
    if (!attached.ok) throw new Error(attached.error.message);
  }
  return { sid, node, session: opened.value.session };
}

/** Offers and stores a checkpoint the way CheckpointIntake does. */
export function storeCheckpoint(
  core: CoordinatorCore,
  node: string,
  checkpoint: ReturnType<typeof testCheckpoint>,
  nowMs = NOW,
) {
  const offered = core.checkpointOffered(node, checkpoint);
  if (!offered.ok) return offered;
  return core.checkpointStored(node, checkpoint, nowMs);
}

/** Fails `node` the way the shell sees it: the link closes, then the health probe fails. */
export function failNode(core: CoordinatorCore, node: string, nowMs: number): CoreEffect[] {
  const closed = core.linkClosed(node, nowMs);
  expect(closed).toEqual([
    { type: 'node-suspected', node, reason: 'control link closed' },
    { type: 'probe', node, endpoint: endpoint(nodeNumber(node)) },
  ]);
  return core.probeFailed(node, 'connection refused', nowMs);
}

export const codeOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error?.code;

export function ticketOf(answer: ReturnType<CoordinatorCore['resume']>['answer']): SessionTicket {
  if (!answer.ok) throw new Error(`expected a ticket, got ${answer.error.code}`);
  return answer.value.ticket;
}

export function checkTicket(
  core: CoordinatorCore,
  ticket: SessionTicket,
  node: string,
  nowMs: number,
) {
  const key = parseDidKey(core.did);
  if (!key.ok) throw new Error('coordinator did');
  return verifyTicket(ticket, { coordinator: key.value, audience: TEST_GRID, node, nowMs });
}

export const freeInteractive = (core: CoordinatorCore, node: string) =>
  core.nodes.summary(core.nodes.get(node)!).free.interactive;

export const otherThan =
  (...nodes: string[]) =>
  (node: string) =>
    !nodes.includes(node);
