import { describe, expect, it } from 'vitest';
import { checkReceipt } from '../invariants/k7-receipt.js';
import type { JsonValue } from '../json/strict-json.js';
import { replayContract } from './contract-replay.js';
import type { MintVcrEffect } from './contract-state.js';
import { contractTermsId } from './contract-terms.js';
import {
  ALL_PARTIES,
  AUTHORITY,
  acceptedHistory,
  at,
  BUYER,
  evidencedHistory,
  History,
  HOUR_MS,
  MINUTE_MS,
  PRODUCER,
  PROTOCOL,
  proofId,
  T0,
  testTerms,
  unwrap,
  VERIFIED_AT_MS,
  VERIFIER_A,
  VERIFIER_B,
  verifiedHistory,
} from './contract-test-support.js';

describe('replayContract: the life of a contract', () => {
  it('is a DRAFT before anything is signed', () => {
    const state = unwrap(replayContract([], T0));
    expect(state.status).toBe('DRAFT');
    expect(state.effects).toEqual([]);
  });

  it('is PROPOSED after the proposal and ACCEPTED only once every party accepted the current terms', () => {
    const terms = testTerms();
    const history = new History();
    history.add('propose', BUYER, T0, { terms });
    const proposed = unwrap(history.replay());
    expect(proposed).toMatchObject({ status: 'PROPOSED', contract: history.contract });
    expect(proposed.termsId).toBe(contractTermsId(terms));
    for (const [index, party] of ALL_PARTIES.entries()) {
      history.add('accept', party, T0 + (index + 1) * MINUTE_MS, { terms: contractTermsId(terms) });
      const state = unwrap(history.replay());
      expect(state.status).toBe(index === ALL_PARTIES.length - 1 ? 'ACCEPTED' : 'PROPOSED');
    }
  });

  it('a counter-proposal replaces the terms and resets every acceptance', () => {
    const history = new History();
    const terms = testTerms();
    history.add('propose', BUYER, T0, { terms });
    history.add('accept', BUYER, T0 + 1, { terms: contractTermsId(terms) });
    const dearer = testTerms({ price: { minor: '900', currency: 'INR', unit: 'kWh' } });
    history.add('counter', PRODUCER, T0 + 2, { terms: dearer });
    const state = unwrap(history.replay());
    expect(state).toMatchObject({ status: 'PROPOSED', termsBy: PRODUCER.key.did, acceptedBy: [] });
    expect(state.terms!.price.minor).toBe('900');
    const stale = history.next('accept', VERIFIER_A, T0 + 3, { terms: contractTermsId(terms) });
    expect(history.replayWith(stale)).toMatchObject({
      ok: false,
      error: { code: 'contract_acceptance_stale', path: '/3/terms' },
    });
  });

  it('rejection and cancellation end a proposal', () => {
    const rejected = new History();
    rejected.add('propose', BUYER, T0, { terms: testTerms() });
    rejected.add('reject', PRODUCER, T0 + 1, { reason: 'price too low' });
    expect(unwrap(rejected.replay()).status).toBe('REJECTED');
    const cancelled = acceptedHistory();
    cancelled.add('cancel', BUYER, T0 + 30 * MINUTE_MS);
    expect(unwrap(cancelled.replay()).status).toBe('CANCELLED');
  });

  it('runs work, evidence and verification to VERIFIED, and mints only after the challenge window', () => {
    const history = verifiedHistory([proofId('p1'), proofId('p2')], '12.5');
    const verified = unwrap(history.replay());
    expect(verified.status).toBe('VERIFIED');
    expect(verified.verifiedAt).toBe(at(VERIFIED_AT_MS));
    expect(verified.windowEndsAt).toBe(at(VERIFIED_AT_MS + HOUR_MS));
    expect(verified.amount).toEqual({ minor: '10000', currency: 'INR' });
    expect(verified.effects).toEqual([]);
    // One millisecond before the window closes: still nothing to mint.
    expect(unwrap(history.replay(VERIFIED_AT_MS + HOUR_MS - 1)).effects).toEqual([]);
    const settling = unwrap(history.replay(VERIFIED_AT_MS + HOUR_MS));
    expect(settling.status).toBe('SETTLING');
    expect(settling.effects).toHaveLength(1);
    const mint = settling.effects[0] as MintVcrEffect;
    expect(mint).toMatchObject({
      type: 'mint-vcr',
      milestone: 'main',
      dueAt: at(VERIFIED_AT_MS + HOUR_MS),
    });
    expect(mint.receipt).toMatchObject({
      federation: 'in.solar',
      contract: history.contract,
      amount: { minor: '10000', currency: 'INR' },
      payer: BUYER.key.did,
      acceptedConfidence: 0.95,
      status: 'minted',
      mintedAt: at(VERIFIED_AT_MS + HOUR_MS),
    });
    expect([...mint.receipt.proofs].sort()).toEqual([proofId('p1'), proofId('p2')].sort());
    expect(unwrap(checkReceipt(mint.receipt as unknown as JsonValue)).id).toBe(mint.receipt.id);
    // The same events replayed later give the same receipt: the mint is idempotent by id.
    const later = unwrap(history.replay(VERIFIED_AT_MS + 5 * HOUR_MS));
    expect(later.effects).toEqual(settling.effects);
    history.add('settle', BUYER, VERIFIED_AT_MS + 2 * HOUR_MS);
    const settled = unwrap(history.replay());
    expect(settled.status).toBe('SETTLED');
    expect(settled.effects).toEqual(settling.effects);
  });

  it('refuses a settlement before the window passed, naming both states', () => {
    const history = verifiedHistory();
    const early = history.next('settle', BUYER, VERIFIED_AT_MS + MINUTE_MS);
    expect(history.replayWith(early)).toMatchObject({
      ok: false,
      error: {
        code: 'contract_transition_invalid',
        message: expect.stringContaining('from VERIFIED to SETTLED'),
      },
    });
  });

  it('pays price × quantity rounded down to a whole minor unit, capped at quantityMax', () => {
    const odd = verifiedHistory([proofId('odd')], '0.333333', testTerms());
    expect(unwrap(odd.replay()).amount).toEqual({ minor: '266', currency: 'INR' });
    const capped = verifiedHistory(
      [proofId('cap')],
      '50',
      testTerms({ milestones: [{ id: 'main', quantityMax: '20' }] }),
    );
    const state = unwrap(capped.replay());
    expect(state.milestones[0]).toMatchObject({
      verifiedQuantity: '50',
      billableQuantity: '20',
      amountMinor: '16000',
    });
  });

  it('a quantityMax spans evidence items: the item crossing it is paid for the rest, later ones not', () => {
    const history = acceptedHistory(testTerms({ milestones: [{ id: 'main', quantityMax: '15' }] }));
    history.add('start', PRODUCER, T0 + HOUR_MS);
    const quantities = ['10', '10', '10'];
    for (const [index, quantity] of quantities.entries()) {
      history.add('evidence', PRODUCER, T0 + 2 * HOUR_MS + index, {
        milestone: 'main',
        proofs: [proofId(`cap-${index}`)],
        quantity,
        ...(index === quantities.length - 1 ? { final: true } : {}),
      });
    }
    for (const verifier of [VERIFIER_A, VERIFIER_B]) {
      for (const index of quantities.keys()) {
        history.add('verification', verifier, T0 + 3 * HOUR_MS, {
          proof: proofId(`cap-${index}`),
          p: 0.99,
          passed: true,
        });
      }
    }
    const state = unwrap(history.replay(T0 + 5 * HOUR_MS));
    const amounts = state.effects.map((e) => (e as MintVcrEffect).receipt.amount.minor);
    expect(amounts).toEqual(['8000', '4000']);
    expect(state.milestones[0]).toMatchObject({ billableQuantity: '15', amountMinor: '12000' });
  });

  it('runs each milestone as its own sub-machine; the contract is VERIFIED when all are', () => {
    const terms = testTerms({ milestones: [{ id: 'morning' }, { id: 'afternoon' }] });
    const history = acceptedHistory(terms);
    history.add('start', PRODUCER, T0 + HOUR_MS);
    const pass = (proof: string, atMs: number) => {
      history.add('verification', VERIFIER_A, atMs, { proof, p: 0.97, passed: true });
      history.add('verification', VERIFIER_B, atMs + 1, { proof, p: 0.93, passed: true });
    };
    history.add('evidence', PRODUCER, T0 + 2 * HOUR_MS, {
      milestone: 'morning',
      proofs: [proofId('m1')],
      quantity: '4',
      final: true,
    });
    pass(proofId('m1'), T0 + 3 * HOUR_MS);
    const half = unwrap(history.replay());
    expect(half.status).toBe('VERIFYING');
    expect(half.milestones.map((m) => m.status)).toEqual(['VERIFIED', 'OPEN']);
    history.add('evidence', PRODUCER, T0 + 6 * HOUR_MS, {
      milestone: 'afternoon',
      proofs: [proofId('a1')],
      quantity: '6',
      final: true,
    });
    pass(proofId('a1'), T0 + 7 * HOUR_MS);
    const whole = unwrap(history.replay());
    expect(whole.status).toBe('VERIFIED');
    expect(whole.windowEndsAt).toBe(at(T0 + 8 * HOUR_MS + 1));
    const minted = unwrap(history.replay(T0 + 9 * HOUR_MS));
    expect(minted.effects.map((e) => [e.type, e.milestone])).toEqual([
      ['mint-vcr', 'morning'],
      ['mint-vcr', 'afternoon'],
    ]);
    const amounts = minted.effects.map((e) => (e as MintVcrEffect).receipt.amount.minor);
    expect(amounts).toEqual(['3200', '4800']);
    expect((minted.effects[0] as MintVcrEffect).receipt.acceptedConfidence).toBe(0.93);
  });

  it('closes milestones at workBy and refuses still-undecided proofs at settleBy', () => {
    const history = evidencedHistory([proofId('slow')], '3');
    const afterWork = unwrap(history.replay(T0 + 11 * HOUR_MS));
    expect(afterWork.milestones[0]!.closedAt).toBe(at(T0 + 10 * HOUR_MS));
    expect(afterWork.status).toBe('VERIFYING');
    const afterSettleBy = unwrap(history.replay(T0 + 25 * HOUR_MS + 1));
    expect(afterSettleBy.proofs[0]).toMatchObject({
      status: 'refused',
      decidedAt: at(T0 + 24 * HOUR_MS),
    });
    expect(afterSettleBy.status).toBe('SETTLING');
    expect(afterSettleBy.effects).toEqual([]);
    expect(afterSettleBy.amount!.minor).toBe('0');
  });

  it('expires a contract nobody started by workBy', () => {
    const history = acceptedHistory();
    expect(unwrap(history.replay(T0 + 10 * HOUR_MS)).status).toBe('ACCEPTED');
    expect(unwrap(history.replay(T0 + 10 * HOUR_MS + 1)).status).toBe('EXPIRED');
  });

  it('a dispute upheld by the authority lets the mint go ahead after the window', () => {
    const history = verifiedHistory();
    history.add('dispute', BUYER, VERIFIED_AT_MS + 10 * MINUTE_MS, { proof: proofId('p1') });
    const disputed = unwrap(history.replay(VERIFIED_AT_MS + 3 * HOUR_MS));
    expect(disputed.status).toBe('DISPUTED');
    expect(disputed.effects).toEqual([]);
    history.add('resolve', AUTHORITY, VERIFIED_AT_MS + 4 * HOUR_MS, {
      proof: proofId('p1'),
      outcome: 'upheld',
    });
    const resolved = unwrap(history.replay());
    expect(resolved.status).toBe('SETTLING');
    expect(resolved.effects).toHaveLength(1);
    expect(resolved.effects[0]!.dueAt).toBe(at(VERIFIED_AT_MS + 4 * HOUR_MS));
  });

  it('a dispute overturned before the mint leaves the proof out of the receipt', () => {
    const history = verifiedHistory([proofId('good'), proofId('bad')], '10');
    // Two evidence items would be paid separately; here one item holds both, so it fails whole.
    history.add('dispute', VERIFIER_A, VERIFIED_AT_MS + MINUTE_MS, { proof: proofId('bad') });
    history.add('resolve', AUTHORITY, VERIFIED_AT_MS + 2 * MINUTE_MS, {
      proof: proofId('bad'),
      outcome: 'overturned',
    });
    const state = unwrap(history.replay(VERIFIED_AT_MS + 2 * HOUR_MS));
    expect(state.status).toBe('SETTLING');
    expect(state.evidence[0]!.status).toBe('refused');
    expect(state.effects).toEqual([]);
  });

  it('splits go to the parties of the terms and sum to exactly 10 000 bps', () => {
    const state = unwrap(verifiedHistory().replay(VERIFIED_AT_MS + HOUR_MS));
    const receipt = (state.effects[0] as MintVcrEffect).receipt;
    expect(receipt.splits).toEqual(
      [
        { party: PRODUCER.key.did, role: 'owner', bps: 9000 },
        { party: PROTOCOL.key.did, role: 'protocol', bps: 1000 },
      ].sort((l, r) => (l.party < r.party ? -1 : 1)),
    );
  });

  it('restoring is replaying: the same events give the same state', () => {
    const history = verifiedHistory([proofId('r1')]);
    const copy = JSON.parse(JSON.stringify(history.events)) as JsonValue[];
    expect(replayContract(copy, VERIFIED_AT_MS + 2 * HOUR_MS)).toEqual(
      history.replay(VERIFIED_AT_MS + 2 * HOUR_MS),
    );
  });
});
