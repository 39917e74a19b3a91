/**
 * The signed MIP-ENR generation-interval proof of one interval (pure): the claim, the evidence
 * entries the vault returned (digests only, never bytes: K3), attested and signed by the device's
 * own key. The device signs the content id, which covers every evidence digest, so the signature
 * reaches every register word, meter read and irradiance sample the documents hold.
 */
import {
  buildProof,
  type Evidence,
  formatTimestamp,
  type Proof,
  type Signer,
  signProof,
} from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import { type GatewayResult, gatewayFail } from './gateway-error-codes.js';
import type { IntervalEvidence } from './interval-evidence.js';

export interface IntervalProofInput {
  readonly evidence: IntervalEvidence;
  /** The vault's entries for evidence.pieces, in the same order. */
  readonly entries: readonly Evidence[];
  readonly federation: string;
  /** The device's key: its did is the attestation's issuer and device. */
  readonly device: Signer;
  readonly issuedAtMs: number;
  /** A contract the interval is delivered under, when there is one. */
  readonly contract?: string;
}

export function buildIntervalProof(input: IntervalProofInput): GatewayResult<Proof> {
  const { claim } = input.evidence;
  const unsigned = buildProof({
    mip: ENERGY_GENERATION_MIP,
    federation: input.federation,
    claim: claim as unknown as Proof['claim'],
    // The device is the issuer: its own key signs. `attestation.device` would also name it, but
    // the integrity plane then wants the device's identity document from a trust anchor.
    attestation: { issuer: input.device.key.did, capturedAt: claim.window.end },
    evidence: [...input.entries],
    refs: input.contract !== undefined ? { contract: input.contract } : {},
    issuedAt: formatTimestamp(input.issuedAtMs),
  });
  const signed = signProof(unsigned, input.device);
  if (!signed.ok) return gatewayFail('gateway_proof_invalid', signed.error.message);
  return { ok: true, value: signed.value };
}
