/**
 * The simulator's codes: what its command line refuses, and what each invariant violation it
 * reports means. Codes are stable: a seed's report names the same code on every replay.
 */
export const SIM_ERROR_CODES = {
  sim_options_invalid: 'a simulator option is missing, not a whole number, or out of range',
  sim_violation: 'the run broke an invariant (the report names which, at which step)',
} as const;

export type SimErrorCode = keyof typeof SIM_ERROR_CODES;

export class SimOptionsError extends Error {
  readonly code: SimErrorCode = 'sim_options_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'SimOptionsError';
  }
}

/** What each violation code means; the invariant it belongs to is in its report. */
export const VIOLATION_CODES = {
  // I1
  epoch_served_twice: 'two nodes hold a live turn machine for the same session and epoch',
  ack_from_stale_epoch:
    'a client received a turn acknowledgement from an older epoch than one that already acknowledged a turn',
  // I2
  ack_not_durable:
    'a client acknowledged a turn the coordinator (or its store) holds no checkpoint at or after',
  checkpoint_state_wrong:
    'the durable checkpoint lost an acknowledged turn, applied one twice or out of order, or applied a failed one',
  checkpoint_unknown: 'the coordinator names a checkpoint the store never accepted',
  chunks_wrong:
    "the chunks a client application received for a turn are not the agent's chunks for it",
  session_forgotten: 'the coordinator lost a session its client still holds',
  acknowledgement_disputed:
    'a node or the coordinator disputed what the client saw acknowledged (turn_sequence_invalid, resume_seq_ahead)',
  // I3
  migration_over_budget: 'a session stayed migrating past MIGRATION_BUDGET_MS plus one tick',
  starting_past_expiry: 'a session stayed starting after its ticket expired plus one tick',
  failed_without_reason: 'a session failed and the coordinator recorded no reason',
  transient_state_visible: 'a session was requested or placing between two steps',
  // anything
  exception_thrown: 'grid or simulator code threw (an assertion failed)',
} as const;

export type ViolationCode = keyof typeof VIOLATION_CODES;
