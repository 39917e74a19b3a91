/**
 * Test support for contract tests (not exported from the kernel index): fixed keys for each
 * role, terms of the devnet loop's kind (a buyer paying a microgrid producer per kWh), and a
 * history builder that signs each event and chains it onto the last one.
 */
import { contentId } from '../crypto/content-id.js';
import { ed25519SignerFromSeed, type Signer } from '../crypto/signer.js';
import type { JsonValue } from '../json/strict-json.js';
import type { Result } from '../result.js';
import { formatTimestamp } from '../time.js';
import { type ContractEventFields, signContractEvent } from './contract-event.js';
import type { ContractEvent } from './contract-event-schema.js';
import { replayContract } from './contract-replay.js';
import type { ContractState } from './contract-state.js';
import { contractTermsId } from './contract-terms.js';
import type { ContractTerms } from './contract-terms-schema.js';

function signer(label: string): Signer {
  const seed = new Uint8Array(32);
  seed.set(new TextEncoder().encode(label).subarray(0, 32));
  return ed25519SignerFromSeed(seed);
}

export const BUYER = signer('contract buyer');
export const PRODUCER = signer('contract producer');
export const VERIFIER_A = signer('contract verifier a');
export const VERIFIER_B = signer('contract verifier b');
export const VERIFIER_C = signer('contract verifier c');
export const AUTHORITY = signer('contract authority');
export const OUTSIDER = signer('contract outsider');
export const PROTOCOL = signer('contract protocol');

export const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const at = (ms: number): string => formatTimestamp(ms);

/** Terms: 800 paise per kWh, pMin 0.9, 2 of 3 verifiers, a one-hour challenge window. */
export function testTerms(overrides: Partial<ContractTerms> = {}): ContractTerms {
  return {
    federation: 'in.solar',
    mip: 'mip-enr/generation-interval@1.0.0',
    parties: [
      { did: BUYER.key.did, role: 'buyer' },
      { did: PRODUCER.key.did, role: 'producer' },
      { did: VERIFIER_A.key.did, role: 'verifier' },
      { did: VERIFIER_B.key.did, role: 'verifier' },
      { did: VERIFIER_C.key.did, role: 'verifier' },
      { did: AUTHORITY.key.did, role: 'authority' },
    ],
    price: { minor: '800', currency: 'INR', unit: 'kWh' },
    thresholds: { pMin: 0.9, verifiersK: 2 },
    disputeAuthority: AUTHORITY.key.did,
    acceptBy: at(T0 + HOUR_MS),
    workBy: at(T0 + 10 * HOUR_MS),
    challengeWindowMs: HOUR_MS,
    settleBy: at(T0 + 24 * HOUR_MS),
    splits: [
      { party: PRODUCER.key.did, role: 'owner', bps: 9000 },
      { party: PROTOCOL.key.did, role: 'protocol', bps: 1000 },
    ],
    ...overrides,
  };
}

export const ALL_PARTIES = [BUYER, PRODUCER, VERIFIER_A, VERIFIER_B, VERIFIER_C, AUTHORITY];

/** A proof id for tests: the content id of a label. */
export function proofId(label: string): string {
  return contentId({ proof: label });
}

type Payload = Record<string, unknown>;

/** A growing, correctly chained, signed history. */
export class History {
  readonly events: ContractEvent[] = [];

  get contract(): string {
    return this.events[0]!.id;
  }

  get head(): string {
    return this.events.at(-1)!.id;
  }

  /** The event that would come next (not appended), for bad-input tests. */
  next(type: string, by: Signer, atMs: number, payload: Payload = {}): ContractEvent {
    const chain = this.events.length === 0 ? {} : { contract: this.contract, prev: this.head };
    const fields = { type, ...chain, at: at(atMs), by: by.key.did, ...payload };
    return signContractEvent(fields as unknown as ContractEventFields, by);
  }

  add(type: string, by: Signer, atMs: number, payload: Payload = {}): ContractEvent {
    const event = this.next(type, by, atMs, payload);
    this.events.push(event);
    return event;
  }

  replay(nowMs?: number): Result<ContractState> {
    return replayContract(this.events as unknown as JsonValue[], nowMs);
  }

  /** Replays with one more event and returns the result (the history is unchanged). */
  replayWith(event: ContractEvent, nowMs?: number): Result<ContractState> {
    return replayContract([...this.events, event] as unknown as JsonValue[], nowMs);
  }
}

/** Proposed by the buyer at T0 and accepted by every party, one minute apart. */
export function acceptedHistory(terms: ContractTerms = testTerms()): History {
  const history = new History();
  history.add('propose', BUYER, T0, { terms });
  const termsId = contractTermsId(terms);
  ALL_PARTIES.forEach((party, index) => {
    history.add('accept', party, T0 + (index + 1) * MINUTE_MS, { terms: termsId });
  });
  return history;
}

/** Accepted, started at T0 + 1 h, and one evidence event of `quantity` over `proofs` at T0 + 2 h. */
export function evidencedHistory(
  proofs: readonly string[],
  quantity: string,
  final = false,
  terms: ContractTerms = testTerms(),
): History {
  const history = acceptedHistory(terms);
  history.add('start', PRODUCER, T0 + HOUR_MS);
  history.add('evidence', PRODUCER, T0 + 2 * HOUR_MS, {
    milestone: 'main',
    proofs,
    quantity,
    ...(final ? { final: true } : {}),
  });
  return history;
}

/**
 * Accepted, started, one evidence event (final) of `quantity` over `proofs`, and each proof
 * passed by verifiers A and B with p = 0.95. Verified at T0 + 2 h + 10 min.
 */
export function verifiedHistory(
  proofs: readonly string[] = [proofId('p1')],
  quantity = '12.5',
  terms: ContractTerms = testTerms(),
): History {
  const history = evidencedHistory(proofs, quantity, true, terms);
  for (const [verifier, minutes] of [
    [VERIFIER_A, 5],
    [VERIFIER_B, 10],
  ] as const) {
    for (const proof of proofs) {
      history.add('verification', verifier, T0 + 2 * HOUR_MS + minutes * MINUTE_MS, {
        proof,
        p: 0.95,
        passed: true,
      });
    }
  }
  return history;
}

export const VERIFIED_AT_MS = T0 + 2 * HOUR_MS + 10 * MINUTE_MS;

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`${result.error.code}: ${result.error.message} ${result.error.path ?? ''}`);
  return result.value;
}
