/**
 * A session checkpoint (ARCHITECTURE §5.2): the agent's state after a turn, the number of that
 * turn and the chunks it produced (or the error it ended with), named by the content id of its
 * body. Every turn a node runs is settled by a checkpoint, failed ones included, because every
 * turn consumes its sequence number. The node sends one to
 * its coordinator after every successful turn and acknowledges the turn to the client only once
 * the coordinator has stored it; a node taking the session over restores exactly the checkpoint
 * its ticket names, and replays the kept chunks to a client whose `done` was lost.
 */
import { canonicalJson, contentId, digestOfText, type JsonValue } from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  CHECKPOINT_OUTPUT_CHUNKS_MAX,
  ERROR_MESSAGE_READ_LENGTH_MAX,
  SESSION_CHECKPOINT_BYTES_MAX,
} from './limits.js';
import { type WireResult, wireFail } from './wire-result.js';
import {
  AgentReferenceSchema,
  ContentIdSchema,
  EpochSchema,
  published,
  SessionIdSchema,
} from './wire-schemas.js';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const SessionCheckpointSchema = Type.Object(
  {
    sid: SessionIdSchema,
    epoch: EpochSchema,
    /** The last turn the node ran; the next turn is seq + 1. */
    seq: Count,
    /** Turns that completed successfully. */
    turns: Count,
    agent: AgentReferenceSchema,
    state: Type.Unknown(),
    /** The chunks turn `seq` produced, kept so a client that missed its `done` can be answered. */
    output: Type.Array(Type.Unknown(), { maxItems: CHECKPOINT_OUTPUT_CHUNKS_MAX }),
    /**
     * Turn `seq` failed (the agent threw, timed out, was cancelled...): the state is the one
     * before it, and this is the error its client is told, again if it asks again.
     */
    error: Type.Optional(
      Type.Object(
        {
          code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
          message: Type.String({ maxLength: ERROR_MESSAGE_READ_LENGTH_MAX }),
        },
        { additionalProperties: false },
      ),
    ),
    /** contentId of every other field. */
    digest: ContentIdSchema,
  },
  {
    additionalProperties: false,
    ...published('session-checkpoint-v1', 'OpenGrid session checkpoint v1'),
  },
);
/** The schema's shape, with state and output as the JSON they are (parsed from JSON text). */
export type SessionCheckpoint = Omit<Static<typeof SessionCheckpointSchema>, 'state' | 'output'> & {
  readonly state: JsonValue;
  readonly output: JsonValue[];
};
export type SessionCheckpointBody = Omit<SessionCheckpoint, 'digest'>;

/** What a ticket says about the checkpoint the node must restore: none, or exactly this one. */
export const CheckpointReferenceSchema = Type.Object(
  { seq: Count, digest: ContentIdSchema },
  { additionalProperties: false },
);
export type CheckpointReference = Static<typeof CheckpointReferenceSchema>;

const checkShape = TypeCompiler.Compile(SessionCheckpointSchema);

/** Names a checkpoint body by its digest; refuses one over SESSION_CHECKPOINT_BYTES_MAX. */
export function sealCheckpoint(body: SessionCheckpointBody): WireResult<SessionCheckpoint> {
  const text = canonicalJson(body as unknown as JsonValue);
  const bytes = Buffer.byteLength(text);
  if (bytes > SESSION_CHECKPOINT_BYTES_MAX) {
    return wireFail(
      'checkpoint_too_large',
      `a checkpoint is at most ${SESSION_CHECKPOINT_BYTES_MAX} bytes; this one is ${bytes}`,
    );
  }
  if (body.output.length > CHECKPOINT_OUTPUT_CHUNKS_MAX) {
    return wireFail(
      'checkpoint_too_large',
      `a turn kept for replay has at most ${CHECKPOINT_OUTPUT_CHUNKS_MAX} chunks`,
    );
  }
  return { ok: true, value: { ...body, digest: digestOfText(text) } };
}

/** Shape and digest of a checkpoint from the wire (attacker-controlled). */
export function verifyCheckpoint(value: unknown): WireResult<SessionCheckpoint> {
  if (!checkShape.Check(value)) {
    const first = checkShape.Errors(value).First();
    return wireFail('frame_malformed', `not a session checkpoint: ${first?.message ?? 'shape'}`);
  }
  const checked = value as SessionCheckpoint;
  const { digest, ...body } = checked;
  if (contentId(body as unknown as JsonValue) !== digest) {
    return wireFail('checkpoint_digest_mismatch', 'the checkpoint does not hash to its digest');
  }
  return { ok: true, value: checked };
}

/** The reference a ticket carries for `checkpoint`. */
export function checkpointReference(checkpoint: SessionCheckpoint): CheckpointReference {
  return { seq: checkpoint.seq, digest: checkpoint.digest };
}
