/**
 * Property tests (fast-check): random histories of evidence, verdicts, disputes, resolutions and
 * settlements, each event kept only when replay accepts it. For every prefix and several times
 * `now`: a VCR is never minted unless the contract reached VERIFIED and its challenge window
 * passed; every minted receipt passes the kernel's receipt check and its splits sum exactly to
 * its amount (K7); the amount never exceeds price × the quantity claimed. 60 + 80 histories
 * (each replays every prefix, verifying every signature, so a history costs tens of ms).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReceipt } from '../invariants/k7-receipt.js';
import { splitAmount } from '../invariants/k7-split-amount.js';
import type { JsonValue } from '../json/strict-json.js';
import { parseTimestamp } from '../time.js';
import { replayContract } from './contract-replay.js';
import type { ContractState, MintVcrEffect } from './contract-state.js';
import {
  AUTHORITY,
  acceptedHistory,
  BUYER,
  HOUR_MS,
  PRODUCER,
  proofId,
  T0,
  testTerms,
  unwrap,
  VERIFIER_A,
  VERIFIER_B,
  VERIFIER_C,
} from './contract-test-support.js';

const VERIFIERS = [VERIFIER_A, VERIFIER_B, VERIFIER_C];
const ACTORS = [...VERIFIERS, BUYER, AUTHORITY, PRODUCER];
const PROOFS = [0, 1, 2].map((index) => proofId(`random-${index}`));
const QUANTITIES = ['0.5', '1', '2.25', '10', '1234.567891'];

const actionArbitrary = fc.record({
  kind: fc.constantFrom(
    'evidence',
    'evidence',
    'verification',
    'verification',
    'verification',
    'verification',
    'dispute',
    'resolve',
    'settle',
  ),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  proof: fc.nat({ max: PROOFS.length - 1 }),
  second: fc.option(fc.nat({ max: PROOFS.length - 1 }), { freq: 3 }),
  quantity: fc.constantFrom(...QUANTITIES),
  final: fc.boolean(),
  // Mostly passing verdicts above pMin (0.9), so histories reach VERIFIED; some below, some failed.
  p: fc.oneof(
    { arbitrary: fc.constantFrom(0.95, 0.99, 0.9), weight: 4 },
    { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
  ),
  passed: fc.constantFrom(true, true, true, true, false),
  upheld: fc.boolean(),
  gapMs: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 20 * 60_000 }), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 4 * HOUR_MS }), weight: 1 },
  ),
});

type Action = typeof actionArbitrary extends fc.Arbitrary<infer A> ? A : never;

function payloadOf(action: Action): Record<string, unknown> {
  const proof = PROOFS[action.proof]!;
  switch (action.kind) {
    case 'evidence':
      return {
        milestone: 'main',
        proofs: [...new Set([proof, PROOFS[action.second ?? action.proof]!])],
        quantity: action.quantity,
        ...(action.final ? { final: true } : {}),
      };
    case 'verification':
      return { proof, p: action.p, passed: action.passed };
    case 'dispute':
      return { proof };
    case 'resolve':
      return { proof, outcome: action.upheld ? 'upheld' : 'overturned' };
    default:
      return {};
  }
}

function build(actions: readonly Action[]) {
  const history = acceptedHistory(testTerms({ challengeWindowMs: 2 * HOUR_MS }));
  let atMs = T0 + HOUR_MS;
  history.add('start', PRODUCER, atMs);
  for (const action of actions) {
    atMs += action.gapMs;
    const actor =
      action.kind === 'evidence'
        ? PRODUCER
        : action.kind === 'verification'
          ? VERIFIERS[action.actor % VERIFIERS.length]!
          : action.kind === 'resolve' && action.actor % 2 === 0
            ? AUTHORITY
            : ACTORS[action.actor]!;
    const event = history.next(action.kind, actor, atMs, payloadOf(action));
    if (history.replayWith(event, atMs).ok) history.events.push(event);
  }
  return history;
}

function checkMints(state: ContractState, nowMs: number, priceMinor: bigint): void {
  const mints = state.effects.filter((e): e is MintVcrEffect => e.type === 'mint-vcr');
  if (mints.length === 0) return;
  expect(['SETTLING', 'SETTLED']).toContain(state.status);
  const windowEndMs = parseTimestamp(state.windowEndsAt!)!;
  expect(windowEndMs).toBeLessThanOrEqual(nowMs);
  expect(parseTimestamp(state.verifiedAt!)!).toBeLessThanOrEqual(nowMs);
  const claimed = state.evidence.reduce((sum, e) => sum + Number(e.quantity), 0);
  // What stands (mints less reversals) is exactly what the milestones say they pay.
  let standing = 0n;
  for (const effect of state.effects) {
    if (effect.type === 'mint-vcr') standing += BigInt(effect.receipt.amount.minor);
    else {
      const minted = mints.find((mint) => mint.receipt.id === effect.receipt)!;
      standing -= BigInt(minted.receipt.amount.minor);
    }
  }
  expect(standing).toBe(BigInt(state.amount!.minor));
  for (const mint of mints) {
    expect(parseTimestamp(mint.dueAt)!).toBeGreaterThanOrEqual(windowEndMs);
    expect(parseTimestamp(mint.dueAt)!).toBeLessThanOrEqual(nowMs);
    const receipt = unwrap(checkReceipt(mint.receipt as unknown as JsonValue));
    const total = BigInt(receipt.amount.minor);
    const parts = unwrap(splitAmount(total, receipt.splits));
    expect(parts.reduce((sum, part) => sum + part.amount, 0n)).toBe(total);
    expect(Number(total)).toBeLessThanOrEqual(Number(priceMinor) * claimed + 1);
  }
}

describe('contract properties', () => {
  it('no prefix mints before VERIFIED and a passed window; minted amounts conserve', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { minLength: 1, maxLength: 18 }), (actions) => {
        const history = build(actions);
        const events = history.events as unknown as JsonValue[];
        // The first 8 events propose and accept: nothing can be minted before work starts.
        for (let length = 8; length <= events.length; length++) {
          const prefix = events.slice(0, length);
          const lastMs = parseTimestamp(history.events[length - 1]!.at)!;
          for (const nowMs of [lastMs, lastMs + 30 * HOUR_MS]) {
            const state = unwrap(replayContract(prefix, nowMs));
            checkMints(state, nowMs, 800n);
            if (state.windowEndsAt !== undefined) {
              const before = parseTimestamp(state.windowEndsAt)! - 1;
              if (before >= lastMs) {
                const early = unwrap(replayContract(prefix, before));
                expect(early.effects.filter((e) => e.type === 'mint-vcr')).toEqual([]);
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every reverse-vcr names a receipt minted before it', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { minLength: 1, maxLength: 18 }), (actions) => {
        const history = build(actions);
        const state = unwrap(history.replay(T0 + 60 * HOUR_MS));
        const minted = new Set<string>();
        for (const effect of state.effects) {
          if (effect.type === 'mint-vcr') minted.add(effect.receipt.id);
          else expect(minted.has(effect.receipt)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('the random histories do reach mints (the properties above are not vacuous)', () => {
    const samples = fc.sample(fc.array(actionArbitrary, { minLength: 8, maxLength: 18 }), {
      numRuns: 60,
      seed: 8,
    });
    const minting = samples.filter((actions) =>
      unwrap(build(actions).replay(T0 + 60 * HOUR_MS)).effects.some((e) => e.type === 'mint-vcr'),
    );
    expect(minting.length).toBeGreaterThanOrEqual(3);
  });
});
