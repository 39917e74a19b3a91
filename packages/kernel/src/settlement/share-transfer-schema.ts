/**
 * The share transfer, version 1 (ARCHITECTURE §5.5): an owner of a NodeCo gives some of its
 * shares to another party from a point in time on. It is signed by the giver over its id; fees
 * earned before `effectiveAt` still follow the old shares.
 */
import { type Static, Type } from '@sinclair/typebox';
import { SIGNATURES_PER_PROOF_MAX } from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import { SharesSchema } from './nodeco-schema.js';

export const ShareTransferSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('share-transfer'),
    id: ContentIdSchema,
    /** The id of the NodeCo record whose shares move. */
    nodeco: ContentIdSchema,
    node: DidSchema,
    from: DidSchema,
    to: DidSchema,
    shares: SharesSchema,
    effectiveAt: TimestampSchema,
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}share-transfer-v1.json`,
    title: 'Mycel NodeCo share transfer v1',
  },
);

export type ShareTransfer = Static<typeof ShareTransferSchema>;
