/**
 * Frames on the control link, the WebSocket a node keeps open to its coordinator
 * (docs/spec/opengrid.md). The coordinator speaks first with a challenge; nothing else is
 * accepted from a node until its registration answers that challenge. Countersigned usage proofs
 * and their acknowledgements travel here too (usage-frames.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  ERROR_MESSAGE_READ_LENGTH_MAX,
  LINK_FRAME_BYTES_MAX,
  PROBE_PEERS_MAX,
  USAGE_FRAME_BYTES_MAX,
  WARM_AGENTS_MAX,
} from './limits.js';
import { NodeRegistrationSchema, NonceSchema } from './node-registration.js';
import { frameReader } from './parse-frame.js';
import { SessionCheckpointSchema } from './session-checkpoint.js';
import {
  type LinkUsageFrame,
  LinkUsageFrameSchema,
  UnitPriceSchema,
  type UsageAckFrame,
  UsageAckFrameSchema,
} from './usage-frames.js';
import {
  AgentReferenceSchema,
  CapacitySchema,
  ContentIdSchema,
  CoordinateSchema,
  DidSchema,
  EndpointSchema,
  EpochSchema,
  LabelSchema,
  published,
  SessionIdSchema,
} from './wire-schemas.js';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const PeerSchema = Type.Object(
  { did: DidSchema, endpoint: EndpointSchema, label: LabelSchema },
  { additionalProperties: false },
);
export type Peer = Static<typeof PeerSchema>;

export const PriceSchema = Type.Object(
  {
    /** Price per session-minute in minor units of `currency`. */
    minorPerMinute: Count,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
export type Price = Static<typeof PriceSchema>;

// coordinator → node
export const ChallengeFrameSchema = Type.Object(
  { t: Type.Literal('challenge'), nonce: NonceSchema, grid: LabelSchema, coordinator: DidSchema },
  {
    additionalProperties: false,
    ...published('frame-challenge-v1', 'OpenGrid control-link frame challenge v1'),
  },
);
export const RegisteredFrameSchema = Type.Object(
  {
    t: Type.Literal('registered'),
    node: DidSchema,
    heartbeatMs: Type.Integer({ minimum: 1 }),
    peers: Type.Array(PeerSchema, { maxItems: PROBE_PEERS_MAX }),
    /** The coordinator's price per second: what the node's usage proofs charge. */
    price: Type.Optional(UnitPriceSchema),
  },
  {
    additionalProperties: false,
    ...published('frame-registered-v1', 'OpenGrid control-link frame registered v1'),
  },
);
export const PeersFrameSchema = Type.Object(
  { t: Type.Literal('peers'), peers: Type.Array(PeerSchema, { maxItems: PROBE_PEERS_MAX }) },
  {
    additionalProperties: false,
    ...published('frame-peers-v1', 'OpenGrid control-link frame peers v1'),
  },
);
export const PingFrameSchema = Type.Object(
  { t: Type.Literal('ping'), n: Count },
  {
    additionalProperties: false,
    ...published('frame-ping-v1', 'OpenGrid control-link frame ping v1'),
  },
);
export const LinkErrorFrameSchema = Type.Object(
  {
    t: Type.Literal('error'),
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    message: Type.String({ maxLength: ERROR_MESSAGE_READ_LENGTH_MAX }),
  },
  {
    additionalProperties: false,
    ...published('frame-link-error-v1', 'OpenGrid control-link frame error v1'),
  },
);
/** The checkpoint of turn `seq` is durable: the node may acknowledge the turn to its client. */
export const CheckpointAckFrameSchema = Type.Object(
  {
    t: Type.Literal('checkpoint-ack'),
    sid: SessionIdSchema,
    epoch: EpochSchema,
    seq: Count,
    digest: ContentIdSchema,
  },
  {
    additionalProperties: false,
    ...published('frame-checkpoint-ack-v1', 'OpenGrid control-link frame checkpoint-ack v1'),
  },
);
/**
 * The coordinator refuses what the node said about a session (a checkpoint or report of an old
 * epoch, of a session placed elsewhere): the node stops serving that session.
 */
export const SessionRefusedFrameSchema = Type.Object(
  {
    t: Type.Literal('session-refused'),
    sid: SessionIdSchema,
    epoch: EpochSchema,
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    message: Type.String({ maxLength: ERROR_MESSAGE_READ_LENGTH_MAX }),
  },
  {
    additionalProperties: false,
    ...published('frame-session-refused-v1', 'OpenGrid control-link frame session-refused v1'),
  },
);
/**
 * A moved session's checkpoint, sent to its new node before the client attaches there. `epoch`
 * is the session's new epoch; the checkpoint keeps the epoch it was taken at.
 */
export const RestoreFrameSchema = Type.Object(
  { t: Type.Literal('restore'), epoch: EpochSchema, checkpoint: SessionCheckpointSchema },
  {
    additionalProperties: false,
    ...published('frame-restore-v1', 'OpenGrid control-link frame restore v1'),
  },
);

