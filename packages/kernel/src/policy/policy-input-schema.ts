/**
 * What one policy decision is about (docs/spec/policy-packs.md): the proof's claim and its
 * reality-plane p, the verifier results, the producer's reputation and the value at stake. The
 * input is checked against this schema before any rule runs, so a rule never meets a missing or
 * mistyped variable.
 */
import { type Static, Type } from '@sinclair/typebox';
import { AMOUNT_MINOR_PATTERN, CURRENCY_PATTERN } from '../invariants/k7-receipt-schema.js';
import {
  POLICY_STAKE_MINOR_DIGITS_MAX,
  POLICY_UNIT_CHARS_MAX,
  POLICY_VERIFICATIONS_MAX,
} from '../limits.js';
import { DidSchema, MipIdSchema, SCHEMA_BASE_URI } from '../schema/common-schemas.js';

const ProbabilitySchema = Type.Number({ minimum: 0, maximum: 1 });

export const VERIFICATION_VERDICTS = ['pass', 'fail', 'inconclusive'] as const;

export const PolicyInputSchema = Type.Object(
  {
    proof: Type.Object(
      {
        mip: MipIdSchema,
        value: Type.Number({ description: 'the claimed value (finite)' }),
        unit: Type.String({ minLength: 1, maxLength: POLICY_UNIT_CHARS_MAX }),
        p: Type.Number({ minimum: 0, maximum: 1, description: "the reality plane's p" }),
      },
      { additionalProperties: false },
    ),
    verifications: Type.Array(
      Type.Object(
        {
          verifier: DidSchema,
          p: ProbabilitySchema,
          verdict: Type.Union(VERIFICATION_VERDICTS.map((verdict) => Type.Literal(verdict))),
        },
        { additionalProperties: false },
      ),
      { maxItems: POLICY_VERIFICATIONS_MAX },
    ),
    producer: Type.Object(
      { did: DidSchema, reputation: ProbabilitySchema },
      { additionalProperties: false },
    ),
    stake: Type.Object(
      {
        minor: Type.String({
          pattern: AMOUNT_MINOR_PATTERN,
          maxLength: POLICY_STAKE_MINOR_DIGITS_MAX,
        }),
        currency: Type.String({ pattern: CURRENCY_PATTERN }),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}policy-input-v1.json`,
    title: 'Mycel policy decision input v1',
  },
);

export type PolicyInput = Static<typeof PolicyInputSchema>;
