/**
 * The claim of `mip-edu/mastery@1.0.0`: the pseudonymous learner `subject` reached mastery of a
 * skill, P(L) ≥ threshold under Bayesian Knowledge Tracing (Corbett & Anderson 1995), over
 * `responses` answers in the window, scored with the item bank named by id and digest. The
 * subject is a did:key or a keyed pseudonym (`psn:` + HMAC-SHA-256 hex): the shape leaves no room
 * for a name or an e-mail address.
 */
import { CONTENT_ID_PATTERN } from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DidSchema, TimestampSchema } from '../kernel-parts.js';
import {
  LEARNING_ID_CHARS_MAX,
  LEARNING_RESPONSES_MAX,
  LEARNING_THRESHOLD_MAX,
  LEARNING_THRESHOLD_MIN,
} from '../limits.js';

export const LEARNING_MASTERY_MIP = 'mip-edu/mastery@1.0.0';
export const LEARNING_MASTERY_PREDICATE = 'skill-mastery';
/** The claimed quantity is a probability (P(L) after the last response). */
export const LEARNING_MASTERY_UNIT = 'probability';

/** Skill, item and bank ids: opaque, URL- and file-safe. */
export const LearningIdSchema = Type.String({
  pattern: '^[A-Za-z0-9._:/-]+$',
  minLength: 1,
  maxLength: LEARNING_ID_CHARS_MAX,
});

/** A keyed pseudonym: `psn:` and the hex HMAC-SHA-256 of the learner's id under the school's key. */
export const LearningPseudonymSchema = Type.String({ pattern: '^psn:[0-9a-f]{64}$' });

export const LearningMasteryValueSchema = Type.Object(
  {
    skill: LearningIdSchema,
    itemBank: Type.Object(
      {
        id: LearningIdSchema,
        /** sha256 content id of the item bank parameters (the item-bank evidence). */
        digest: Type.String({ pattern: CONTENT_ID_PATTERN }),
      },
      { additionalProperties: false },
    ),
    /** Mastery is P(L) ≥ threshold. */
    threshold: Type.Number({ minimum: LEARNING_THRESHOLD_MIN, maximum: LEARNING_THRESHOLD_MAX }),
    /** The claimed P(L) after the last response (the knowledge-tracing estimate, post-learning step). */
    probabilityMastered: Type.Number({ minimum: 0, maximum: 1 }),
    responses: Type.Integer({ minimum: 0, maximum: LEARNING_RESPONSES_MAX }),
  },
  { additionalProperties: false },
);

export const LearningMasteryClaimSchema = Type.Object(
  {
    subject: Type.Union([DidSchema, LearningPseudonymSchema]),
    predicate: Type.Literal(LEARNING_MASTERY_PREDICATE),
    value: LearningMasteryValueSchema,
    unit: Type.Literal(LEARNING_MASTERY_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type LearningMasteryValue = Static<typeof LearningMasteryValueSchema>;

export interface LearningMasteryClaim {
  readonly subject: string;
  readonly predicate: typeof LEARNING_MASTERY_PREDICATE;
  readonly value: LearningMasteryValue;
  readonly unit: typeof LEARNING_MASTERY_UNIT;
  readonly window: { readonly start: string; readonly end: string };
}

const claimShape = TypeCompiler.Compile(LearningMasteryClaimSchema);

/**
 * The MIP's claim check: the schema, then the rule a schema cannot say, that a mastery claim
 * claims a P(L) at or above its own threshold.
 */
export function learningCheckMasteryClaim(claim: unknown): string | undefined {
  const first = claimShape.Check(claim) ? undefined : claimShape.Errors(claim).First();
  if (first !== undefined) return `${first.path || '/'}: ${first.message}`;
  const value = (claim as LearningMasteryClaim).value;
  if (value.probabilityMastered < value.threshold) {
    return `/value/probabilityMastered: ${value.probabilityMastered} is below the threshold ${value.threshold}`;
  }
  return undefined;
}
