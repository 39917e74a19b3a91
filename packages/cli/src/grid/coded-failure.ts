/**
 * Failures of the grid libraries that a user can fix, as the CLI's coded errors: a session the
 * grid refused or could not reach (the SDK's OpenGridError), a node option or data folder the
 * daemon refused (NodeStartError), an address a service cannot listen on. They print as
 * `error <code>: ...` and exit 1 like every other command failure. Anything else is a bug and
 * stays an exception.
 */
import { NodeStartError } from '@mycel/grid';
import { OpenGridError } from '@mycel/sdk';
import { CliError } from '../cli-error.js';
import { ResultFailure } from '../output.js';

/** System calls whose failure means "this address cannot be listened on". */
const LISTEN_SYSCALLS = new Set(['listen', 'bind', 'getaddrinfo']);

export function codedGridFailure(error: unknown): unknown {
  if (error instanceof OpenGridError) {
    return new ResultFailure({ code: error.code, message: error.message });
  }
  if (error instanceof NodeStartError) {
    // Its message starts with its code already.
    const message = error.message.startsWith(`${error.code}: `)
      ? error.message.slice(error.code.length + 2)
      : error.message;
    return new ResultFailure({ code: error.code, message });
  }
  const { syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (error instanceof Error && syscall !== undefined && LISTEN_SYSCALLS.has(syscall)) {
    return new CliError('argument_invalid', `cannot listen: ${error.message}`);
  }
  return error;
}

/** Runs `body`, turning the grid failures above into coded ones. */
export async function withCodedGridFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw codedGridFailure(error);
  }
}
