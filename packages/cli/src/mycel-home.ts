/** Where the CLI keeps keys and the embedded store: $MYCEL_HOME, or ~/.mycel. Never inside the repository. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function mycelHome(): string {
  return process.env.MYCEL_HOME ?? join(homedir(), '.mycel');
}

export function defaultKeyPath(name: string): string {
  return join(mycelHome(), 'keys', `${name}.json`);
}

export function defaultStoreLocation(): string {
  return `sqlite:${join(mycelHome(), 'log.db')}`;
}

export const DEFAULT_ORIGIN = 'devnet.mycel.local/log';
