/**
 * Failures of the storage layer itself, and refusals of records that would break a store's rules
 * (a stale checkpoint, a regressed epoch). Codes are stable and snake_case like every other error
 * in the system.
 */
export const STORE_ERROR_CODES = {
  store_unavailable: 'the database cannot be reached or opened',
  store_origin_mismatch: 'the database holds a log with another origin',
  store_corrupt: 'the database is missing data the log needs (a Merkle node or an entry)',
  store_url_invalid: 'the store location is neither sqlite:<path> nor postgres://...',
  store_pushback: 'too many proofs are waiting to be written; retry after a short delay',
  store_options_invalid:
    'the store options are contradictory or out of range (e.g. both or neither of a SQLite path and a PostgreSQL URL)',
  // Session checkpoints and session rows (session-store.ts). The three checkpoint_* codes name the
  // same rules as the wire's codes of those names, and say so in the same words.
  checkpoint_digest_mismatch:
    'the checkpoint does not hash to the digest it carries or was named by',
  checkpoint_too_large: 'the checkpoint (state and last turn output) is over the size limit',
  checkpoint_stale:
    'the checkpoint is not newer than the stored one, or is from an older epoch of the session',
  session_epoch_regressed: 'the session row names an older epoch than the one stored',
  session_epoch_conflict:
    'another coordinator recorded this epoch of the session first: this placement is void',
  session_record_invalid:
    'a session row, checkpoint or prune time is out of range: ids are non-empty; epochs, sequence numbers, counts and times are non-negative safe integers',
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
