/** Reading inputs and writing outputs, with the CLI's error codes instead of raw exceptions. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { CliError, type CliErrorCode } from './cli-error.js';
import { INPUT_FILE_BYTES_MAX } from './limits.js';

export function readInputFile(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError('file_unreadable', `cannot read ${path}`);
  }
  if (size > INPUT_FILE_BYTES_MAX) {
    throw new CliError(
      'file_unreadable',
      `${path} is ${size} bytes; inputs are at most ${INPUT_FILE_BYTES_MAX}`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

export function readInputText(path: string): string {
  return new TextDecoder().decode(readInputFile(path));
}

/** A JSON file; one that is there but is not JSON is `notJsonCode` (what the caller expected). */
export function readInputJson(path: string, notJsonCode: CliErrorCode): unknown {
  const text = readInputText(path);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(notJsonCode, `${path} is not JSON`);
  }
}

/** Writes `text` to `path`, or to stdout when no path is given. */
export function writeOutput(text: string, path: string | undefined): void {
  if (path === undefined) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  else writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
