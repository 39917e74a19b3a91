/**
 * The treaty, version 1 (ARCHITECTURE §4.2): a document signed by two federations naming what may
 * cross between them — object kinds, optionally MIPs, data rules and jurisdictions — and when.
 * Under K8 nothing crosses zones without one.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  DATA_RULES_PER_TREATY_MAX,
  JURISDICTIONS_PER_TREATY_MAX,
  MIPS_PER_TREATY_MAX,
  RULE_EXPRESSION_CHARS_MAX,
  SIGNATURES_PER_PROOF_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  MipIdSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import { FederationIdSchema } from './k8-federation-id.js';

export const TREATY_KINDS = ['proof', 'receipt', 'session', 'capability'] as const;
export type TreatyKind = (typeof TREATY_KINDS)[number];

/** ISO 3166-1 alpha-2 country, optionally with an ISO 3166-2 subdivision: `IN`, `IN-KA`, `DE-BY`. */
export const JURISDICTION_PATTERN = '^[A-Z]{2}(-[A-Z0-9]{1,3})?$';

export const TreatySchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('treaty'),
    id: ContentIdSchema,
    federations: Type.Array(FederationIdSchema, {
      minItems: 2,
      maxItems: 2,
      description: 'the two parties; distinct (checked in code)',
    }),
    kinds: Type.Array(Type.Union(TREATY_KINDS.map((kind) => Type.Literal(kind))), {
      minItems: 1,
      maxItems: TREATY_KINDS.length,
      uniqueItems: true,
    }),
    // Absent: any MIP of a listed kind may cross. Present: only these exact versions. Never empty,
    // so "no restriction" and "nothing may cross" cannot be confused.
    mips: Type.Optional(
      Type.Array(MipIdSchema, { minItems: 1, maxItems: MIPS_PER_TREATY_MAX, uniqueItems: true }),
    ),
    dataRules: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: RULE_EXPRESSION_CHARS_MAX }), {
        maxItems: DATA_RULES_PER_TREATY_MAX,
        description: 'disclosure rules for evidence that crosses; enforced by the treaty gateway',
      }),
    ),
    jurisdictions: Type.Optional(
      Type.Array(Type.String({ pattern: JURISDICTION_PATTERN }), {
        maxItems: JURISDICTIONS_PER_TREATY_MAX,
        uniqueItems: true,
      }),
    ),
    validFrom: TimestampSchema,
    validUntil: Type.Optional(TimestampSchema),
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}treaty-v1.json`,
    title: 'Mycel treaty v1',
  },
);

export type Treaty = Static<typeof TreatySchema>;
