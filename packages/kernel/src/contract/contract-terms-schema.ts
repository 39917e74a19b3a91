/**
 * Contract terms, version 1 (ARCHITECTURE §4.2, docs/spec/contracts.md): who the parties are,
 * what is bought (one MIP, priced per unit in integer minor units), how proofs must be verified
 * (pMin, k of the verifier parties), the deadlines as fields, the milestones, and how a receipt
 * splits. Terms are not signed on their own: they travel inside signed `propose` and `counter`
 * events, and acceptances name them by their content id.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  AMOUNT_MINOR_PATTERN,
  BpsSchema,
  CURRENCY_PATTERN,
  SplitRoleSchema,
} from '../invariants/k7-receipt-schema.js';
import { FederationIdSchema } from '../invariants/k8-federation-id.js';
import { SPLIT_PARTIES_MAX } from '../limits.js';
import {
  DidSchema,
  MipIdSchema,
  SCHEMA_BASE_URI,
  TimestampSchema,
} from '../schema/common-schemas.js';
import {
  CONTRACT_CHALLENGE_WINDOW_MS_MAX,
  CONTRACT_MILESTONE_ID_CHARS_MAX,
  CONTRACT_MILESTONES_MAX,
  CONTRACT_PARTIES_MAX,
  CONTRACT_PARTIES_MIN,
  CONTRACT_PRICE_DIGITS_MAX,
  CONTRACT_QUANTITY_FRACTION_DIGITS,
  CONTRACT_QUANTITY_INTEGER_DIGITS_MAX,
  CONTRACT_TEXT_CHARS_MAX,
  CONTRACT_UNIT_CHARS_MAX,
} from './contract-limits.js';

export const CONTRACT_ROLES = ['buyer', 'producer', 'verifier', 'operator', 'authority'] as const;
export type ContractRole = (typeof CONTRACT_ROLES)[number];

/** A non-negative exact decimal, one spelling per value's digits: `12`, `0.5`, `1500.25`. */
export const QUANTITY_PATTERN = `^(0|[1-9][0-9]{0,${CONTRACT_QUANTITY_INTEGER_DIGITS_MAX - 1}})(\\.[0-9]{1,${CONTRACT_QUANTITY_FRACTION_DIGITS}})?$`;

export const MILESTONE_ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

export const QuantitySchema = Type.String({
  pattern: QUANTITY_PATTERN,
  description: `an exact non-negative decimal with at most ${CONTRACT_QUANTITY_FRACTION_DIGITS} fraction digits, in the price unit`,
});

export const ContractPartySchema = Type.Object(
  { did: DidSchema, role: Type.Union(CONTRACT_ROLES.map((role) => Type.Literal(role))) },
  { additionalProperties: false },
);

export const ContractPriceSchema = Type.Object(
  {
    minor: Type.String({ pattern: AMOUNT_MINOR_PATTERN, maxLength: CONTRACT_PRICE_DIGITS_MAX }),
    currency: Type.String({ pattern: CURRENCY_PATTERN }),
    unit: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9/._-]*$',
      maxLength: CONTRACT_UNIT_CHARS_MAX,
    }),
  },
  { additionalProperties: false, description: 'integer minor units per one unit' },
);

export const ContractThresholdsSchema = Type.Object(
  {
    pMin: Type.Number({ minimum: 0, maximum: 1 }),
    verifiersK: Type.Integer({ minimum: 1, maximum: CONTRACT_PARTIES_MAX }),
  },
  { additionalProperties: false },
);

export const ContractMilestoneSchema = Type.Object(
  {
    id: Type.String({ pattern: MILESTONE_ID_PATTERN, maxLength: CONTRACT_MILESTONE_ID_CHARS_MAX }),
    title: Type.Optional(Type.String({ maxLength: CONTRACT_TEXT_CHARS_MAX })),
    /** Most quantity this milestone pays for; verified quantity above it is not paid. */
    quantityMax: Type.Optional(QuantitySchema),
  },
  { additionalProperties: false },
);

export const ContractSplitSchema = Type.Object(
  { party: DidSchema, role: SplitRoleSchema, bps: BpsSchema },
  { additionalProperties: false },
);

export const ContractTermsSchema = Type.Object(
  {
    federation: FederationIdSchema,
    mip: MipIdSchema,
    parties: Type.Array(ContractPartySchema, {
      minItems: CONTRACT_PARTIES_MIN,
      maxItems: CONTRACT_PARTIES_MAX,
    }),
    price: ContractPriceSchema,
    thresholds: ContractThresholdsSchema,
    disputeAuthority: DidSchema,
    acceptBy: TimestampSchema,
    workBy: TimestampSchema,
    challengeWindowMs: Type.Integer({ minimum: 0, maximum: CONTRACT_CHALLENGE_WINDOW_MS_MAX }),
    settleBy: TimestampSchema,
    milestones: Type.Optional(
      Type.Array(ContractMilestoneSchema, { minItems: 1, maxItems: CONTRACT_MILESTONES_MAX }),
    ),
    splits: Type.Array(ContractSplitSchema, { minItems: 1, maxItems: SPLIT_PARTIES_MAX }),
    note: Type.Optional(Type.String({ maxLength: CONTRACT_TEXT_CHARS_MAX })),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}contract-terms-v1.json`,
    title: 'Mycel coordination contract terms v1',
  },
);

export type ContractTerms = Static<typeof ContractTermsSchema>;
export type ContractParty = Static<typeof ContractPartySchema>;
export type ContractMilestone = Static<typeof ContractMilestoneSchema>;
