/**
 * What the NodeCo store conformance suite is built from: the harness a driver's test file
 * provides, and documents shaped like the kernel's NodeCo records and share transfers (the store
 * does not read them, but realistic documents keep the suite honest about what it carries).
 */
import type { JsonValue } from '@mycel/kernel';
import type {
  AppendShareTransfer,
  NodeCoStore,
  SaveNodeCoRecord,
} from '../src/nodeco/nodeco-store.js';

export interface NodeCoStoreHarness {
  /** A new, empty location (a SQLite file, a PostgreSQL database). */
  freshLocation(): Promise<string>;
  open(location: string): Promise<NodeCoStore>;
  cleanup(): Promise<void>;
}

/** A fresh, empty store of the driver under test, closed after the suite. */
export type FreshNodeCoStore = () => Promise<{ store: NodeCoStore; location: string }>;

/** Far beyond 2^53: shares are decimal strings so they survive any JSON reader exactly. */
export const HUGE_SHARES = '123456789012345678901234567890123456';

export function testNodeCoRecord(node: string, extra: Record<string, JsonValue> = {}): JsonValue {
  // Members deliberately out of canonical order: the store keeps values, not spelling.
  return {
    v: 1,
    kind: 'nodeco',
    id: recordIdOf(node),
    node,
    federation: 'madurai',
    operator: 'did:key:z6MkOperator',
    protocol: 'did:key:z6MkProtocol',
    policy: { owners: 7000, operator: 2000, protocol: 1000 },
    owners: [
      {
        party: 'did:key:z6MkOwnerA',
        shares: HUGE_SHARES,
        payTo: { rail: 'upi', address: 'a@upi' },
      },
      { party: 'did:key:z6MkOwnerB', shares: '1' },
    ],
    effectiveAt: '2025-01-01T00:00:00Z',
    signatures: [{ by: node, alg: 'ed25519', sig: 'c2lnbmF0dXJl' }],
    ...extra,
  };
}

export function recordIdOf(node: string): string {
  return `nodeco:${node}`;
}

export function recordInput(
  node: string,
  fields: Partial<SaveNodeCoRecord> = {},
): SaveNodeCoRecord {
  return {
    node,
    recordId: recordIdOf(node),
    record: testNodeCoRecord(node),
    atMs: 1_700_000_000_000,
    ...fields,
  };
}

export function testShareTransfer(node: string, label: string, shares = '7'): JsonValue {
  return {
    v: 1,
    kind: 'share-transfer',
    id: transferIdOf(node, label),
    nodeco: recordIdOf(node),
    node,
    from: 'did:key:z6MkOwnerA',
    to: `did:key:z6MkOwner${label}`,
    shares,
    effectiveAt: '2025-02-01T00:00:00Z',
    signatures: [{ by: 'did:key:z6MkOwnerA', alg: 'ed25519', sig: 'c2ln' }],
  };
}

export function transferIdOf(node: string, label: string): string {
  return `share-transfer:${node}:${label}`;
}

export function transferInput(
  node: string,
  label: string,
  expectedCount: number,
  fields: Partial<AppendShareTransfer> = {},
): AppendShareTransfer {
  return {
    node,
    id: transferIdOf(node, label),
    transfer: testShareTransfer(node, label),
    expectedCount,
    atMs: 1_700_000_100_000 + expectedCount,
    ...fields,
  };
}
