/**
 * One interval end to end (the gateway's shell around its pure core): readings → evidence
 * documents → bytes into the evidence vault → proof signed by the device → integrity plane →
 * the MIP's reality verifier (assessProof) with the evidence bytes by digest. Nothing is stored
 * unless the core accepted the readings, so a refused interval leaves no trace but its code.
 */
import {
  type Evidence,
  type PolicyPack,
  type Proof,
  ProofVerifier,
  type Signer,
  TrustStore,
} from '@mycel/kernel';
import {
  type Assessment,
  assessProof,
  ENERGY_GENERATION_MODULE,
  mipCatalog,
  modulesById,
} from '@mycel/mips';
import type { EvidenceVault } from '@mycel/store';
import { GATEWAY_EVIDENCE_DISCLOSURE } from '../limits/gateway.js';
import type { Reading } from '../reading.js';
import { type GatewayResult, gatewayFail } from './gateway-error-codes.js';
import {
  buildIntervalEvidence,
  type EvidencePiece,
  type IntervalEvidence,
  type IntervalSpec,
} from './interval-evidence.js';
import { buildIntervalProof } from './interval-proof.js';

const ENERGY_MODULES = modulesById([ENERGY_GENERATION_MODULE]);
const integrity = new ProofVerifier({ trust: new TrustStore(), mips: mipCatalog(ENERGY_MODULES) });

export interface ProduceIntervalInput {
  readonly readings: readonly Reading[];
  readonly spec: IntervalSpec;
  /** The device's key (its did must be spec.device.did). */
  readonly signer: Signer;
  readonly vault: EvidenceVault;
  /** The federation's pack: the vault's retention and the verifier's p_min come from it. */
  readonly pack: PolicyPack;
  /** Signs the reality-plane verification; omit to skip assessment. */
  readonly verifier?: Signer;
  readonly nowMs: number;
  readonly contract?: string;
}

export interface ProducedInterval {
  readonly proof: Proof;
  readonly evidence: IntervalEvidence;
  /** The evidence bytes by digest, as a verifier is given them under a challenge. */
  readonly supplied: ReadonlyMap<string, Uint8Array>;
  readonly assessment?: Assessment;
}

async function store(
  vault: EvidenceVault,
  pack: PolicyPack,
  pieces: readonly EvidencePiece[],
  producer: string,
  nowMs: number,
): Promise<GatewayResult<Evidence[]>> {
  const entries: Evidence[] = [];
  for (const piece of pieces) {
    try {
      const outcome = await vault.put(
        {
          bytes: piece.bytes,
          mediaType: piece.mediaType,
          disclosure: GATEWAY_EVIDENCE_DISCLOSURE,
          producer,
          nowMs,
        },
        pack,
      );
      entries.push(outcome.entry);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      return gatewayFail(
        'gateway_vault_failed',
        `${piece.role}: ${code}: ${(error as Error).message}`,
      );
    }
  }
  return { ok: true, value: entries };
}

export async function produceInterval(
  input: ProduceIntervalInput,
): Promise<GatewayResult<ProducedInterval>> {
  if (input.signer.key.did !== input.spec.device.did) {
    return gatewayFail(
      'gateway_device_mismatch',
      `the signer is ${input.signer.key.did}, the device ${input.spec.device.did}`,
    );
  }
  const evidence = buildIntervalEvidence(input.readings, input.spec);
  if (!evidence.ok) return evidence;
  const entries = await store(
    input.vault,
    input.pack,
    evidence.value.pieces,
    input.signer.key.did,
    input.nowMs,
  );
  if (!entries.ok) return entries;
  const proof = buildIntervalProof({
    evidence: evidence.value,
    entries: entries.value,
    federation: input.pack.federation,
    device: input.signer,
    issuedAtMs: input.nowMs,
    ...(input.contract !== undefined ? { contract: input.contract } : {}),
  });
  if (!proof.ok) return proof;
  const checked = integrity.verifyValue(proof.value as never, input.nowMs);
  if (!checked.ok) {
    return gatewayFail('gateway_proof_invalid', `${checked.error.code}: ${checked.error.message}`);
  }
  const supplied = new Map(
    evidence.value.pieces.map((piece, index) => [entries.value[index]!.digest, piece.bytes]),
  );
  if (input.verifier === undefined) {
    return { ok: true, value: { proof: proof.value, evidence: evidence.value, supplied } };
  }
  const assessment = assessProof({
    proof: proof.value,
    pack: input.pack,
    modules: ENERGY_MODULES,
    supplied,
    verifier: input.verifier,
    nowMs: input.nowMs,
  });
  if (!assessment.ok) {
    return gatewayFail(
      'gateway_assessment_failed',
      `${assessment.error.code}: ${assessment.error.message}`,
    );
  }
  return {
    ok: true,
    value: { proof: proof.value, evidence: evidence.value, supplied, assessment: assessment.value },
  };
}
