/**
 * The client's part in node usage tests: a raw session socket (node-session-client.ts) attached
 * with a ticket from the usage test coordinator, and the countersignature a client adds to a
 * node's usage proof (or a test's wrong one).
 */
import { type Proof, type Signer, signProof } from '@mycel/kernel';
import { expect } from 'vitest';
import {
  attachFrame,
  connectSession,
  type Frame,
  type SessionClient,
} from './node-session-client.js';
import type { UsageCoordinator } from './node-usage-coordinator.js';

export interface AttachedUsageSession {
  readonly session: SessionClient;
  readonly sid: string;
  /** Date.now() just before the attach frame went out. */
  readonly attachSentMs: number;
}

export async function attachUsageSession(
  coordinator: UsageCoordinator,
  node: { did: string; url: string },
  client: Signer,
  agent = 'tutor',
): Promise<AttachedUsageSession> {
  const ticket = coordinator.ticket(node.did, client.key.did, { agent });
  const session = await connectSession(node.url);
  const attachSentMs = Date.now();
  session.send(attachFrame(ticket, client));
  expect(await session.next()).toMatchObject({ t: 'attached', sid: ticket.sid });
  return { session, sid: ticket.sid, attachSentMs };
}

/** Sends turn `seq` and waits for its `done`. */
export async function runTurn(session: SessionClient, seq: number): Promise<void> {
  session.send({ t: 'turn', seq, input: { answer: 'a' } });
  expect(await session.next('done')).toMatchObject({ t: 'done', seq });
}

/** The proof of a `usage` frame, countersigned by `key`. */
export function countersigned(frame: Frame, key: Signer): Proof {
  const signed = signProof(frame.proof as Proof, key);
  if (!signed.ok) throw new Error(signed.error.message);
  return signed.value;
}

/** Countersigns every usage proof the node offers on `session` from now on, in order. */
export function countersignAll(session: SessionClient, key: Signer): Proof[] {
  const offered: Proof[] = [];
  session.socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Frame;
    if (frame.t !== 'usage') return;
    offered.push(frame.proof as Proof);
    session.send({ t: 'usage-signed', proof: countersigned(frame, key) });
  });
  return offered;
}
