/**
 * Every OpenGrid wire object's schema, by the file name it is published under in
 * docs/spec/schemas/ (`npm run spec`). Each schema's `$id` ends in that name; frames are named
 * `frame-<t>`; the control link's error and usage frames are `frame-link-error` and
 * `frame-link-usage` (the session socket has frames of those types too).
 */
import type { TSchema } from '@sinclair/typebox';
import {
  CoordinatorInfoSchema,
  ErrorBodySchema,
  LandmarksResponseSchema,
  OpenSessionRequestSchema,
  OpenSessionResponseSchema,
  SessionRecordSchema,
} from './coordinator-api.js';
import {
  ChallengeFrameSchema,
  CheckpointAckFrameSchema,
  CheckpointFrameSchema,
  DrainFrameSchema,
  HeartbeatFrameSchema,
  LinkErrorFrameSchema,
  PeersFrameSchema,
  PingFrameSchema,
  PongFrameSchema,
  RegisteredFrameSchema,
  RegisterFrameSchema,
  RestoreFrameSchema,
  SessionRefusedFrameSchema,
  SessionStateFrameSchema,
} from './link-frames.js';
import { NodeRegistrationSchema } from './node-registration.js';
import { SessionCheckpointSchema } from './session-checkpoint.js';
import {
  AttachedFrameSchema,
  AttachFrameSchema,
  CancelFrameSchema,
  ChunkFrameSchema,
  ClosedFrameSchema,
  CloseFrameSchema,
  DoneFrameSchema,
  ErrorFrameSchema,
  TurnFrameSchema,
} from './session-frames.js';
import { ResumeSessionRequestSchema } from './session-resume.js';
import { SessionTicketSchema } from './session-ticket.js';
import {
  LinkUsageFrameSchema,
  UsageAckFrameSchema,
  UsageFrameSchema,
  UsageRefusedFrameSchema,
  UsageSignedFrameSchema,
} from './usage-frames.js';

export const WIRE_SCHEMAS: Readonly<Record<string, TSchema>> = {
  // Signed objects.
  'session-ticket-v1': SessionTicketSchema,
  'node-registration-v1': NodeRegistrationSchema,
  // Content-addressed objects.
  'session-checkpoint-v1': SessionCheckpointSchema,
  // The coordinator's HTTP API.
  'open-session-request-v1': OpenSessionRequestSchema,
  'open-session-response-v1': OpenSessionResponseSchema,
  'resume-session-request-v1': ResumeSessionRequestSchema,
  'landmarks-response-v1': LandmarksResponseSchema,
  'coordinator-info-v1': CoordinatorInfoSchema,
  'session-record-v1': SessionRecordSchema,
  'error-body-v1': ErrorBodySchema,
  // Session frames, client → node.
  'frame-attach-v1': AttachFrameSchema,
  'frame-turn-v1': TurnFrameSchema,
  'frame-cancel-v1': CancelFrameSchema,
  'frame-close-v1': CloseFrameSchema,
  'frame-usage-signed-v1': UsageSignedFrameSchema,
  'frame-usage-refused-v1': UsageRefusedFrameSchema,
  // Session frames, node → client.
  'frame-attached-v1': AttachedFrameSchema,
  'frame-chunk-v1': ChunkFrameSchema,
  'frame-done-v1': DoneFrameSchema,
  'frame-error-v1': ErrorFrameSchema,
  'frame-closed-v1': ClosedFrameSchema,
  'frame-usage-v1': UsageFrameSchema,
  // Control-link frames, coordinator → node.
  'frame-challenge-v1': ChallengeFrameSchema,
  'frame-registered-v1': RegisteredFrameSchema,
  'frame-peers-v1': PeersFrameSchema,
  'frame-ping-v1': PingFrameSchema,
  'frame-link-error-v1': LinkErrorFrameSchema,
  'frame-checkpoint-ack-v1': CheckpointAckFrameSchema,
  'frame-session-refused-v1': SessionRefusedFrameSchema,
  'frame-restore-v1': RestoreFrameSchema,
  'frame-usage-ack-v1': UsageAckFrameSchema,
  // Control-link frames, node → coordinator.
  'frame-register-v1': RegisterFrameSchema,
  'frame-heartbeat-v1': HeartbeatFrameSchema,
  'frame-pong-v1': PongFrameSchema,
  'frame-session-state-v1': SessionStateFrameSchema,
  'frame-checkpoint-v1': CheckpointFrameSchema,
  'frame-drain-v1': DrainFrameSchema,
  'frame-link-usage-v1': LinkUsageFrameSchema,
};
