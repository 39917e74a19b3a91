/** Shared helpers for the energy MIP tests: an honest case and a way to edit its claim/evidence. */
import { buildProof, type JsonValue, type Proof } from '@mycel/kernel';
import {
  ENERGY_GENERATION_MODULE,
  ENERGY_MEDIA_TYPES,
  type EnergyClaim,
} from '../../src/energy/index.js';
import type { GeneratedCase } from '../../src/mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry, verifyCase } from '../../src/mechanism/verify-reality.js';

export const MODULE = ENERGY_GENERATION_MODULE;

/** The module's honest vector case (seed 100). */
export function honestCase(): GeneratedCase {
  const vector = MODULE.vectors().find((v) => v.name === 'energy-honest');
  if (vector === undefined) throw new Error('no honest vector');
  return vector.case;
}

export function claimOf(generated: GeneratedCase): EnergyClaim {
  return structuredClone(generated.proof.claim) as EnergyClaim;
}

export function evidenceOf(
  generated: GeneratedCase,
  role: keyof typeof ENERGY_MEDIA_TYPES,
): JsonValue {
  const piece = generated.evidence.find((p) => p.mediaType === ENERGY_MEDIA_TYPES[role]);
  if (piece === undefined) throw new Error(`no ${role} evidence`);
  return JSON.parse(new TextDecoder().decode(piece.bytes)) as JsonValue;
}

/** The case rebuilt with another claim and/or replaced evidence pieces. */
export function edited(
  generated: GeneratedCase,
  claim: unknown,
  replace: Partial<Record<keyof typeof ENERGY_MEDIA_TYPES, JsonValue>> = {},
): GeneratedCase {
  const evidence = generated.evidence.map((piece) => {
    const role = (Object.keys(ENERGY_MEDIA_TYPES) as (keyof typeof ENERGY_MEDIA_TYPES)[]).find(
      (name) => ENERGY_MEDIA_TYPES[name] === piece.mediaType,
    )!;
    const value = replace[role];
    return value === undefined
      ? piece
      : { mediaType: piece.mediaType, bytes: evidenceBytes(value) };
  });
  const { id: _id, signatures: _s, verifications: _v, v: _version, ...body } = generated.proof;
  const proof: Proof = buildProof({
    ...body,
    claim: claim as Proof['claim'],
    evidence: evidence.map((piece) =>
      evidenceEntry(piece.mediaType, piece.bytes, 'vault:producer'),
    ),
  });
  return { ...generated, proof, evidence };
}

export function verify(generated: GeneratedCase) {
  return verifyCase(MODULE, generated);
}
