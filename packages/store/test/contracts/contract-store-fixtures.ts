/**
 * Signed contract events for the contract store tests: fixed keys per role, terms of the devnet
 * loop's kind, and a builder that chains each event onto the one before it.
 */
import {
  type ContractEvent,
  type ContractEventFields,
  type ContractTerms,
  contractTermsId,
  ed25519SignerFromSeed,
  formatTimestamp,
  type JsonValue,
  type Signer,
  signContractEvent,
} from '@mycel/kernel';
import type { ContractStore } from '../../src/contracts/contract-store.js';

function signer(label: string): Signer {
  const seed = new Uint8Array(32);
  seed.set(new TextEncoder().encode(label).subarray(0, 32));
  return ed25519SignerFromSeed(seed);
}

export const BUYER = signer('store contract buyer');
export const PRODUCER = signer('store contract producer');
export const VERIFIER = signer('store contract verifier');
export const AUTHORITY = signer('store contract authority');
export const OUTSIDER = signer('store contract outsider');
export const PARTIES = [BUYER, PRODUCER, VERIFIER, AUTHORITY];

export const T0 = Date.UTC(2026, 10, 2, 6, 0, 0);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export function storeTerms(note = 'store test'): ContractTerms {
  return {
    federation: 'in.solar',
    mip: 'mip-enr/generation-interval@1.0.0',
    parties: [
      { did: BUYER.key.did, role: 'buyer' },
      { did: PRODUCER.key.did, role: 'producer' },
      { did: VERIFIER.key.did, role: 'verifier' },
      { did: AUTHORITY.key.did, role: 'authority' },
    ],
    price: { minor: '750', currency: 'INR', unit: 'kWh' },
    thresholds: { pMin: 0.9, verifiersK: 1 },
    disputeAuthority: AUTHORITY.key.did,
    acceptBy: formatTimestamp(T0 + HOUR_MS),
    workBy: formatTimestamp(T0 + 10 * HOUR_MS),
    challengeWindowMs: HOUR_MS,
    settleBy: formatTimestamp(T0 + 24 * HOUR_MS),
    splits: [{ party: PRODUCER.key.did, role: 'owner', bps: 10_000 }],
    note,
  };
}

/** Builds a chain of signed events; `events` holds them as JSON for the store. */
export class Chain {
  readonly events: ContractEvent[] = [];

  constructor(readonly terms: ContractTerms = storeTerms()) {}

  get contract(): string {
    return this.events[0]!.id;
  }

  next(type: string, by: Signer, atMs: number, payload: Record<string, unknown> = {}): JsonValue {
    const chain =
      this.events.length === 0 ? {} : { contract: this.contract, prev: this.events.at(-1)!.id };
    const fields = { type, ...chain, at: formatTimestamp(atMs), by: by.key.did, ...payload };
    return signContractEvent(fields as unknown as ContractEventFields, by) as unknown as JsonValue;
  }

  add(type: string, by: Signer, atMs: number, payload: Record<string, unknown> = {}): JsonValue {
    const event = this.next(type, by, atMs, payload);
    this.events.push(event as unknown as ContractEvent);
    return event;
  }

  propose(atMs = T0): JsonValue {
    return this.add('propose', BUYER, atMs, { terms: this.terms });
  }

  accept(party: Signer, atMs: number): JsonValue {
    return this.add('accept', party, atMs, { terms: contractTermsId(this.terms) });
  }
}

/** Appends and insists it was appended. */
export async function appendAll(
  store: ContractStore,
  events: readonly JsonValue[],
  nowMs: number,
): Promise<void> {
  for (const event of events) {
    const result = await store.appendEvent(event, nowMs);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  }
}

export interface ContractStoreHarness {
  freshLocation(): Promise<string>;
  open(location: string): Promise<ContractStore>;
  cleanup(): Promise<void>;
}
