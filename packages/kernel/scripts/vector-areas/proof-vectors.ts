/**
 * proof/: envelopes and the verdict of `new ProofVerifier({ trust }).verifyBytes(bytes, nowMs)`:
 * `{ ok: true, id }` or `{ ok: false, code }` with the code of the first broken rule
 * (proof-verifier.ts: size → JSON → version → evidence locality → MIP id → schema → id → times →
 * issuer and device signed → signatures → attached verifications). Inputs are exact JSON text so
 * that byte-level cases survive. Each case names the code it is meant to produce; the generator
 * runs the verifier and refuses to write a vector whose verdict differs.
 */
import type { JsonValue } from '../../src/index.js';
import { parsingCases, shapeCases, timeCases } from './proof-envelope-cases.js';
import {
  baseFields,
  looseJson,
  NOW,
  NOW_MS,
  type ProofCase,
  proofText,
  signedProof,
} from './proof-fixtures.js';
import { runProofVector } from './proof-harness.js';
import { signatureCases } from './proof-signature-cases.js';
import { trustCases } from './proof-trust-cases.js';
import type { Vector } from './vector-file.js';

export function proofVectors(): Map<string, Vector> {
  const vectors = new Map<string, Vector>();
  for (const proofCase of [
    ...validCases(),
    ...parsingCases(),
    ...shapeCases(),
    ...timeCases(),
    ...signatureCases(),
    ...trustCases(),
  ]) {
    const verdict = runProofVector(proofCase.input);
    if (JSON.stringify(verdict) !== JSON.stringify(proofCase.expected)) {
      throw new Error(
        `proof vector ${proofCase.name}: intended ${JSON.stringify(proofCase.expected)}, ` +
          `the kernel says ${JSON.stringify(verdict)}`,
      );
    }
    const verdictText = proofCase.expected.ok
      ? 'verifies'
      : `fails with ${proofCase.expected.code}`;
    vectors.set(proofCase.name, {
      description: `${proofCase.rule} At ${NOW} the envelope ${verdictText}.`,
      input: proofCase.input as unknown as JsonValue,
      expected: proofCase.expected,
    });
  }
  return vectors;
}

/** The reference envelope, canonical and re-serialised: both verify with the same id. */
function validCases(): ProofCase[] {
  const valid = signedProof(baseFields());
  return [
    {
      name: 'valid',
      rule: 'A proof signed by its issuer (Ed25519 seed 0x01 repeated), serialised canonically (RFC 8785).',
      input: { nowMs: NOW_MS, proof: proofText(valid) },
      expected: { ok: true, id: valid.id },
    },
    {
      name: 'valid-non-canonical',
      rule:
        'The "valid" proof re-serialised non-canonically: members in reverse order, tabs and ' +
        'newlines, 1.0 for 1, \\u0041 for A and \\/ for /. The id is over the canonical form (K2), ' +
        'so it is unchanged and every signature still holds.',
      input: { nowMs: NOW_MS, proof: looseJson(valid as unknown as JsonValue) },
      expected: { ok: true, id: valid.id },
    },
  ];
}
