/**
 * Failures of the storage layer itself (not of the caller's input, which gets kernel Results).
 * Codes are stable and snake_case like every other error in the system.
 */
export const STORE_ERROR_CODES = {
  store_unavailable: 'the database cannot be reached or opened',
  store_origin_mismatch: 'the database holds a log with another origin',
  store_corrupt: 'the database is missing data the log needs (a Merkle node or an entry)',
  store_url_invalid: 'the store location is neither sqlite:<path> nor postgres://...',
  store_pushback: 'too many proofs are waiting to be written; retry after a short delay',
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
