/**
 * The session MIP's claim: what a node builds passes its check and the kernel's verifier with
 * the MIP catalog; every broken rule of the claim or of the envelope around it is refused with
 * its code; the fee is exact bigint arithmetic.
 */
import { type Proof, ProofVerifier, proofId, TrustStore } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  buildUsageProof,
  checkUsageClaim,
  mipsLimits,
  readUsage,
  SESSION_MIP_CATALOG,
  SESSION_USAGE_MIP,
  usageFee,
} from '../src/index.js';
import { clientKey, countersigned, FIELDS, nodeKey, START_MS, signed } from './usage-fixtures.js';

/** A proof as plain JSON a test reaches into. */
// biome-ignore lint/suspicious/noExplicitAny: the tests edit any field of a JSON copy
type Editable = Record<string, any>;

/** The proof with its claim (or envelope) changed and its id recomputed, as a careless node would. */
function edited(change: (proof: Editable) => void): Proof {
  const copy = structuredClone(buildUsageProof(FIELDS)) as Editable;
  change(copy);
  copy.id = proofId(copy as Proof);
  return copy as Proof;
}

describe('a usage proof as a node builds it', () => {
  it('names the session, node, client, epoch, seconds, turns and price', () => {
    const proof = buildUsageProof(FIELDS);
    expect(proof).toMatchObject({
      mip: SESSION_USAGE_MIP,
      federation: 'devnet',
      claim: {
        subject: FIELDS.sid,
        predicate: 'served',
        unit: 'second',
        value: {
          node: nodeKey.key.did,
          client: clientKey.key.did,
          agent: 'tutor',
          class: 'interactive',
          epoch: 2,
          seconds: 90,
          turns: 4,
          unitPrice: { minor: '3', currency: 'INR' },
        },
        window: { start: '2026-11-28T07:00:00.000Z', end: '2026-11-28T07:01:30.500Z' },
      },
      attestation: { issuer: nodeKey.key.did, capturedAt: '2026-11-28T07:01:30.500Z' },
      refs: { session: FIELDS.sid },
      issuedAt: '2026-11-28T07:01:30.500Z',
      signatures: [],
    });
    expect(readUsage(proof)).toEqual({ ok: true, value: proof.claim.value });
  });

  it('verifies in the kernel with the session MIP catalog, and is settleable', () => {
    const verifier = new ProofVerifier({ trust: new TrustStore(), mips: SESSION_MIP_CATALOG });
    const verified = verifier.verifyValue(countersigned() as never, START_MS + 100_000);
    expect(verified.ok && verified.value).toMatchObject({
      settleable: true,
      signers: [nodeKey.key.did, clientKey.key.did],
    });
  });

  it('is refused by the kernel with mip_claim_invalid when its claim breaks the MIP', () => {
    const verifier = new ProofVerifier({ trust: new TrustStore(), mips: SESSION_MIP_CATALOG });
    const bad = edited((proof) => {
      proof.claim.value.seconds = 92;
    });
    const verified = verifier.verifyValue(
      signed(bad, nodeKey, clientKey) as never,
      START_MS + 100_000,
    );
    expect(!verified.ok && verified.error.code).toBe('mip_claim_invalid');
  });
});

describe('claims the MIP refuses (usage_claim_invalid)', () => {
  const cases: [string, (proof: Editable) => void][] = [
    ['negative seconds', (p) => (p.claim.value.seconds = -1)],
    ['fractional seconds', (p) => (p.claim.value.seconds = 1.5)],
    ['seconds beyond the window', (p) => (p.claim.value.seconds = 92)],
    ['seconds beyond the bound', (p) => (p.claim.value.seconds = mipsLimits.USAGE_SECONDS_MAX + 1)],
    ['fractional turns', (p) => (p.claim.value.turns = 0.5)],
    ['epoch 0', (p) => (p.claim.value.epoch = 0)],
    ['an unknown latency class', (p) => (p.claim.value.class = 'realtime')],
    ['a price with a leading zero', (p) => (p.claim.value.unitPrice.minor = '03')],
    ['a negative price', (p) => (p.claim.value.unitPrice.minor = '-3')],
    ['a price as a number', (p) => (p.claim.value.unitPrice.minor = 3)],
    ['a lower-case currency', (p) => (p.claim.value.unitPrice.currency = 'inr')],
    ['no price', (p) => delete p.claim.value.unitPrice],
    ['a client that is not a did:key', (p) => (p.claim.value.client = 'alice')],
    ['an extra value field', (p) => (p.claim.value.fee = '270')],
    ['another predicate', (p) => (p.claim.predicate = 'used')],
    ['another unit', (p) => (p.claim.unit = 'minute')],
    ['no window', (p) => delete p.claim.window],
    ['a window ending where it starts', (p) => (p.claim.window.end = p.claim.window.start)],
    ['a session id with a slash', (p) => (p.claim.subject = 'a/b')],
  ];
  for (const [what, change] of cases) {
    it(what, () => {
      const proof = edited(change);
      expect(checkUsageClaim(proof.claim)).toEqual(expect.any(String));
      const read = readUsage(proof);
      expect(!read.ok && read.error.code).toBe('usage_claim_invalid');
    });
  }

  it('accepts zero seconds and zero turns, and a federation token as currency', () => {
    const proof = edited((p) => {
      p.claim.value.seconds = 0;
      p.claim.value.turns = 0;
      p.claim.value.unitPrice = { minor: '0', currency: 'token:in.solar/kwh-credit' };
    });
    expect(checkUsageClaim(proof.claim)).toBeUndefined();
  });
});

describe('envelopes that contradict their claim (usage_proof_inconsistent)', () => {
  const cases: [string, (proof: Editable) => void][] = [
    ['another MIP', (p) => (p.mip = 'mip-session/usage@2.0.0')],
    ['an issuer other than the node', (p) => (p.attestation.issuer = clientKey.key.did)],
    ['a device', (p) => (p.attestation.device = clientKey.key.did)],
    ['captured before the window ends', (p) => (p.attestation.capturedAt = p.claim.window.start)],
    ['another session reference', (p) => (p.refs.session = 'BBBB')],
    ['no session reference', (p) => delete p.refs.session],
  ];
  for (const [what, change] of cases) {
    it(what, () => {
      const read = readUsage(edited(change));
      expect(!read.ok && read.error.code).toBe('usage_proof_inconsistent');
    });
  }
});

describe('the fee', () => {
  it('is seconds × unit price in minor units', () => {
    expect(usageFee(countersigned())).toBe(270n);
    expect(usageFee({ ...FIELDS, unitPrice: { minor: '0', currency: 'INR' } })).toBe(0n);
  });

  it('stays exact far beyond 2^53', () => {
    const minor = '123456789012345678901234567890';
    expect(usageFee({ ...FIELDS, seconds: 1_000_003, unitPrice: { minor, currency: 'EUR' } })).toBe(
      BigInt(minor) * 1_000_003n,
    );
  });

  it('is a bug to ask for the fee of a proof that does not read', () => {
    expect(() => usageFee(edited((p) => (p.claim.value.seconds = -1)))).toThrow(/assertion/);
  });
});
