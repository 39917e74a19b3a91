/**
 * Usage proofs on the wire (ARCHITECTURE §5.5, docs/spec/opengrid.md): the node meters a
 * session, signs a `mip-session/usage@1.0.0` proof and offers it to the client (`usage`); the
 * client countersigns it (`usage-signed`) or says why not (`usage-refused`); the node sends the
 * countersigned proof on its control link (`usage`) and keeps it until the coordinator answers
 * (`usage-ack`, with the receipt minted for it or the refusal). The price a coordinator quotes is
 * carried by `registered` (to nodes) and by the open-session and resume answers (to clients).
 *
 * A proof inside a frame has the kernel's proof envelope shape; what it claims is checked by its
 * receiver. Frames carrying one are bounded by USAGE_FRAME_BYTES_MAX.
 */
import { PROTOCOL_SCHEMAS, type Proof } from '@mycel/kernel';
import {
  type Static,
  type TObject,
  type TSchema,
  type TString,
  type TUnsafe,
  Type,
} from '@sinclair/typebox';
import { ERROR_MESSAGE_READ_LENGTH_MAX } from './limits.js';
import { ContentIdSchema, published } from './wire-schemas.js';

/** The kernel's schema at `property` of the published object `name`. */
function kernelSchema(name: string, property?: string): TSchema {
  const whole = PROTOCOL_SCHEMAS[name];
  const schema =
    property === undefined ? whole : (whole as TObject | undefined)?.properties[property];
  if (schema === undefined)
    throw new Error(`assertion failed: no kernel schema ${name} ${property}`);
  return schema;
}

/** A proof envelope (docs/spec/proof-envelope.md), typed as the kernel's Proof. */
const ProofSchema = kernelSchema('proof-v1') as TUnsafe<Proof>;
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Message = Type.String({ maxLength: ERROR_MESSAGE_READ_LENGTH_MAX });

/**
 * A price per second of session: integer minor units as a decimal string and a currency, spelt as
 * a receipt's amount (`{minor: "1", currency: "INR"}`).
 */
export const UnitPriceSchema = kernelSchema('receipt-v1', 'amount') as TObject<{
  minor: TString;
  currency: TString;
}>;
export type UnitPrice = Static<typeof UnitPriceSchema>;

// Session socket, node → client.
export const UsageFrameSchema = Type.Object(
  { t: Type.Literal('usage'), proof: ProofSchema },
  {
    additionalProperties: false,
    ...published('frame-usage-v1', 'OpenGrid session frame usage v1'),
  },
);

// Session socket, client → node.
export const UsageSignedFrameSchema = Type.Object(
  { t: Type.Literal('usage-signed'), proof: ProofSchema },
  {
    additionalProperties: false,
    ...published('frame-usage-signed-v1', 'OpenGrid session frame usage-signed v1'),
  },
);
export const UsageRefusedFrameSchema = Type.Object(
  {
    t: Type.Literal('usage-refused'),
    /** The id of the proof the client will not countersign. */
    id: ContentIdSchema,
    code: Code,
    message: Type.Optional(Message),
  },
  {
    additionalProperties: false,
    ...published('frame-usage-refused-v1', 'OpenGrid session frame usage-refused v1'),
  },
);

// Control link, node → coordinator.
export const LinkUsageFrameSchema = Type.Object(
  { t: Type.Literal('usage'), proof: ProofSchema },
  {
    additionalProperties: false,
    ...published('frame-link-usage-v1', 'OpenGrid control-link frame usage v1'),
  },
);

// Control link, coordinator → node.
export const UsageAckFrameSchema = Type.Object(
  {
    t: Type.Literal('usage-ack'),
    /** The id of the usage proof: the node stops resending it. */
    id: ContentIdSchema,
    /** The receipt minted for its fee, when one was. */
    receipt: Type.Optional(ContentIdSchema),
    /** Why the coordinator refused it; resending would not help. */
    error: Type.Optional(
      Type.Object({ code: Code, message: Message }, { additionalProperties: false }),
    ),
  },
  {
    additionalProperties: false,
    ...published('frame-usage-ack-v1', 'OpenGrid control-link frame usage-ack v1'),
  },
);

export type UsageFrame = Static<typeof UsageFrameSchema>;
export type UsageSignedFrame = Static<typeof UsageSignedFrameSchema>;
export type UsageRefusedFrame = Static<typeof UsageRefusedFrameSchema>;
export type LinkUsageFrame = Static<typeof LinkUsageFrameSchema>;
export type UsageAckFrame = Static<typeof UsageAckFrameSchema>;
