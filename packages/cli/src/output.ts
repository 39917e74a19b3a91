/**
 * How commands speak: a human line (or block) by default, one JSON object with --json. Every
 * failure, whatever layer it comes from, prints as its stable code and sets a non-zero exit.
 */
import { StoreError } from '@mycel/store';
import { CliError } from './cli-error.js';

export interface OutputOptions {
  readonly json?: boolean;
}

export interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

/** A failed kernel or store Result, carried up to the command runner. */
export class ResultFailure extends Error {
  constructor(readonly error: CodedError) {
    super(error.message);
    this.name = 'ResultFailure';
  }
}

export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: CodedError }): T {
  if (!result.ok) throw new ResultFailure(result.error);
  return result.value;
}

export function printResult(
  options: OutputOptions,
  human: string,
  machine: Record<string, unknown>,
): void {
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, ...machine })}\n`);
  else process.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
}

function codedErrorOf(error: unknown): CodedError | undefined {
  if (error instanceof ResultFailure) return error.error;
  if (error instanceof CliError || error instanceof StoreError)
    return { code: error.code, message: error.message };
  return undefined;
}

export function printError(options: OutputOptions, error: CodedError): void {
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
  else
    process.stderr.write(
      `error ${error.code}: ${error.message}${error.path ? ` (at ${error.path})` : ''}\n`,
    );
  process.exitCode = 1;
}

/** Runs a command body; coded failures print and exit 1, anything else is a bug and is rethrown. */
export async function runCommand(
  options: OutputOptions,
  body: () => Promise<void> | void,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    const coded = codedErrorOf(error);
    if (coded === undefined) throw error;
    printError(options, coded);
  }
}