// node → coordinator
export const RegisterFrameSchema = Type.Object(
  { t: Type.Literal('register'), registration: NodeRegistrationSchema },
  {
    additionalProperties: false,
    ...published('frame-register-v1', 'OpenGrid control-link frame register v1'),
  },
);
export const HeartbeatFrameSchema = Type.Object(
  {
    t: Type.Literal('heartbeat'),
    seq: Count,
    /** Free session slots per latency class right now. */
    free: CapacitySchema,
    /** Inference load, 0 (idle) to 1 (every worker busy). */
    load: Type.Number({ minimum: 0, maximum: 1 }),
    sessions: Count,
    warm: Type.Array(AgentReferenceSchema, { maxItems: WARM_AGENTS_MAX }),
    price: PriceSchema,
    coordinate: Type.Optional(CoordinateSchema),
  },
  {
    additionalProperties: false,
    ...published('frame-heartbeat-v1', 'OpenGrid control-link frame heartbeat v1'),
  },
);
export const PongFrameSchema = Type.Object(
  { t: Type.Literal('pong'), n: Count },
  {
    additionalProperties: false,
    ...published('frame-pong-v1', 'OpenGrid control-link frame pong v1'),
  },
);
export const SessionStateFrameSchema = Type.Object(
  {
    t: Type.Literal('session-state'),
    sid: SessionIdSchema,
    epoch: EpochSchema,
    state: Type.Union([Type.Literal('active'), Type.Literal('closed'), Type.Literal('failed')]),
    turns: Count,
  },
  {
    additionalProperties: false,
    ...published('frame-session-state-v1', 'OpenGrid control-link frame session-state v1'),
  },
);

/** A turn's checkpoint, sent before the node acknowledges the turn to its client. */
export const CheckpointFrameSchema = Type.Object(
  { t: Type.Literal('checkpoint'), checkpoint: SessionCheckpointSchema },
  {
    additionalProperties: false,
    ...published('frame-checkpoint-v1', 'OpenGrid control-link frame checkpoint v1'),
  },
);
/** The node is draining: place nothing new on it; its sessions are handed back one by one. */
export const DrainFrameSchema = Type.Object(
  { t: Type.Literal('drain') },
  {
    additionalProperties: false,
    ...published('frame-drain-v1', 'OpenGrid control-link frame drain v1'),
  },
);

export type ChallengeFrame = Static<typeof ChallengeFrameSchema>;
export type RegisteredFrame = Static<typeof RegisteredFrameSchema>;
export type PeersFrame = Static<typeof PeersFrameSchema>;
export type PingFrame = Static<typeof PingFrameSchema>;
export type LinkErrorFrame = Static<typeof LinkErrorFrameSchema>;
export type CheckpointAckFrame = Static<typeof CheckpointAckFrameSchema>;
export type SessionRefusedFrame = Static<typeof SessionRefusedFrameSchema>;
export type RestoreFrame = Static<typeof RestoreFrameSchema>;
export type CoordinatorFrame =
  | ChallengeFrame
  | RegisteredFrame
  | PeersFrame
  | PingFrame
  | LinkErrorFrame
  | CheckpointAckFrame
  | SessionRefusedFrame
  | RestoreFrame
  | UsageAckFrame;

export type RegisterFrame = Static<typeof RegisterFrameSchema>;
export type HeartbeatFrame = Static<typeof HeartbeatFrameSchema>;
export type PongFrame = Static<typeof PongFrameSchema>;
export type SessionStateFrame = Static<typeof SessionStateFrameSchema>;
export type CheckpointFrame = Static<typeof CheckpointFrameSchema>;
export type DrainFrame = Static<typeof DrainFrameSchema>;
export type NodeLinkFrame =
  | RegisterFrame
  | HeartbeatFrame
  | PongFrame
  | SessionStateFrame
  | CheckpointFrame
  | DrainFrame
  | LinkUsageFrame;

/** The frames a node sends on its control link, by `t`. */
export const NODE_LINK_FRAME_SCHEMAS = {
  register: RegisterFrameSchema,
  heartbeat: HeartbeatFrameSchema,
  pong: PongFrameSchema,
  'session-state': SessionStateFrameSchema,
  checkpoint: CheckpointFrameSchema,
  drain: DrainFrameSchema,
  usage: LinkUsageFrameSchema,
} as const;

/** The frames a coordinator sends on a control link, by `t`. */
export const COORDINATOR_FRAME_SCHEMAS = {
  challenge: ChallengeFrameSchema,
  registered: RegisteredFrameSchema,
  peers: PeersFrameSchema,
  ping: PingFrameSchema,
  error: LinkErrorFrameSchema,
  'checkpoint-ack': CheckpointAckFrameSchema,
  'session-refused': SessionRefusedFrameSchema,
  restore: RestoreFrameSchema,
  'usage-ack': UsageAckFrameSchema,
} as const;

/** What a coordinator reads from a node. */
export const nodeLinkFrameReader = frameReader<NodeLinkFrame>(
  NODE_LINK_FRAME_SCHEMAS,
  LINK_FRAME_BYTES_MAX,
  { usage: USAGE_FRAME_BYTES_MAX },
);

/** What a node reads from its coordinator. */
export const coordinatorFrameReader = frameReader<CoordinatorFrame>(
  COORDINATOR_FRAME_SCHEMAS,
  LINK_FRAME_BYTES_MAX,
);
