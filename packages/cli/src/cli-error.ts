/**
 * Errors of the command line itself (files, keys, arguments). Protocol failures keep the codes the
 * kernel and store give them; the CLI prints every error as `error <code>: <message>` (or JSON
 * with --json) and exits non-zero.
 */
export const CLI_ERROR_CODES = {
  argument_invalid: 'a command-line argument is missing or not in the expected form',
  file_unreadable: 'an input file does not exist, cannot be read, or is too large',
  file_exists: 'the output file already exists (pass --force to replace it)',
  key_file_invalid: 'the key file is not a mycel private key file',
  key_path_in_repository: 'private keys are never written inside a git working tree',
  log_key_missing: 'the log has no signing key yet (run `mycel keygen --name log`)',
  answer_invalid: 'the log answer or inclusion-proof file is not in the expected form',
  log_empty: 'nothing has been logged yet, so there is no checkpoint',
  entry_not_found: 'no entry with this proof id is in the log',
  node_not_running:
    'no running node was found for this data folder (no control.json, or nothing answers at its URL)',
  drain_failed: 'the node refused the drain or did not finish it; the message says why',
  ledger_not_found:
    'no ledger where --data, --ledger or --postgres points (a missing SQLite file is never created)',
  coordinator_unavailable: 'the coordinator could not be reached, or answered with something else',
  devnet_failed:
    'a devnet service did not start, or the devnet did not reach a step in time (its service logs say why)',
} as const;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
