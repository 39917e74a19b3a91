/**
 * How a proof/ vector is run: build a TrustStore from the vector's trust documents (in order),
 * then `new ProofVerifier({ trust }).verifyBytes(bytes, nowMs)`. Shared by the generator (which
 * refuses to write a vector whose verdict is not the intended one) and the tests.
 */
import {
  fromHex,
  type JsonValue,
  ProofVerifier,
  parseStrictJson,
  type TrustAnchor,
  TrustStore,
  utf8,
} from '../../src/index.js';

export interface ProofVectorInput {
  readonly nowMs: number;
  /** The envelope as exact JSON text. */
  readonly proof?: string;
  /** The envelope as bytes in hex, for byte-level cases (invalid UTF-8) text cannot carry. */
  readonly proofHex?: string;
  readonly trust?: {
    readonly anchors?: readonly TrustAnchor[];
    /** Identity documents, key rotations and revocation lists as JSON text, added in order. */
    readonly documents?: readonly string[];
  };
}

export type ProofVerdict =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly code: string };

export function proofBytes(input: ProofVectorInput): Uint8Array {
  if (input.proof !== undefined) return utf8(input.proof);
  const bytes = input.proofHex === undefined ? undefined : fromHex(input.proofHex);
  if (bytes === undefined) throw new Error('a proof vector carries `proof` text or `proofHex`');
  return bytes;
}

/** The trust store a vector describes; every document must be accepted. */
export function trustStoreFor(input: ProofVectorInput): TrustStore {
  const trust = new TrustStore(input.trust?.anchors ?? []);
  for (const text of input.trust?.documents ?? []) {
    const parsed = parseStrictJson(text);
    if (!parsed.ok) throw new Error(`trust document is not JSON: ${parsed.error.message}`);
    const document = parsed.value as { [key: string]: JsonValue };
    const added =
      document.kind === 'identity'
        ? trust.addIdentity(document)
        : document.kind === 'key-rotation'
          ? trust.addRotation(document)
          : trust.addRevocationList(document);
    if (!added.ok)
      throw new Error(`trust document refused: ${added.error.code} ${added.error.message}`);
  }
  return trust;
}

export function runProofVector(input: ProofVectorInput): ProofVerdict {
  const verifier = new ProofVerifier({ trust: trustStoreFor(input) });
  const result = verifier.verifyBytes(proofBytes(input), input.nowMs);
  return result.ok ? { ok: true, id: result.value.id } : { ok: false, code: result.error.code };
}
