/**
 * Every bad input its own test: the exact code, the path of the event it names, and nothing lost
 * (the history before the bad event replays to the same state as before).
 */
import { describe, expect, it } from 'vitest';
import { withSignature } from '../crypto/signed-object.js';
import type { JsonValue } from '../json/strict-json.js';
import {
  CONTRACT_EVENT_KIND,
  type ContractEventFields,
  signContractEvent,
} from './contract-event.js';
import type { ContractEvent } from './contract-event-schema.js';
import { replayContract } from './contract-replay.js';
import type { MintVcrEffect, ReverseVcrEffect } from './contract-state.js';
import { contractTermsId } from './contract-terms.js';
import {
  AUTHORITY,
  acceptedHistory,
  at,
  BUYER,
  evidencedHistory,
  History,
  HOUR_MS,
  MINUTE_MS,
  OUTSIDER,
  PRODUCER,
  proofId,
  T0,
  testTerms,
  unwrap,
  VERIFIED_AT_MS,
  VERIFIER_A,
  VERIFIER_B,
  VERIFIER_C,
  verifiedHistory,
} from './contract-test-support.js';

function expectRefused(
  history: History,
  event: ContractEvent | JsonValue,
  code: string,
  path: string,
  nowMs?: number,
): void {
  const before = history.replay(nowMs);
  const result = replayContract([...history.events, event] as unknown as JsonValue[], nowMs);
  expect(result).toMatchObject({ ok: false, error: { code, path } });
  // Nothing lost: the history without the bad event still replays to what it was.
  expect(history.replay(nowMs)).toEqual(before);
  expect(before.ok).toBe(true);
}

const position = (history: History) => `/${history.events.length}`;

