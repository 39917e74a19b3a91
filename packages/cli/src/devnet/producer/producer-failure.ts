/** A step of the producer loop that failed: the devnet stops with the step and the code it got. */
import { CliError } from '../../cli-error.js';

export function producerFailure(
  step: string,
  error: { readonly code: string; readonly message: string },
): CliError {
  return new CliError(
    'devnet_failed',
    `producer federation, ${step}: ${error.code}: ${error.message}`,
  );
}
