/**
 * The coordinator's HTTP API bodies (docs/spec/opengrid.md): what clients send to open a session
 * and what they get back. Errors are `{ error: { code, message, retryAfterMs? } }` with the HTTP
 * status of api-paths.ts.
 */
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { LANDMARKS_MAX, PROBE_RTT_MS_MAX } from './limits.js';
import { SessionTicketSchema } from './session-ticket.js';
import { UnitPriceSchema } from './usage-frames.js';
import {
  AgentReferenceSchema,
  CoordinateSchema,
  DidSchema,
  EndpointSchema,
  EpochSchema,
  LabelSchema,
  LatencyClassSchema,
  MillisSchema,
  published,
  SessionIdSchema,
} from './wire-schemas.js';

export const OpenSessionRequestSchema = Type.Object(
  {
    agent: AgentReferenceSchema,
    class: LatencyClassSchema,
    /** The client's key: the ticket is bound to it, and attaching needs a signature by it. */
    client: DidSchema,
    /** The client's network coordinate (from probing landmarks), for predicted RTT. */
    coordinate: Type.Optional(CoordinateSchema),
    /**
     * RTTs the client measured to some nodes (the landmarks it probed), the fastest ping each.
     * Placement uses a measured RTT in place of the predicted one for that node.
     */
    probes: Type.Optional(
      Type.Array(
        Type.Object(
          { node: DidSchema, rttMs: Type.Number({ minimum: 0, maximum: PROBE_RTT_MS_MAX }) },
          { additionalProperties: false },
        ),
        { maxItems: LANDMARKS_MAX },
      ),
    ),
    /** Agent configuration passed to init (bounded by the body limit). */
    config: Type.Optional(Type.Unknown()),
    /** A label for logs and summaries (e.g. the client's city). */
    label: Type.Optional(LabelSchema),
  },
  {
    additionalProperties: false,
    ...published('open-session-request-v1', 'OpenGrid open-session request v1'),
  },
);
export type OpenSessionRequest = Static<typeof OpenSessionRequestSchema>;
export const checkOpenSessionRequest = TypeCompiler.Compile(OpenSessionRequestSchema);

export const PlacedNodeSchema = Type.Object(
  { did: DidSchema, endpoint: EndpointSchema, label: LabelSchema },
  { additionalProperties: false },
);

export const OpenSessionResponseSchema = Type.Object(
  {
    sid: SessionIdSchema,
    epoch: EpochSchema,
    ticket: SessionTicketSchema,
    node: PlacedNodeSchema,
    /** The RTT the coordinator predicted between the client and the node, when it could. */
    predictedRttMs: Type.Optional(Type.Number({ minimum: 0 })),
    /** The price per second the session is charged: the client countersigns usage at it only. */
    price: Type.Optional(UnitPriceSchema),
  },
  {
    additionalProperties: false,
    ...published('open-session-response-v1', 'OpenGrid open-session response v1'),
  },
);
export type OpenSessionResponse = Static<typeof OpenSessionResponseSchema>;
export const checkOpenSessionResponse = TypeCompiler.Compile(OpenSessionResponseSchema);

export const LandmarkSchema = Type.Object(
  { did: DidSchema, endpoint: EndpointSchema, label: LabelSchema, coordinate: CoordinateSchema },
  { additionalProperties: false },
);
export const LandmarksResponseSchema = Type.Object(
  { landmarks: Type.Array(LandmarkSchema, { maxItems: LANDMARKS_MAX }) },
  {
    additionalProperties: false,
    ...published('landmarks-response-v1', 'OpenGrid landmarks response v1'),
  },
);
export type Landmark = Static<typeof LandmarkSchema>;
export type LandmarksResponse = Static<typeof LandmarksResponseSchema>;
export const checkLandmarksResponse = TypeCompiler.Compile(LandmarksResponseSchema);

export const CoordinatorInfoSchema = Type.Object(
  { grid: LabelSchema, coordinator: DidSchema, label: LabelSchema },
  {
    additionalProperties: false,
    ...published('coordinator-info-v1', 'OpenGrid coordinator info v1'),
  },
);
export type CoordinatorInfo = Static<typeof CoordinatorInfoSchema>;
export const checkCoordinatorInfo = TypeCompiler.Compile(CoordinatorInfoSchema);

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  },
  { additionalProperties: false, ...published('error-body-v1', 'OpenGrid error body v1') },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
export const checkErrorBody = TypeCompiler.Compile(ErrorBodySchema);

/** What GET /v1/sessions/:sid answers. */
export const SessionRecordSchema = Type.Object(
  {
    sid: SessionIdSchema,
    epoch: EpochSchema,
    state: Type.Union(
      ['requested', 'placing', 'starting', 'active', 'migrating', 'closed', 'failed'].map((s) =>
        Type.Literal(s),
      ),
    ),
    /** The node of the current epoch; '' while a moving session waits for one. */
    node: Type.Union([DidSchema, Type.Literal('')]),
    agent: AgentReferenceSchema,
    class: LatencyClassSchema,
    client: DidSchema,
    turns: Type.Integer({ minimum: 0 }),
    /** Why a session moved (while migrating) or ended: an error code. */
    reason: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' })),
    createdAtMs: MillisSchema,
    updatedAtMs: MillisSchema,
  },
  { additionalProperties: false, ...published('session-record-v1', 'OpenGrid session record v1') },
);
export type SessionRecord = Static<typeof SessionRecordSchema>;
export const checkSessionRecord = TypeCompiler.Compile(SessionRecordSchema);
