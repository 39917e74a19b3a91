/**
 * Every error code the OpenGrid wire protocol can carry: in session frames, control-link frames
 * and coordinator HTTP answers. Codes are protocol: they never change meaning.
 */
export const WIRE_ERROR_CODES = {
  // Session tickets (session-ticket.ts).
  ticket_malformed: 'the ticket is not a well-formed session ticket',
  ticket_altered: 'the ticket body does not hash to its id: it was changed after signing',
  ticket_signature_invalid: 'the ticket is not signed by the coordinator this node trusts',
  ticket_expired: 'the ticket expired',
  ticket_not_yet_valid: 'the ticket was issued in the future, beyond the allowed clock skew',
  ticket_wrong_audience: 'the ticket was issued for another grid',
  ticket_wrong_node: 'the ticket names another node',
  ticket_stale_epoch: 'the ticket is for an older placement epoch of the session than one seen',
  attach_proof_invalid: 'the client did not prove it holds the key the ticket was issued to',
  // Node registration (node-registration.ts).
  registration_malformed: 'the registration is not a well-formed signed registration',
  registration_proof_invalid:
    'the registration is not signed by the key of the node it names, or not for this challenge',
  registration_wrong_grid: 'the registration answers a challenge of another grid',
  // Frames.
  frame_too_large: 'the frame is over the size limit',
  frame_malformed: 'the frame is not JSON of a known shape',
  frame_unknown_type: 'the frame type is not one this endpoint accepts',
  // Sessions on a node.
  session_not_attached: 'a turn arrived before the session was attached with a valid ticket',
  session_already_attached: 'the connection already serves a session',
  session_closed: 'the session is closed',
  session_not_found: 'no session with this id is known',
  turn_sequence_invalid: 'the turn sequence number is not the next one',
  turn_in_progress: 'a turn of this session is still running',
  node_at_capacity: 'the node has no free slot for this latency class',
  node_draining: 'the node is shutting down and takes no new sessions',
  client_not_reading:
    'the client left too much turn output unread; the node aborted the turn instead of buffering it',
  // Turns (the inference plane's outcomes, carried to the client).
  turn_failed: 'the agent threw while handling the turn',
  turn_timeout: 'the agent did not finish the turn in time; its worker was replaced',
  turn_cancelled: 'the turn was cancelled (the client went away or closed the session)',
  worker_lost: 'the worker running the turn died or hung and was replaced',
  agent_unknown: 'no agent with this name or id is known',
  agent_load_failed: 'the agent bundle could not be fetched, verified or loaded',
  backend_unavailable: 'the OpenAI-compatible backend could not be reached',
  backend_error: 'the OpenAI-compatible backend answered with an error',
  // Routing (coordinator).
  request_malformed: 'the request body is not of the documented shape',
  request_too_large: 'the request body is over the size limit',
  route_pushback: 'every suitable node is full: retry after retryAfterMs',
  route_no_candidates: 'no node passes the hard filters (agent, latency budget, attestation)',
  coordinator_unavailable: 'the coordinator could not be reached',
  node_unavailable: 'the node could not be reached',
  route_not_found: 'no such route',
  // Coordinator: control links, session reports and assets.
  registration_required:
    'the first frame on a control link must be a registration answering the challenge',
  node_table_full: 'the coordinator tracks the most nodes it accepts; register with another one',
  link_replaced: 'a newer control link of the same node replaced this one',
  link_timeout: 'the node did not register or answer link pings in time',
  session_wrong_node: 'a node reported on a session that is placed on another node',
  session_epoch_stale: 'the report names an older placement epoch of the session',
  session_transition_invalid: 'the session cannot move from its current state to the reported one',
  // Checkpoints, migration and resume (session-checkpoint.ts, session-resume.ts).
  checkpoint_digest_mismatch:
    'the checkpoint does not hash to the digest it carries or was named by',
  checkpoint_too_large: 'the checkpoint (state and last turn output) is over the size limit',
  checkpoint_stale:
    'the checkpoint is not newer than the stored one, or is from an older epoch of the session',
  checkpoint_missing: 'the ticket names a checkpoint the node has not received',
  checkpoint_unavailable:
    'the node could not make the turn durable in time: the session moves and the turn is re-sent',
  resume_proof_invalid: 'the resume request is not signed by the key the session was opened for',
  resume_seq_ahead: 'the resume names a turn later than the last one acknowledged',
  resume_pending: 'the session is being moved: retry after retryAfterMs',
  session_moved: 'the node handed the session back: resume it through the coordinator',
  migration_timeout: 'no node could take the session over within its migration budget',
  control_token_invalid:
    "the request to the node's control endpoint does not carry the token from the node's data folder",
  session_epoch_conflict:
    'another coordinator recorded this epoch of the session first: this placement is void',
  // Usage proofs (usage-frames.ts): why a client will not countersign (`usage-refused`), and why
  // a node will not forward a countersigned proof.
  usage_malformed:
    'the usage proof is not a well-formed mip-session/usage proof (MIP, claim, or an envelope that contradicts it)',
  usage_subject_mismatch: 'the usage proof is about another session',
  usage_node_mismatch: 'the usage proof names a node other than the one serving the session',
  usage_signature_invalid:
    'the usage proof is not signed by the node it names, or its body does not hash to its id',
  usage_client_mismatch: "the usage proof names a client other than the session's key",
  usage_epoch_mismatch: 'the usage proof names a placement epoch other than the current one',
  usage_price_mismatch: 'the unit price differs from the price the coordinator quoted',
  usage_window_overlap: 'the usage window begins before the end of one already countersigned',
  usage_seconds_exceeded:
    'the usage proofs claim more seconds than the client has been attached to the node in the epoch',
  usage_turns_exceeded:
    'the usage proofs claim more turns than the client completed with the node in the epoch',
  usage_countersignature_invalid:
    "the countersigned usage proof is not the one offered plus one valid signature by the session's client",
  asset_not_found: 'no asset with this id is stored',
  asset_hash_mismatch: 'the uploaded bytes do not hash to the asset id they were sent under',
  internal_error: 'an unexpected failure; the log has details',
  // --- canopy + federation (docs/spec/mmp-canopy.md): what an overflowed open may answer ---
  canopy_forward_invalid:
    'a forwarded placement request is malformed, not signed by the coordinator it names, too old, replayed, or from a coordinator its federation pack does not name',
  session_treaty_required:
    'the session would cross into another federation and no treaty between the two is held',
  treaty_expired: 'the treaty between the two federations has ended',
  treaty_not_yet_valid: 'the treaty between the two federations is not in force yet',
  treaty_kind_not_listed: 'the treaty between the two federations does not let sessions cross',
  treaty_mip_not_listed: 'the treaty restricts MIPs and a session names none of them',
  treaty_jurisdiction_not_listed:
    "the treaty lists jurisdictions and the placing colony's is not among them",
} as const;

export type WireErrorCode = keyof typeof WIRE_ERROR_CODES;

export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && Object.hasOwn(WIRE_ERROR_CODES, value);
}

/** Errors after which a client may retry the same request later. */
export const RETRYABLE_CODES: readonly WireErrorCode[] = [
  'route_pushback',
  'coordinator_unavailable',
  'node_unavailable',
  'node_at_capacity',
  'resume_pending',
];

/**
 * Session-level codes after which the SDK resumes the session through the coordinator instead of
 * failing it: the node went away, was fenced off by a newer epoch, or handed the session back.
 */
export const RESUMABLE_CODES: readonly WireErrorCode[] = [
  'node_unavailable',
  'node_draining',
  'ticket_stale_epoch',
  'session_moved',
  'checkpoint_unavailable',
  'checkpoint_missing',
  // The node picked for a moved session was full (its free slots were not known yet).
  'node_at_capacity',
];
