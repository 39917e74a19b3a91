/**
 * The session ticket (ARCHITECTURE §5.2): the coordinator's signed right for one node to serve one
 * session at one placement epoch, for one client key, within one grid, until it expires. A node
 * serves a session only with a ticket that passes every check below; it remembers the highest
 * epoch it has seen per session, so a ticket of an older placement is refused (fencing).
 */
import {
  contentId,
  type DidKey,
  type JsonValue,
  type Signer,
  sealObject,
  withSignature,
} from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { LatencyClass } from './latency-class.js';
import { TICKET_CLOCK_SKEW_MS, TICKET_TTL_MS } from './limits.js';
import { type CheckpointReference, CheckpointReferenceSchema } from './session-checkpoint.js';
import { isSignedBy } from './signed-by.js';
import { type WireResult, wireFail } from './wire-result.js';
import {
  AgentReferenceSchema,
  DidSchema,
  EpochSchema,
  LabelSchema,
  LatencyClassSchema,
  MillisSchema,
  published,
  SessionIdSchema,
  SignatureSchema,
} from './wire-schemas.js';

export const SessionTicketSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('session-ticket'),
    sid: SessionIdSchema,
    epoch: EpochSchema,
    node: DidSchema,
    agent: AgentReferenceSchema,
    class: LatencyClassSchema,
    client: DidSchema,
    aud: LabelSchema,
    iat: MillisSchema,
    exp: MillisSchema,
    /**
     * A ticket of a moved session (epoch > 1) names the checkpoint the node must restore, or
     * none when the session had no turn yet; a fresh session's ticket has none either.
     */
    checkpoint: Type.Optional(CheckpointReferenceSchema),
    id: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
    signatures: Type.Array(SignatureSchema, { minItems: 1, maxItems: 1 }),
  },
  { additionalProperties: false, ...published('session-ticket-v1', 'OpenGrid session ticket v1') },
);

export type SessionTicket = Static<typeof SessionTicketSchema>;

const checkTicketShape = TypeCompiler.Compile(SessionTicketSchema);

export interface TicketFields {
  readonly sid: string;
  readonly epoch: number;
  readonly node: string;
  readonly agent: string;
  readonly class: LatencyClass;
  readonly client: string;
  /** The grid the ticket is valid in (the coordinator's grid name). */
  readonly aud: string;
  readonly nowMs: number;
  readonly ttlMs?: number;
  /** The checkpoint a moved session resumes from. */
  readonly checkpoint?: CheckpointReference;
}

export function issueTicket(fields: TicketFields, coordinator: Signer): SessionTicket {
  const body = {
    v: 1 as const,
    kind: 'session-ticket' as const,
    sid: fields.sid,
    epoch: fields.epoch,
    node: fields.node,
    agent: fields.agent,
    class: fields.class,
    client: fields.client,
    aud: fields.aud,
    iat: fields.nowMs,
    exp: fields.nowMs + (fields.ttlMs ?? TICKET_TTL_MS),
    ...(fields.checkpoint === undefined ? {} : { checkpoint: { ...fields.checkpoint } }),
  };
  return withSignature(sealObject(body), 'session-ticket', coordinator) as SessionTicket;
}

export interface TicketExpectation {
  /** The coordinator key the node trusts. */
  readonly coordinator: DidKey;
  /** The grid the node belongs to. */
  readonly audience: string;
  /** The node checking the ticket. */
  readonly node: string;
  readonly nowMs: number;
  /** The highest epoch this node has seen for the ticket's session, if any. */
  readonly highestEpochSeen?: number;
}

/** Checks, in this order: shape, id, signature, audience, node, time window, epoch. */
export function verifyTicket(value: unknown, expect: TicketExpectation): WireResult<SessionTicket> {
  if (!checkTicketShape.Check(value)) {
    const first = checkTicketShape.Errors(value).First();
    return wireFail('ticket_malformed', `not a session ticket: ${first?.message ?? 'bad shape'}`);
  }
  const { id, signatures, ...body } = value;
  if (contentId(body as unknown as JsonValue) !== id) {
    return wireFail('ticket_altered', 'the ticket body does not hash to its id');
  }
  if (!isSignedBy(signatures[0]!, 'session-ticket', id, expect.coordinator)) {
    return wireFail(
      'ticket_signature_invalid',
      'the ticket is not signed by the trusted coordinator',
    );
  }
  if (value.aud !== expect.audience) {
    return wireFail('ticket_wrong_audience', `the ticket is for grid ${value.aud}`);
  }
  if (value.node !== expect.node)
    return wireFail('ticket_wrong_node', 'the ticket names another node');
  if (value.exp + TICKET_CLOCK_SKEW_MS <= expect.nowMs) {
    return wireFail('ticket_expired', `the ticket expired at ${new Date(value.exp).toISOString()}`);
  }
  if (value.iat - TICKET_CLOCK_SKEW_MS > expect.nowMs) {
    return wireFail('ticket_not_yet_valid', 'the ticket was issued in the future');
  }
  if (expect.highestEpochSeen !== undefined && value.epoch < expect.highestEpochSeen) {
    return wireFail(
      'ticket_stale_epoch',
      `epoch ${value.epoch} is older than epoch ${expect.highestEpochSeen} of this session`,
    );
  }
  return { ok: true, value };
}
