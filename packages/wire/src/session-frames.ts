/**
 * Frames on a session WebSocket between a client and the node serving the session
 * (docs/spec/opengrid.md). JSON text frames; `t` names the type. Turns are numbered from 1 by the
 * client; a node answers each turn with zero or more `chunk` frames and then `done` or `error`.
 * Usage proofs go back and forth on the same socket (usage-frames.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  ERROR_MESSAGE_READ_LENGTH_MAX,
  SESSION_FRAME_BYTES_MAX,
  USAGE_FRAME_BYTES_MAX,
} from './limits.js';
import { frameReader } from './parse-frame.js';
import { SessionTicketSchema } from './session-ticket.js';
import {
  type UsageFrame,
  UsageFrameSchema,
  type UsageRefusedFrame,
  UsageRefusedFrameSchema,
  type UsageSignedFrame,
  UsageSignedFrameSchema,
} from './usage-frames.js';
import { EpochSchema, published, SessionIdSchema, SignatureSchema } from './wire-schemas.js';

const Sequence = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });

export const AttachFrameSchema = Type.Object(
  {
    t: Type.Literal('attach'),
    ticket: SessionTicketSchema,
    proof: SignatureSchema,
    /** The last turn the client saw completed (0 for a new session); used by resume. */
    lastSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  },
  {
    additionalProperties: false,
    ...published('frame-attach-v1', 'OpenGrid session frame attach v1'),
  },
);
export const TurnFrameSchema = Type.Object(
  { t: Type.Literal('turn'), seq: Sequence, input: Type.Unknown() },
  { additionalProperties: false, ...published('frame-turn-v1', 'OpenGrid session frame turn v1') },
);
export const CancelFrameSchema = Type.Object(
  { t: Type.Literal('cancel'), seq: Sequence },
  {
    additionalProperties: false,
    ...published('frame-cancel-v1', 'OpenGrid session frame cancel v1'),
  },
);
export const CloseFrameSchema = Type.Object(
  { t: Type.Literal('close') },
  {
    additionalProperties: false,
    ...published('frame-close-v1', 'OpenGrid session frame close v1'),
  },
);

export const AttachedFrameSchema = Type.Object(
  { t: Type.Literal('attached'), sid: SessionIdSchema, epoch: EpochSchema, nextSeq: Sequence },
  {
    additionalProperties: false,
    ...published('frame-attached-v1', 'OpenGrid session frame attached v1'),
  },
);
export const ChunkFrameSchema = Type.Object(
  { t: Type.Literal('chunk'), seq: Sequence, data: Type.Unknown() },
  {
    additionalProperties: false,
    ...published('frame-chunk-v1', 'OpenGrid session frame chunk v1'),
  },
);
export const DoneFrameSchema = Type.Object(
  { t: Type.Literal('done'), seq: Sequence, chunks: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false, ...published('frame-done-v1', 'OpenGrid session frame done v1') },
);
export const ErrorFrameSchema = Type.Object(
  {
    t: Type.Literal('error'),
    code: Code,
    message: Type.String({ maxLength: ERROR_MESSAGE_READ_LENGTH_MAX }),
    seq: Type.Optional(Sequence),
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  {
    additionalProperties: false,
    ...published('frame-error-v1', 'OpenGrid session frame error v1'),
  },
);
export const ClosedFrameSchema = Type.Object(
  { t: Type.Literal('closed'), sid: SessionIdSchema },
  {
    additionalProperties: false,
    ...published('frame-closed-v1', 'OpenGrid session frame closed v1'),
  },
);

export type AttachFrame = Static<typeof AttachFrameSchema>;
export type TurnFrame = Static<typeof TurnFrameSchema>;
export type CancelFrame = Static<typeof CancelFrameSchema>;
export type CloseFrame = Static<typeof CloseFrameSchema>;
export type ClientFrame =
  | AttachFrame
  | TurnFrame
  | CancelFrame
  | CloseFrame
  | UsageSignedFrame
  | UsageRefusedFrame;

export type AttachedFrame = Static<typeof AttachedFrameSchema>;
export type ChunkFrame = Static<typeof ChunkFrameSchema>;
export type DoneFrame = Static<typeof DoneFrameSchema>;
export type ErrorFrame = Static<typeof ErrorFrameSchema>;
export type ClosedFrame = Static<typeof ClosedFrameSchema>;
export type NodeFrame =
  | AttachedFrame
  | ChunkFrame
  | DoneFrame
  | ErrorFrame
  | ClosedFrame
  | UsageFrame;

/** The frames a client sends, by `t`. */
export const CLIENT_FRAME_SCHEMAS = {
  attach: AttachFrameSchema,
  turn: TurnFrameSchema,
  cancel: CancelFrameSchema,
  close: CloseFrameSchema,
  'usage-signed': UsageSignedFrameSchema,
  'usage-refused': UsageRefusedFrameSchema,
} as const;

/** The frames a node sends, by `t`. */
export const NODE_FRAME_SCHEMAS = {
  attached: AttachedFrameSchema,
  chunk: ChunkFrameSchema,
  done: DoneFrameSchema,
  error: ErrorFrameSchema,
  closed: ClosedFrameSchema,
  usage: UsageFrameSchema,
} as const;

/** What a node reads from a client. */
export const clientFrameReader = frameReader<ClientFrame>(
  CLIENT_FRAME_SCHEMAS,
  SESSION_FRAME_BYTES_MAX,
  { 'usage-signed': USAGE_FRAME_BYTES_MAX },
);

/** What a client reads from a node. */
export const nodeFrameReader = frameReader<NodeFrame>(NODE_FRAME_SCHEMAS, SESSION_FRAME_BYTES_MAX, {
  usage: USAGE_FRAME_BYTES_MAX,
});
