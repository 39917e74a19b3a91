/**
 * The NodeCo record, version 1 (ARCHITECTURE §5.5): a node's signed statement of who owns it, in
 * how many shares, who operates it and how its fees split. Share counts are decimal strings, like
 * receipt amounts, because JSON numbers lose precision above 2^53 (RFC 8259 §6). Rules the
 * schema cannot say (bps sum, owner order, distinct parties) are checked in code (nodeco.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import { BpsSchema } from '../invariants/k7-receipt-schema.js';
import { FederationIdSchema } from '../invariants/k8-federation-id.js';
import {
  BPS_TOTAL,
  NODECO_SHARES_DIGITS_MAX,
  PAYOUT_ADDRESS_CHARS_MAX,
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

/** The ordinary rails a payout instruction can name. */
export const PAYOUT_RAILS = ['upi', 'sepa', 'bank'] as const;
export type PayoutRail = (typeof PAYOUT_RAILS)[number];

/** ARCHITECTURE §1: 70 % to the owners, 20 % to the operator, 10 % to the protocol. */
export const DEFAULT_NODECO_POLICY = { owners: 7000, operator: 2000, protocol: 1000 } as const;

export const SharesSchema = Type.String({
  maxLength: NODECO_SHARES_DIGITS_MAX,
  description: 'a positive integer as a decimal string without leading zeros; checked in code',
});

export const PayToSchema = Type.Object(
  {
    rail: Type.Union(PAYOUT_RAILS.map((rail) => Type.Literal(rail))),
    address: Type.String({ minLength: 1, maxLength: PAYOUT_ADDRESS_CHARS_MAX }),
  },
  { additionalProperties: false, description: 'where an owner wants its payouts sent' },
);

export const NodeCoOwnerSchema = Type.Object(
  { party: DidSchema, shares: SharesSchema, payTo: Type.Optional(PayToSchema) },
  { additionalProperties: false },
);

export const NodeCoPolicySchema = Type.Object(
  {
    owners: BpsSchema,
    operator: Type.Integer({
      minimum: 0,
      maximum: BPS_TOTAL,
      description: 'basis points; 0 when the owners operate the node themselves',
    }),
    protocol: BpsSchema,
  },
  {
    additionalProperties: false,
    description: `basis points of a fee; they sum to exactly ${BPS_TOTAL} (checked in code)`,
  },
);

export const NodeCoSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('nodeco'),
    id: ContentIdSchema,
    federation: FederationIdSchema,
    node: DidSchema,
    operator: DidSchema,
    protocol: DidSchema,
    policy: NodeCoPolicySchema,
    owners: Type.Array(NodeCoOwnerSchema, {
      description: `1..${SPLIT_PARTIES_MAX} distinct owners in party order; checked in code`,
    }),
    effectiveAt: TimestampSchema,
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}nodeco-v1.json`,
    title: 'Mycel NodeCo ownership record v1',
  },
);

export type NodeCo = Static<typeof NodeCoSchema>;
export type NodeCoOwner = Static<typeof NodeCoOwnerSchema>;
export type NodeCoPolicy = Static<typeof NodeCoPolicySchema>;
export type PayTo = Static<typeof PayToSchema>;
