/**
 * Fixed keys, times and envelopes for the proof/ vectors. Everything is deterministic: keys come
 * from constant seeds, times are constants, and Ed25519 signatures are deterministic (RFC 8032).
 */
import {
  buildProof,
  canonicalJson,
  ed25519SignerFromSeed,
  type JsonValue,
  type Proof,
  type ProofFields,
  type Signer,
  signProof,
} from '../../src/index.js';
import type { ProofVectorInput } from './proof-harness.js';

export const NOW = '2026-11-28T08:00:00Z';
/** The verifier clock of every proof vector, in milliseconds since the epoch. */
export const NOW_MS = Date.parse(NOW);

function seed(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

/** The issuer: seed 0x01 repeated, the key the task names. */
export const ISSUER = ed25519SignerFromSeed(seed(1));
/** A key that is nobody's identity key in these vectors. */
export const STRANGER = ed25519SignerFromSeed(seed(2));
/** The key the issuer rotates to, signing for the issuer's identity. */
export const ROTATED_IN = ed25519SignerFromSeed(seed(3), ISSUER.key.did);
/** A verifier attaching results (K4). */
export const VERIFIER = ed25519SignerFromSeed(seed(4));
/** A measuring device. */
export const DEVICE = ed25519SignerFromSeed(seed(5));

export const ISSUED_AT = '2026-11-28T07:31:53Z';

export function baseFields(overrides: Partial<ProofFields> = {}): ProofFields {
  return {
    mip: 'mip-energy/generation-interval@1.0.0',
    federation: 'example-grid',
    claim: {
      subject: 'Alpha-meter-7',
      predicate: 'energy.generated',
      value: 1,
      unit: 'kWh',
      window: { start: '2026-11-28T07:00:00Z', end: '2026-11-28T07:30:00Z' },
    },
    attestation: { issuer: ISSUER.key.did, capturedAt: '2026-11-28T07:30:05Z' },
    evidence: [
      {
        digest: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        mediaType: 'application/json',
        vault: 'vault-alpha',
        disclosure: 'private',
      },
    ],
    refs: { session: 'session-42' },
    issuedAt: ISSUED_AT,
    expiresAt: '2027-11-28T00:00:00Z',
    ...overrides,
  };
}

/** Builds the envelope and signs it with each signer in turn. */
export function signedProof(fields: ProofFields, signers: readonly Signer[] = [ISSUER]): Proof {
  let proof = buildProof(fields);
  for (const signer of signers) {
    const signed = signProof(proof, signer);
    if (!signed.ok) throw new Error(`signProof failed: ${signed.error.message}`);
    proof = signed.value;
  }
  return proof;
}

export function proofText(proof: Proof | JsonValue): string {
  return canonicalJson(proof as JsonValue);
}

/**
 * A deliberately non-canonical serialisation of the same JSON value: members in reverse order,
 * tabs and newlines, integers written with a `.0`, every `A` as `\u0041` and every `/` as `\/`.
 * A strict reader must see exactly the same value, so the id must not change (K2).
 */
export function looseJson(value: JsonValue, indent = ''): string {
  const inner = `${indent}\t`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[\n${value.map((item) => inner + looseJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).reverse();
    if (keys.length === 0) return '{ }';
    const members = keys.map(
      (key) => `${inner}${looseString(key)} :  ${looseJson(value[key]!, inner)}`,
    );
    return `{\n${members.join(' ,\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return looseString(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21)
    return `${value}.0`;
  return JSON.stringify(value);
}

function looseString(text: string): string {
  return JSON.stringify(text).replaceAll('A', '\\u0041').replaceAll('/', '\\/');
}

/** A copy of a JSON object with one member replaced (or removed when `value` is undefined). */
export function withMember(
  object: Proof | JsonValue,
  key: string,
  value: JsonValue | undefined,
): JsonValue {
  const copy: { [key: string]: JsonValue } = { ...(object as { [key: string]: JsonValue }) };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

export interface ProofCase {
  readonly name: string;
  /** The rule the case breaks (or shows holding), for the vector description. */
  readonly rule: string;
  readonly input: ProofVectorInput;
  /** The intended verdict: the id of a valid envelope, or the error code of the broken rule. */
  readonly expected:
    | { readonly ok: true; readonly id: string }
    | { readonly ok: false; readonly code: string };
}

export function textCase(name: string, rule: string, proof: string, code: string): ProofCase {
  return { name, rule, input: { nowMs: NOW_MS, proof }, expected: { ok: false, code } };
}
