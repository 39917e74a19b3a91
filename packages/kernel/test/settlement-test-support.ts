/**
 * Keys, records and helpers shared by the settlement tests (imported only by *.test.ts files).
 * Every key comes from a fixed seed, so ids and signatures are the same on every run.
 */
import { withSignature } from '../src/crypto/signed-object.js';
import { ed25519SignerFromSeed, type Signer } from '../src/crypto/signer.js';
import type { JsonValue } from '../src/json/strict-json.js';
import type { Result } from '../src/result.js';
import { buildNodeCo, type NodeCoFields } from '../src/settlement/nodeco.js';
import type { NodeCo } from '../src/settlement/nodeco-schema.js';
import { buildShareTransfer, type ShareTransferFields } from '../src/settlement/share-transfer.js';
import type { ShareTransfer } from '../src/settlement/share-transfer-schema.js';

export function signerNumber(n: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(n));
}

export const NODE = signerNumber(101);
export const OPERATOR = signerNumber(102);
export const PROTOCOL = signerNumber(103);
export const CLIENT = signerNumber(104);
export const ASHA = signerNumber(111);
export const BELA = signerNumber(112);
export const CHEN = signerNumber(113);
export const STRANGER = signerNumber(119);

export const RECORD_AT = '2026-12-01T00:00:00Z';
export const RECORD_MS = Date.parse(RECORD_AT);
export const HOUR_MS = 60 * 60 * 1000;

export function nodeCoFields(overrides: Partial<NodeCoFields> = {}): NodeCoFields {
  return {
    federation: 'devnet',
    node: NODE.key.did,
    operator: OPERATOR.key.did,
    protocol: PROTOCOL.key.did,
    owners: [
      { party: CHEN.key.did, shares: '20' },
      { party: ASHA.key.did, shares: '50', payTo: { rail: 'upi', address: 'asha@upi' } },
      { party: BELA.key.did, shares: '30' },
    ],
    effectiveAt: RECORD_AT,
    ...overrides,
  };
}

/** A record built from `fields` and signed by the node. */
export function signedNodeCo(overrides: Partial<NodeCoFields> = {}): NodeCo {
  return withSignature(buildNodeCo(nodeCoFields(overrides)), 'nodeco', NODE);
}

/** A transfer of `record`'s shares, signed by `signer` (the giver unless told otherwise). */
export function signedTransfer(
  record: NodeCo,
  from: Signer,
  to: Signer,
  shares: string,
  effectiveAt: string,
  signer: Signer = from,
): ShareTransfer {
  const fields: ShareTransferFields = {
    nodeco: record.id,
    node: record.node,
    from: from.key.did,
    to: to.key.did,
    shares,
    effectiveAt,
  };
  return withSignature(buildShareTransfer(fields), 'share-transfer', signer);
}

export function asJson(value: unknown): JsonValue {
  return value as JsonValue;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function atHour(hours: number): string {
  return new Date(RECORD_MS + hours * HOUR_MS).toISOString();
}
