/**
 * The Verified Contribution Receipt (VCR), version 1 (ARCHITECTURE §4.2). A receipt mints value
 * against verified proofs and says how it splits; amounts are integer minor units carried as
 * decimal strings, because JSON numbers lose precision above 2^53 (RFC 8259 §6).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  AMOUNT_MINOR_DIGITS_MAX,
  BPS_TOTAL,
  PROOFS_PER_RECEIPT_MAX,
  SIGNATURES_PER_PROOF_MAX,
  SPLIT_PARTIES_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import { FederationIdSchema } from './k8-federation-id.js';

/** A non-negative integer without leading zeros, so every amount has one spelling (K2). */
export const AMOUNT_MINOR_PATTERN = '^(0|[1-9][0-9]*)$';

/**
 * ISO 4217 alphabetic code (`EUR`, `INR`), or a token issued inside a federation:
 * `token:<federation id>/<name>`, e.g. `token:in.solar/kwh-credit`.
 */
export const CURRENCY_PATTERN =
  '^([A-Z]{3}|token:[a-z0-9][a-z0-9.-]{0,62}/[a-z0-9][a-z0-9._-]{0,63})$';

export const SPLIT_ROLES = ['owner', 'operator', 'protocol', 'payee'] as const;
export type SplitRole = (typeof SPLIT_ROLES)[number];

export const RECEIPT_STATUSES = ['minted', 'paid', 'reversed'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const SplitRoleSchema = Type.Union(SPLIT_ROLES.map((role) => Type.Literal(role)));

export const BpsSchema = Type.Integer({
  minimum: 1,
  maximum: BPS_TOTAL,
  description: 'basis points',
});

export const AmountSchema = Type.Object(
  {
    minor: Type.String({ pattern: AMOUNT_MINOR_PATTERN, maxLength: AMOUNT_MINOR_DIGITS_MAX }),
    currency: Type.String({ pattern: CURRENCY_PATTERN }),
  },
  {
    additionalProperties: false,
    description: 'integer minor units (cents, paise) as a decimal string',
  },
);

export const ReceiptSplitSchema = Type.Object(
  { party: DidSchema, role: SplitRoleSchema, bps: BpsSchema },
  { additionalProperties: false },
);

export const ReceiptSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('receipt'),
    id: ContentIdSchema,
    federation: FederationIdSchema,
    contract: Type.Optional(ContentIdSchema),
    proofs: Type.Array(ContentIdSchema, { minItems: 1, maxItems: PROOFS_PER_RECEIPT_MAX }),
    acceptedConfidence: Type.Number({ minimum: 0, maximum: 1 }),
    amount: AmountSchema,
    payer: DidSchema,
    splits: Type.Array(ReceiptSplitSchema, {
      minItems: 1,
      maxItems: SPLIT_PARTIES_MAX,
      description: `bps sum to exactly ${BPS_TOTAL}; checked in code (checkSplitShares)`,
    }),
    mintedAt: TimestampSchema,
    status: Type.Union(RECEIPT_STATUSES.map((status) => Type.Literal(status))),
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}receipt-v1.json`,
    title: 'Mycel receipt (VCR) v1',
  },
);

export type Receipt = Static<typeof ReceiptSchema>;
export type Amount = Static<typeof AmountSchema>;
export type ReceiptSplit = Static<typeof ReceiptSplitSchema>;
