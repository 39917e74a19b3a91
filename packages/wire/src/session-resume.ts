/**
 * Resuming a session after its node failed or moved it (ARCHITECTURE §5.2). The client asks the
 * coordinator for the session's current placement, proving with the key the session was opened
 * for that it is the session's client, and saying the last turn it saw acknowledged. The answer
 * has the shape of an open: the node, the epoch, a ticket bound to the same client key.
 */
import {
  contentId,
  parseDidKey,
  type SignatureEntry,
  type Signer,
  signatureEntry,
  signingInput,
} from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { isSignedBy } from './signed-by.js';
import { type WireResult, wireFail } from './wire-result.js';
import { EpochSchema, published, SignatureSchema } from './wire-schemas.js';

export const ResumeSessionRequestSchema = Type.Object(
  {
    /** The epoch the client was attached at when it lost the node. */
    epoch: EpochSchema,
    /** The last turn whose `done` the client received (0 for none). */
    lastSeq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    /** The client key's signature (kind session-resume) over the id of {sid, epoch, lastSeq}. */
    proof: SignatureSchema,
  },
  {
    additionalProperties: false,
    ...published('resume-session-request-v1', 'OpenGrid resume session request v1'),
  },
);
export type ResumeSessionRequest = Static<typeof ResumeSessionRequestSchema>;
export const checkResumeSessionRequest = TypeCompiler.Compile(ResumeSessionRequestSchema);

function resumeId(sid: string, epoch: number, lastSeq: number): string {
  return contentId({ sid, epoch, lastSeq });
}

export function resumeRequest(
  sid: string,
  epoch: number,
  lastSeq: number,
  client: Signer,
): ResumeSessionRequest {
  const proof = signatureEntry(
    client,
    signingInput('session-resume', resumeId(sid, epoch, lastSeq)),
  );
  return { epoch, lastSeq, proof };
}

/** Is `request` signed by `client` (the did the session was opened for) for session `sid`? */
export function verifyResumeProof(
  sid: string,
  request: ResumeSessionRequest,
  client: string,
): WireResult<true> {
  const key = parseDidKey(client);
  if (!key.ok) return wireFail('resume_proof_invalid', 'the session names no valid client key');
  const proof: SignatureEntry = request.proof;
  const id = resumeId(sid, request.epoch, request.lastSeq);
  if (!isSignedBy(proof, 'session-resume', id, key.value)) {
    return wireFail(
      'resume_proof_invalid',
      'the resume request is not signed by the session client',
    );
  }
  return { ok: true, value: true };
}
