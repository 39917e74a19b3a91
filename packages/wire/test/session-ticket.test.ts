import { describe, expect, it } from 'vitest';
import { attachProof, verifyAttachProof } from '../src/session-attach.js';
import { issueTicket, type SessionTicket, verifyTicket } from '../src/session-ticket.js';
import { testSigner } from './wire-test-keys.js';

const coordinator = testSigner(1);
const impostor = testSigner(2);
const node = testSigner(3);
const client = testSigner(4);
const NOW = 1_800_000_000_000;

function ticket(overrides: { epoch?: number; nowMs?: number; node?: string } = {}): SessionTicket {
  return issueTicket(
    {
      sid: 'c2Vzc2lvbi1vbmU',
      epoch: overrides.epoch ?? 1,
      node: overrides.node ?? node.key.did,
      agent: 'tutor',
      class: 'interactive',
      client: client.key.did,
      aud: 'devnet',
      nowMs: overrides.nowMs ?? NOW,
    },
    coordinator,
  );
}

const expectation = {
  coordinator: coordinator.key,
  audience: 'devnet',
  node: node.key.did,
  nowMs: NOW + 1000,
};

function codeOf(
  value: unknown,
  overrides: Partial<typeof expectation> & { highestEpochSeen?: number } = {},
) {
  const verdict = verifyTicket(value, { ...expectation, ...overrides });
  return verdict.ok ? 'ok' : verdict.error.code;
}

describe('session tickets', () => {
  it('verify when every binding holds', () => {
    const issued = ticket();
    const verdict = verifyTicket(issued, expectation);
    expect(verdict.ok && verdict.value.sid).toBe('c2Vzc2lvbi1vbmU');
    expect(issued.exp - issued.iat).toBe(60_000);
  });

  it('survive a JSON round trip (the wire form)', () => {
    expect(codeOf(JSON.parse(JSON.stringify(ticket())))).toBe('ok');
  });

  it('refuse a ticket signed by another key (forged)', () => {
    const forged = issueTicket(
      { ...ticket(), nowMs: NOW } as unknown as Parameters<typeof issueTicket>[0],
      impostor,
    );
    expect(codeOf(forged)).toBe('ticket_signature_invalid');
  });

  it('refuse a ticket whose body changed after signing (altered)', () => {
    expect(codeOf({ ...ticket(), class: 'batch' })).toBe('ticket_altered');
    expect(codeOf({ ...ticket(), epoch: 7 })).toBe('ticket_altered');
  });

  it('refuse a re-hashed ticket that keeps the old signature', () => {
    const original = ticket();
    const other = ticket({ epoch: 2 });
    expect(codeOf({ ...other, signatures: original.signatures })).toBe('ticket_signature_invalid');
  });

  it('refuse an expired ticket, and one issued in the future', () => {
    expect(codeOf(ticket(), { nowMs: NOW + 60_000 + 5_000 })).toBe('ticket_expired');
    expect(codeOf(ticket(), { nowMs: NOW + 60_000 + 4_999 })).toBe('ok');
    expect(codeOf(ticket({ nowMs: NOW + 10_000 }), { nowMs: NOW })).toBe('ticket_not_yet_valid');
  });

  it('refuse a ticket for another node or another grid', () => {
    expect(codeOf(ticket({ node: impostor.key.did }))).toBe('ticket_wrong_node');
    expect(codeOf(ticket(), { audience: 'another-grid' })).toBe('ticket_wrong_audience');
  });

  it('refuse an older epoch than one already seen (fencing)', () => {
    expect(codeOf(ticket({ epoch: 2 }), { highestEpochSeen: 3 })).toBe('ticket_stale_epoch');
    expect(codeOf(ticket({ epoch: 3 }), { highestEpochSeen: 3 })).toBe('ok');
  });

  it('refuse malformed tickets with a code, never an exception', () => {
    for (const bad of [
      null,
      'ticket',
      42,
      {},
      [],
      { ...ticket(), extra: 1 },
      { ...ticket(), signatures: [] },
    ]) {
      expect(codeOf(bad)).toBe('ticket_malformed');
    }
  });
});

describe('attach proofs', () => {
  it('hold only for the ticket client key', () => {
    const issued = ticket();
    expect(verifyAttachProof(issued, attachProof(issued, client)).ok).toBe(true);
    const wrong = verifyAttachProof(issued, attachProof(issued, impostor));
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('attach_proof_invalid');
  });

  it('do not carry over to another ticket', () => {
    const first = ticket();
    const second = ticket({ epoch: 2 });
    const verdict = verifyAttachProof(second, attachProof(first, client));
    expect(verdict.ok ? 'ok' : verdict.error.code).toBe('attach_proof_invalid');
  });
});
