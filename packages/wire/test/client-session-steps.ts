/** Tickets, frames and steps the client-session tests share. */
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  initialClientSession,
  transitionClientSession,
} from '../src/client-session.js';
import { attachProof } from '../src/session-attach.js';
import type { NodeFrame } from '../src/session-frames.js';
import { issueTicket } from '../src/session-ticket.js';
export const coordinator = ed25519SignerFromSeed(new Uint8Array(32).fill(1));
export const client = ed25519SignerFromSeed(new Uint8Array(32).fill(2));
export const node = ed25519SignerFromSeed(new Uint8Array(32).fill(3));
export const ticket = issueTicket(
  {
    sid: 'session-1',
    epoch: 1,
    node: node.key.did,
    agent: 'voice',
    class: 'voice',
    client: client.key.did,
    aud: 'test-grid',
    nowMs: 1_700_000_000_000,
  },
  coordinator,
);
export const proof = attachProof(ticket, client);
// The placement a resume gets: the same session on another node, one epoch later.
export const otherNode = ed25519SignerFromSeed(new Uint8Array(32).fill(4));
export const movedTicket = issueTicket(
  {
    sid: 'session-1',
    epoch: 2,
    node: otherNode.key.did,
    agent: 'voice',
    class: 'voice',
    client: client.key.did,
    aud: 'test-grid',
    nowMs: 1_700_000_001_000,
  },
  coordinator,
);
export const movedProof = attachProof(movedTicket, client);

/** Runs events from `state` and collects every effect in order. */
export function run(
  state: ClientSessionState,
  ...events: ClientSessionEvent[]
): { state: ClientSessionState; effects: ClientSessionEffect[] } {
  const effects: ClientSessionEffect[] = [];
  let current = state;
  for (const event of events) {
    const next = transitionClientSession(current, event);
    current = next.state;
    effects.push(...next.effects);
  }
  return { state: current, effects };
}

export const frame = (value: NodeFrame): ClientSessionEvent => ({ type: 'frame', frame: value });
export const send = (input: string): ClientSessionEvent => ({ type: 'send', input });
export const attached = frame({ t: 'attached', sid: 'session-1', epoch: 1, nextSeq: 1 });

export function openSession(queuedTurnsMax = 4): ClientSessionState {
  return run(initialClientSession({ queuedTurnsMax }), { type: 'attach', ticket, proof }, attached)
    .state;
}
