/**
 * @mycel/wire: the OpenGrid wire protocol shared by the coordinator and node (grid) and by
 * clients (sdk). Pure data shapes, signing and checking; no sockets here.
 */
export { COORDINATOR_PATHS, NODE_PATHS, SESSION_AFFINITY_HEADER } from './api-paths.js';
export type {
  ClientSessionEffect,
  ClientSessionEvent,
  ClientSessionPhase,
  ClientSessionState,
  ClientSessionTransition,
  ClientTurn,
  QueuedTurn,
  SessionFailure,
} from './client-session.js';
export { initialClientSession, transitionClientSession } from './client-session.js';
export type {
  CoordinatorInfo,
  ErrorBody,
  Landmark,
  LandmarksResponse,
  OpenSessionRequest,
  OpenSessionResponse,
  SessionRecord,
} from './coordinator-api.js';
export {
  CoordinatorInfoSchema,
  checkCoordinatorInfo,
  checkErrorBody,
  checkLandmarksResponse,
  checkOpenSessionRequest,
  checkOpenSessionResponse,
  checkSessionRecord,
  ErrorBodySchema,
  LandmarksResponseSchema,
  OpenSessionRequestSchema,
  OpenSessionResponseSchema,
  SessionRecordSchema,
} from './coordinator-api.js';
export { DelayLine, delayed } from './emulation/delay-line.js';
export type { Inbound } from './emulation/emulation-helpers.js';
export {
  cityHeaders,
  cityOf,
  inbound,
  inboundDelayMs,
  sleepMs,
} from './emulation/emulation-helpers.js';
export type { LatencyEmulation } from './emulation/latency-emulation.js';
export { CITY_HEADER } from './emulation/latency-emulation.js';
export type { ClassCapacity, LatencyClass } from './latency-class.js';
export { isLatencyClass, LATENCY_BUDGET_MS, LATENCY_CLASSES } from './latency-class.js';
export * as wireLimits from './limits.js';
export type {
  ChallengeFrame,
  CheckpointAckFrame,
  CheckpointFrame,
  CoordinatorFrame,
  DrainFrame,
  HeartbeatFrame,
  LinkErrorFrame,
  NodeLinkFrame,
  Peer,
  PeersFrame,
  PingFrame,
  PongFrame,
  Price,
  RegisteredFrame,
  RegisterFrame,
  RestoreFrame,
  SessionRefusedFrame,
  SessionStateFrame,
} from './link-frames.js';
export {
  COORDINATOR_FRAME_SCHEMAS,
  coordinatorFrameReader,
  HeartbeatFrameSchema,
  NODE_LINK_FRAME_SCHEMAS,
  nodeLinkFrameReader,
} from './link-frames.js';
export type {
  NodeRegistration,
  NodeRegistrationFields,
  RegistrationChallenge,
} from './node-registration.js';
export {
  NodeRegistrationSchema,
  signRegistration,
  verifyRegistration,
} from './node-registration.js';
export type { FrameReader } from './parse-frame.js';
export { frameReader } from './parse-frame.js';
export { attachProof, verifyAttachProof } from './session-attach.js';
export type {
  CheckpointReference,
  SessionCheckpoint,
  SessionCheckpointBody,
} from './session-checkpoint.js';
export {
  CheckpointReferenceSchema,
  checkpointReference,
  SessionCheckpointSchema,
  sealCheckpoint,
  verifyCheckpoint,
} from './session-checkpoint.js';
export type {
  AttachedFrame,
  AttachFrame,
  CancelFrame,
  ChunkFrame,
  ClientFrame,
  ClosedFrame,
  CloseFrame,
  DoneFrame,
  ErrorFrame,
  NodeFrame,
  TurnFrame,
} from './session-frames.js';
export {
  CLIENT_FRAME_SCHEMAS,
  clientFrameReader,
  NODE_FRAME_SCHEMAS,
  nodeFrameReader,
} from './session-frames.js';
export type { ResumeSessionRequest } from './session-resume.js';
export {
  checkResumeSessionRequest,
  ResumeSessionRequestSchema,
  resumeRequest,
  verifyResumeProof,
} from './session-resume.js';
export type { SessionTicket, TicketExpectation, TicketFields } from './session-ticket.js';
export { issueTicket, SessionTicketSchema, verifyTicket } from './session-ticket.js';
export { isSignedBy } from './signed-by.js';
export type {
  LinkUsageFrame,
  UnitPrice,
  UsageAckFrame,
  UsageFrame,
  UsageRefusedFrame,
  UsageSignedFrame,
} from './usage-frames.js';
export {
  LinkUsageFrameSchema,
  UnitPriceSchema,
  UsageAckFrameSchema,
  UsageFrameSchema,
  UsageRefusedFrameSchema,
  UsageSignedFrameSchema,
} from './usage-frames.js';
export type { WireErrorCode } from './wire-error-codes.js';
export {
  isWireErrorCode,
  RESUMABLE_CODES,
  RETRYABLE_CODES,
  WIRE_ERROR_CODES,
} from './wire-error-codes.js';
export type { WireError, WireResult } from './wire-result.js';
export { wireFail } from './wire-result.js';
export { WIRE_SCHEMAS } from './wire-schemas-catalog.js';
