/**
 * A verification result: one verifier's signed verdict on one proof, on one plane. Results are
 * appended to a proof's `verifications`; they never change the proof's id or signed claim (K4).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  CHECKS_PER_VERIFICATION_MAX,
  FIELD_CHARS_MAX,
  SIGNATURES_PER_PROOF_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  FieldSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';

const ProbabilitySchema = Type.Number({ minimum: 0, maximum: 1 });

export const VerificationCheckSchema = Type.Object(
  {
    name: FieldSchema,
    measured: Type.Optional(Type.Unknown({ description: 'what the check measured' })),
    logLikelihoodRatio: Type.Optional(
      Type.Number({ description: 'how the check moved the log-odds of the claim being true' }),
    ),
    note: Type.Optional(Type.String({ maxLength: FIELD_CHARS_MAX })),
  },
  { additionalProperties: false },
);

export const VerificationSchema = Type.Object(
  {
    v: Type.Literal(1),
    id: ContentIdSchema,
    proof: ContentIdSchema,
    plane: Type.Union([Type.Literal('integrity'), Type.Literal('reality')]),
    verifier: DidSchema,
    verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('inconclusive')]),
    p: Type.Optional(ProbabilitySchema),
    interval: Type.Optional(Type.Tuple([ProbabilitySchema, ProbabilitySchema])),
    method: Type.Optional(FieldSchema),
    checks: Type.Optional(
      Type.Array(VerificationCheckSchema, { maxItems: CHECKS_PER_VERIFICATION_MAX }),
    ),
    at: TimestampSchema,
    signatures: Type.Array(SignatureSchema, { minItems: 1, maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}verification-v1.json`,
    title: 'Mycel verification result v1',
  },
);

export type Verification = Static<typeof VerificationSchema>;
