/**
 * Small parts both agriculture MIPs share: reading an evidence document against its TypeBox
 * schema (a mismatch is a coded refusal), checking a claim against its schema for the kernel
 * catalog, a pool of did:key parties for the synthetic cases, and packing a generated case.
 */
import {
  buildProof,
  type Claim,
  ed25519SignerFromSeed,
  formatTimestamp,
  type JsonValue,
  type Proof,
  parseTimestamp,
} from '@mycel/kernel';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry } from '../mechanism/verify-reality.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';

/** A compiled schema check returning the first mismatch as `path message`, or undefined. */
export function schemaChecker(schema: TSchema): (value: unknown) => string | undefined {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return undefined;
    const first = compiled.Errors(value).First();
    return `${first?.path || '/'} ${first?.message ?? 'does not match the schema'}`;
  };
}

/** The evidence of `role`, typed, or agriculture_evidence_invalid. */
export function readEvidence<S extends TSchema>(
  evidence: ReadonlyMap<string, JsonValue>,
  role: string,
  check: (value: unknown) => string | undefined,
): MipsResult<Static<S>> {
  const value = evidence.get(role);
  const reason = check(value);
  if (reason !== undefined) {
    return mipsFail('agriculture_evidence_invalid', `${role}: ${reason}`, `/evidence/${role}`);
  }
  return { ok: true, value: value as Static<S> };
}

/** did:key parties for synthetic cases (farms, carriers, warehouses), fixed seeds. */
export const AGRICULTURE_PARTIES: readonly string[] = Array.from(
  { length: 10 },
  (_, i) => ed25519SignerFromSeed(new Uint8Array(32).fill(60 + i)).key.did,
);

export interface CaseParts {
  readonly mip: string;
  readonly label: string;
  readonly truth: boolean;
  readonly claim: Claim;
  readonly issuer: string;
  readonly capturedAtMs: number;
  readonly nowMs: number;
  /** Evidence documents by media type. */
  readonly documents: ReadonlyArray<readonly [string, JsonValue]>;
}

/** A generated case: the proof names each document's digest; the bytes travel beside it. */
export function packCase(parts: CaseParts): GeneratedCase {
  const evidence = parts.documents.map(([mediaType, doc]) => ({
    mediaType,
    bytes: evidenceBytes(doc),
  }));
  const proof: Proof = buildProof({
    mip: parts.mip,
    federation: 'devnet',
    claim: parts.claim,
    attestation: { issuer: parts.issuer, capturedAt: formatTimestamp(parts.capturedAtMs) },
    evidence: evidence.map((e) => evidenceEntry(e.mediaType, e.bytes, 'vault:producer')),
    issuedAt: formatTimestamp(parts.capturedAtMs),
  });
  return {
    label: parts.label,
    truth: parts.truth,
    proof,
    evidence,
    context: { nowMs: parts.nowMs },
  };
}

/** Milliseconds of an RFC 3339 stamp that has already passed its schema. */
export function msOf(stamp: string): number {
  const ms = parseTimestamp(stamp);
  if (ms === undefined) throw new Error(`assertion failed: ${stamp} passed the schema`);
  return ms;
}