describe('contract bad input', () => {
  it('refuses an event by a non-party (contract_event_signer_not_party)', () => {
    const history = acceptedHistory();
    const event = history.next('start', OUTSIDER, T0 + HOUR_MS);
    expectRefused(history, event, 'contract_event_signer_not_party', `${position(history)}/by`);
  });

  it("refuses a party's event signed by a non-party key (contract_event_signer_not_party)", () => {
    const history = acceptedHistory();
    const fields = history.next('start', PRODUCER, T0 + HOUR_MS);
    const forged = withSignature({ ...fields, signatures: [] }, CONTRACT_EVENT_KIND, OUTSIDER);
    expectRefused(
      history,
      forged,
      'contract_event_signer_not_party',
      `${position(history)}/signatures`,
    );
  });

  it('refuses an event signed by another party than its `by` (contract_event_signer_mismatch)', () => {
    const history = acceptedHistory();
    const fields = history.next('start', PRODUCER, T0 + HOUR_MS);
    const other = withSignature({ ...fields, signatures: [] }, CONTRACT_EVENT_KIND, BUYER);
    expectRefused(
      history,
      other,
      'contract_event_signer_mismatch',
      `${position(history)}/signatures`,
    );
  });

  it('refuses an event whose signature does not verify (signature_invalid)', () => {
    const history = acceptedHistory();
    const event = history.next('start', PRODUCER, T0 + HOUR_MS);
    const sig = event.signatures[0]!;
    const flipped = `${sig.sig.slice(0, 10)}${sig.sig[10] === 'A' ? 'B' : 'A'}${sig.sig.slice(11)}`;
    const bad = { ...event, signatures: [{ ...sig, sig: flipped }] };
    expectRefused(history, bad, 'signature_invalid', `${position(history)}/signatures`);
  });

  it('refuses an unsigned event (signature_missing)', () => {
    const history = acceptedHistory();
    const event = { ...history.next('start', PRODUCER, T0 + HOUR_MS), signatures: [] };
    expectRefused(history, event, 'signature_missing', `${position(history)}/signatures`);
  });

  it('refuses an acceptance after acceptBy (contract_expired) and the contract reads EXPIRED', () => {
    const history = new History();
    const terms = testTerms();
    history.add('propose', BUYER, T0, { terms });
    const late = history.next('accept', PRODUCER, T0 + HOUR_MS + 1, {
      terms: contractTermsId(terms),
    });
    expectRefused(history, late, 'contract_expired', `${position(history)}/at`, T0 + 2 * HOUR_MS);
    expect(unwrap(history.replay(T0 + HOUR_MS)).status).toBe('PROPOSED');
    expect(unwrap(history.replay(T0 + HOUR_MS + 1)).status).toBe('EXPIRED');
  });

  it('refuses a dispute after the challenge window (contract_challenge_window_closed)', () => {
    const history = verifiedHistory();
    const late = history.next('dispute', BUYER, VERIFIED_AT_MS + HOUR_MS, { proof: proofId('p1') });
    expectRefused(
      history,
      late,
      'contract_challenge_window_closed',
      `${position(history)}/at`,
      VERIFIED_AT_MS + HOUR_MS,
    );
    // One millisecond earlier it is still in time.
    const inTime = history.next('dispute', BUYER, VERIFIED_AT_MS + HOUR_MS - 1, {
      proof: proofId('p1'),
    });
    expect(unwrap(history.replayWith(inTime)).status).toBe('DISPUTED');
  });

  it('refuses an event with a wrong prev (contract_event_prev_mismatch)', () => {
    const history = acceptedHistory();
    const event = history.next('start', PRODUCER, T0 + HOUR_MS);
    const rechained = signAgain({ ...event, prev: history.events[1]!.id }, PRODUCER);
    expectRefused(history, rechained, 'contract_event_prev_mismatch', `${position(history)}/prev`);
  });

  it('refuses an event dated before the previous one (contract_event_out_of_order)', () => {
    const history = acceptedHistory();
    const event = history.next('start', PRODUCER, T0);
    expectRefused(history, event, 'contract_event_out_of_order', `${position(history)}/at`);
  });

  it('refuses a history that does not open with a proposal, and a second proposal', () => {
    const history = acceptedHistory();
    const start = history.events.slice(1) as unknown as JsonValue[];
    expect(replayContract(start)).toMatchObject({
      ok: false,
      error: { code: 'contract_event_out_of_order', path: '/0/type' },
    });
    const again = new History();
    again.add('propose', BUYER, T0 + 1, { terms: testTerms() });
    expectRefused(
      history,
      again.events[0]!,
      'contract_event_out_of_order',
      `${position(history)}/type`,
    );
  });

  it('refuses an event of another contract (contract_event_contract_mismatch)', () => {
    const history = acceptedHistory();
    const other = acceptedHistory(testTerms({ note: 'another' }));
    const event = signAgain(
      { ...history.next('start', PRODUCER, T0 + HOUR_MS), contract: other.contract },
      PRODUCER,
    );
    expectRefused(
      history,
      event,
      'contract_event_contract_mismatch',
      `${position(history)}/contract`,
    );
  });

  it('refuses an event changed after signing (contract_event_id_mismatch)', () => {
    const history = verifiedHistory();
    const event = history.next('dispute', BUYER, VERIFIED_AT_MS + MINUTE_MS, {
      proof: proofId('p1'),
    });
    const tampered = { ...event, reason: 'added later' };
    expectRefused(history, tampered, 'contract_event_id_mismatch', `${position(history)}/id`);
  });

  it('refuses an event that is not a contract event (contract_event_schema_invalid)', () => {
    const history = acceptedHistory();
    const event = history.next('start', PRODUCER, T0 + HOUR_MS);
    expectRefused(
      history,
      { ...event, type: 'finish' },
      'contract_event_schema_invalid',
      `${position(history)}/type`,
    );
    expectRefused(
      history,
      { ...event, extra: 1 },
      'contract_event_schema_invalid',
      `${position(history)}/extra`,
    );
  });

  it('refuses terms with no verifiers enough for k (contract_terms_invalid)', () => {
    const history = new History();
    const event = history.next('propose', BUYER, T0, {
      terms: testTerms({ thresholds: { pMin: 0.9, verifiersK: 4 } }),
    });
    expect(replayContract([event as unknown as JsonValue])).toMatchObject({
      ok: false,
      error: { code: 'contract_terms_invalid', path: '/0/terms/thresholds/verifiersK' },
    });
  });

  it('refuses splits that do not sum to 10 000 bps (contract_terms_invalid)', () => {
    const terms = testTerms();
    const event = new History().next('propose', BUYER, T0, {
      terms: { ...terms, splits: [{ ...terms.splits[0]!, bps: 9999 }] },
    });
    expect(replayContract([event as unknown as JsonValue])).toMatchObject({
      ok: false,
      error: { code: 'contract_terms_invalid' },
    });
  });

  it('refuses a transition the state machine has not got, naming from and to', () => {
    const history = new History();
    history.add('propose', BUYER, T0, { terms: testTerms() });
    const start = history.next('start', PRODUCER, T0 + 1);
    expectRefused(history, start, 'contract_transition_invalid', `${position(history)}/type`);
    expect(history.replayWith(start)).toMatchObject({
      error: { message: 'no transition from PROPOSED to IN_PROGRESS by start' },
    });
  });

  it('refuses a verification by a producer (contract_event_role_forbidden)', () => {
    const history = evidencedHistory([proofId('own')], '1');
    const self = history.next('verification', PRODUCER, T0 + 3 * HOUR_MS, {
      proof: proofId('own'),
      p: 1,
      passed: true,
    });
    expectRefused(history, self, 'contract_event_role_forbidden', `${position(history)}/by`);
  });

  it('refuses evidence after workBy (contract_work_overdue)', () => {
    const history = acceptedHistory();
    history.add('start', PRODUCER, T0 + HOUR_MS);
    const late = history.next('evidence', PRODUCER, T0 + 10 * HOUR_MS + 1, {
      milestone: 'main',
      proofs: [proofId('late')],
      quantity: '1',
    });
    expectRefused(history, late, 'contract_work_overdue', `${position(history)}/at`);
  });

  it('does not count a verification below pMin, even one that says passed', () => {
    const history = evidencedHistory([proofId('weak')], '5', true);
    history.add('verification', VERIFIER_A, T0 + 3 * HOUR_MS, {
      proof: proofId('weak'),
      p: 0.6,
      passed: true,
    });
    history.add('verification', VERIFIER_B, T0 + 3 * HOUR_MS + 1, {
      proof: proofId('weak'),
      p: 0.95,
      passed: true,
    });
    const one = unwrap(history.replay());
    expect(one.proofs[0]).toMatchObject({ status: 'pending' });
    expect(one.proofs[0]!.verdicts.map((v) => v.counted)).toEqual([false, true]);
    expect(one.status).toBe('VERIFYING');
    // The third verifier's low p makes two counted passes impossible: refused, nothing to pay.
    history.add('verification', VERIFIER_C, T0 + 3 * HOUR_MS + 2, {
      proof: proofId('weak'),
      p: 0.89,
      passed: true,
    });
    const refused = unwrap(history.replay(T0 + 6 * HOUR_MS));
    expect(refused.proofs[0]).toMatchObject({ status: 'refused' });
    expect(refused.status).toBe('SETTLING');
    expect(refused.effects).toEqual([]);
  });

  it('refuses a second verdict by one verifier (contract_verification_duplicate)', () => {
    const history = evidencedHistory([proofId('twice')], '5');
    history.add('verification', VERIFIER_A, T0 + 3 * HOUR_MS, {
      proof: proofId('twice'),
      p: 0.99,
      passed: true,
    });
    const again = history.next('verification', VERIFIER_A, T0 + 3 * HOUR_MS + 1, {
      proof: proofId('twice'),
      p: 0.99,
      passed: true,
    });
    expectRefused(history, again, 'contract_verification_duplicate', `${position(history)}/by`);
  });

  it('a resolve overturning a proof after its VCR was minted reverses that VCR only', () => {
    const history = evidencedHistory([proofId('honest')], '10');
    history.add('evidence', PRODUCER, T0 + 2 * HOUR_MS + 1, {
      milestone: 'main',
      proofs: [proofId('inflated')],
      quantity: '30',
      final: true,
    });
    for (const proof of [proofId('honest'), proofId('inflated')]) {
      history.add('verification', VERIFIER_A, T0 + 3 * HOUR_MS, { proof, p: 0.95, passed: true });
      history.add('verification', VERIFIER_B, T0 + 3 * HOUR_MS, { proof, p: 0.92, passed: true });
    }
    const mintedAtMs = T0 + 4 * HOUR_MS;
    const minted = unwrap(history.replay(mintedAtMs));
    expect(minted.status).toBe('SETTLING');
    const [honest, inflated] = minted.effects as MintVcrEffect[];
    expect(honest!.receipt).toMatchObject({
      proofs: [proofId('honest')],
      amount: { minor: '8000' },
    });
    expect(inflated!.receipt).toMatchObject({
      proofs: [proofId('inflated')],
      amount: { minor: '24000' },
    });
    expect(minted.milestones[0]!.amountMinor).toBe('32000');
    history.add('resolve', AUTHORITY, mintedAtMs + HOUR_MS, {
      proof: proofId('inflated'),
      outcome: 'overturned',
      reason: 'meter readings inflated',
    });
    const after = unwrap(history.replay());
    expect(after.effects.map((effect) => effect.type)).toEqual([
      'mint-vcr',
      'mint-vcr',
      'reverse-vcr',
    ]);
    expect(after.effects[2] as ReverseVcrEffect).toEqual({
      type: 'reverse-vcr',
      milestone: 'main',
      evidence: inflated!.evidence,
      receipt: inflated!.receipt.id,
      proof: proofId('inflated'),
      reason: 'meter readings inflated',
      dueAt: at(mintedAtMs + HOUR_MS),
    });
    expect(after.milestones[0]).toMatchObject({
      receipts: [honest!.receipt.id],
      amountMinor: '8000',
    });
    expect(after.proofs.find((proof) => proof.id === proofId('inflated'))!.status).toBe(
      'overturned',
    );
  });

  it('refuses a resolve by anyone but the dispute authority (contract_event_role_forbidden)', () => {
    const history = verifiedHistory();
    history.add('dispute', BUYER, VERIFIED_AT_MS + MINUTE_MS, { proof: proofId('p1') });
    const self = history.next('resolve', BUYER, VERIFIED_AT_MS + 2 * MINUTE_MS, {
      proof: proofId('p1'),
      outcome: 'overturned',
    });
    expectRefused(history, self, 'contract_event_role_forbidden', `${position(history)}/by`);
  });

  it('refuses an event dated after now beyond the skew (contract_event_from_future)', () => {
    const history = acceptedHistory();
    const event = history.next('start', PRODUCER, T0 + 2 * HOUR_MS);
    expectRefused(
      history,
      event,
      'contract_event_from_future',
      `${position(history)}/at`,
      T0 + HOUR_MS,
    );
  });
});

/** Re-signs an event after a field was changed, so only that field is wrong. */
function signAgain(event: object, signer: typeof PRODUCER): ContractEvent {
  const { id: _id, signatures: _signatures, ...fields } = event as ContractEvent;
  return signContractEvent(fields as unknown as ContractEventFields, signer);
}
