/**
 * Usage proofs on the wire: each direction reads its own usage frames (the node's offer, the
 * client's countersignature or refusal, the control link's proof and acknowledgement), a proof
 * that is not a proof envelope is malformed, a usage frame is bounded well below other frames, and
 * the coordinator's price rides on `registered` and on the open-session answer.
 */
import { buildProof, ed25519SignerFromSeed, signProof } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { checkOpenSessionResponse } from '../src/coordinator-api.js';
import { USAGE_FRAME_BYTES_MAX } from '../src/limits.js';
import { coordinatorFrameReader, nodeLinkFrameReader } from '../src/link-frames.js';
import { clientFrameReader, nodeFrameReader } from '../src/session-frames.js';
import { issueTicket } from '../src/session-ticket.js';

const nodeKey = ed25519SignerFromSeed(new Uint8Array(32).fill(21));

function signedProof() {
  const proof = buildProof({
    mip: 'mip-session/usage@1.0.0',
    federation: 'devnet',
    claim: { subject: 'sid-1', predicate: 'served', value: { seconds: 3 }, unit: 'second' },
    attestation: { issuer: nodeKey.key.did, capturedAt: '2026-11-28T07:00:03Z' },
    refs: { session: 'sid-1' },
    issuedAt: '2026-11-28T07:00:03Z',
  });
  const signed = signProof(proof, nodeKey);
  if (!signed.ok) throw new Error(signed.error.message);
  return signed.value;
}

const codeOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error?.code;
const text = (frame: unknown) => JSON.stringify(frame);

describe('usage frames on a session socket', () => {
  const proof = signedProof();

  it('a node offers a proof; a client countersigns or refuses it', () => {
    const offer = nodeFrameReader.read(text({ t: 'usage', proof }));
    expect(offer.ok && offer.value).toEqual({ t: 'usage', proof });
    expect(codeOf(clientFrameReader.read(text({ t: 'usage-signed', proof })))).toBe('ok');
    const refusal = { t: 'usage-refused', id: proof.id, code: 'usage_price_mismatch' };
    expect(codeOf(clientFrameReader.read(text(refusal)))).toBe('ok');
    expect(codeOf(clientFrameReader.read(text({ ...refusal, message: 'not 2 INR' })))).toBe('ok');
  });

  it('keeps the directions apart', () => {
    expect(codeOf(clientFrameReader.read(text({ t: 'usage', proof })))).toBe('frame_unknown_type');
    expect(codeOf(nodeFrameReader.read(text({ t: 'usage-signed', proof })))).toBe(
      'frame_unknown_type',
    );
  });

  it('refuses what is not a proof envelope, and a refusal without a code', () => {
    const { id: _, ...noId } = proof;
    expect(codeOf(nodeFrameReader.read(text({ t: 'usage', proof: noId })))).toBe('frame_malformed');
    expect(codeOf(nodeFrameReader.read(text({ t: 'usage', proof: { ...proof, extra: 1 } })))).toBe(
      'frame_malformed',
    );
    expect(codeOf(clientFrameReader.read(text({ t: 'usage-refused', id: proof.id })))).toBe(
      'frame_malformed',
    );
    expect(
      codeOf(
        clientFrameReader.read(text({ t: 'usage-refused', id: 'x', code: 'usage_malformed' })),
      ),
    ).toBe('frame_malformed');
  });

  it('bounds a usage frame by USAGE_FRAME_BYTES_MAX, before reading its shape', () => {
    const padded = { ...proof, federation: 'x'.repeat(USAGE_FRAME_BYTES_MAX) };
    expect(codeOf(nodeFrameReader.read(text({ t: 'usage', proof: padded })))).toBe(
      'frame_too_large',
    );
    expect(codeOf(clientFrameReader.read(text({ t: 'usage-signed', proof: padded })))).toBe(
      'frame_too_large',
    );
    expect(codeOf(nodeLinkFrameReader.read(text({ t: 'usage', proof: padded })))).toBe(
      'frame_too_large',
    );
  });
});

describe('usage frames on the control link', () => {
  const proof = signedProof();

  it('a node sends a countersigned proof; the coordinator acknowledges it', () => {
    expect(codeOf(nodeLinkFrameReader.read(text({ t: 'usage', proof })))).toBe('ok');
    const receipt = `sha256:${'a'.repeat(64)}`;
    expect(codeOf(coordinatorFrameReader.read(text({ t: 'usage-ack', id: proof.id })))).toBe('ok');
    expect(
      codeOf(coordinatorFrameReader.read(text({ t: 'usage-ack', id: proof.id, receipt }))),
    ).toBe('ok');
    const refused = {
      t: 'usage-ack',
      id: proof.id,
      error: { code: 'usage_price_mismatch', message: 'not our price' },
    };
    expect(codeOf(coordinatorFrameReader.read(text(refused)))).toBe('ok');
    expect(codeOf(coordinatorFrameReader.read(text({ ...refused, error: { code: 'X' } })))).toBe(
      'frame_malformed',
    );
  });

  it('carries the price on registered: integer minor units as a string, and a currency', () => {
    const registered = { t: 'registered', node: nodeKey.key.did, heartbeatMs: 100, peers: [] };
    expect(codeOf(coordinatorFrameReader.read(text(registered)))).toBe('ok');
    const priced = { ...registered, price: { minor: '1', currency: 'INR' } };
    expect(codeOf(coordinatorFrameReader.read(text(priced)))).toBe('ok');
    for (const price of [
      { minor: 1, currency: 'INR' },
      { minor: '1.5', currency: 'INR' },
      { minor: '01', currency: 'INR' },
      { minor: '1', currency: 'rupee' },
    ]) {
      expect(codeOf(coordinatorFrameReader.read(text({ ...registered, price })))).toBe(
        'frame_malformed',
      );
    }
  });
});

describe('the open-session answer', () => {
  it('may quote the price', () => {
    const coordinator = ed25519SignerFromSeed(new Uint8Array(32).fill(22));
    const ticket = issueTicket(
      {
        sid: 'sid-1',
        epoch: 1,
        node: nodeKey.key.did,
        agent: 'tutor',
        class: 'interactive',
        client: coordinator.key.did,
        aud: 'devnet',
        nowMs: Date.UTC(2026, 10, 28),
      },
      coordinator,
    );
    const node = { did: nodeKey.key.did, endpoint: 'http://127.0.0.1:1', label: 'n' };
    const answer = { sid: 'sid-1', epoch: 1, ticket, node };
    expect(checkOpenSessionResponse.Check(answer)).toBe(true);
    expect(
      checkOpenSessionResponse.Check({ ...answer, price: { minor: '2', currency: 'EUR' } }),
    ).toBe(true);
    expect(checkOpenSessionResponse.Check({ ...answer, price: { minor: '2' } })).toBe(false);
  });
});
