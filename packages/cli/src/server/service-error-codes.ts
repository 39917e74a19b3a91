/** Codes only the HTTP log service gives (the rest come from the kernel, the store and the CLI). */
export const SERVICE_ERROR_CODES = {
  log_empty: 'nothing has been logged yet, so there is no checkpoint',
  entry_not_found: 'no entry with this proof id is in the log',
  internal_error: 'the service failed; its log says why',
} as const;
