/**
 * Signed proofs for the CLI and service tests, built in-process with the kernel. Times are relative
 * to the real clock, because the log service verifies against Date.now().
 */
import {
  buildProof,
  canonicalBytes,
  ed25519SignerFromSeed,
  formatTimestamp,
  fromBase64Url,
  type Hash,
  hashLeaf,
  type JsonValue,
  type Proof,
  type Signer,
  signProof,
  toBase64Url,
} from '@mycel/kernel';

export const HOUR_MS = 3_600_000;

export function seededSigner(seed: number, identity?: string): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed), identity);
}

/** A protocol timestamp `ms` before now, whole seconds. */
export function timestampAgo(ms: number): string {
  return formatTimestamp(Math.floor((Date.now() - ms) / 1000) * 1000);
}

export interface SampleProofFields {
  /** Makes the proof (and so its id) distinct. */
  readonly value: number;
  readonly mip?: string;
  readonly issuedAt?: string;
  readonly issuer?: string;
}

/** An unsigned envelope with a correct id. */
export function unsignedProof(fields: SampleProofFields): Proof {
  const issuedAt = fields.issuedAt ?? timestampAgo(60_000);
  return buildProof({
    mip: fields.mip ?? 'mip-energy/generation-interval@1.0.0',
    federation: 'devnet',
    claim: {
      subject: 'meter:test-roof',
      predicate: 'exported-energy',
      value: fields.value,
      unit: 'Wh',
    },
    attestation: { issuer: fields.issuer ?? 'did:key:unset', capturedAt: issuedAt },
    issuedAt,
  });
}

/** A proof issued and signed by `signer`. */
export function signedProof(signer: Signer, fields: SampleProofFields): Proof {
  const proof = unsignedProof({ ...fields, issuer: signer.key.did });
  const signed = signProof(proof, signer);
  if (!signed.ok) throw new Error(`assertion failed: cannot sign: ${signed.error.code}`);
  return signed.value;
}

/** The same proof with one bit of its first signature flipped (still 64 bytes of base64url). */
export function withFlippedSignature(proof: Proof): Proof {
  const [first, ...rest] = proof.signatures;
  if (first === undefined) throw new Error('assertion failed: the proof is not signed');
  const signature = fromBase64Url(first.sig)!;
  signature[10]! ^= 0x01;
  return { ...proof, signatures: [{ ...first, sig: toBase64Url(signature) }, ...rest] };
}

/** Pretty JSON, as `mycel proof sign` writes it. */
export function proofText(proof: unknown): string {
  return `${JSON.stringify(proof, null, 2)}\n`;
}

/** RFC 6962 leaf hash of a proof as the log stores it: its RFC 8785 canonical bytes. */
export function leafHashOf(proof: unknown): Hash {
  return hashLeaf(canonicalBytes(proof as JsonValue));
}
