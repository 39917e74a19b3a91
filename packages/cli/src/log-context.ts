/** Opening the proof log the way every log command and the service do: store, key, verifier. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ProofVerifier } from '@mycel/kernel';
import { type LogStore, openLogStore, ProofLog } from '@mycel/store';
import { CliError } from './cli-error.js';
import { readSigner } from './key-file.js';
import { DEFAULT_ORIGIN, defaultKeyPath, defaultStoreLocation } from './mycel-home.js';
import { loadTrust, type TrustOptions } from './trust-files.js';

export interface LogOptions extends TrustOptions {
  readonly store?: string;
  readonly origin?: string;
  readonly logKey?: string;
}

export interface LogContext {
  readonly log: ProofLog;
  readonly store: LogStore;
  close(): Promise<void>;
}

export async function openLogContext(options: LogOptions): Promise<LogContext> {
  const keyPath = options.logKey ?? defaultKeyPath('log');
  if (!existsSync(keyPath)) {
    throw new CliError(
      'log_key_missing',
      `no log key at ${keyPath}; create one with: mycel keygen --name log`,
    );
  }
  const signer = readSigner(keyPath);
  if (signer.alg !== 'Ed25519')
    throw new CliError('key_file_invalid', 'a log key must be Ed25519 (C2SP signed notes)');
  const location = options.store ?? defaultStoreLocation();
  if (location.startsWith('sqlite:'))
    mkdirSync(dirname(location.slice('sqlite:'.length)), { recursive: true });
  const trust = loadTrust(options);
  const store = await openLogStore(location, options.origin ?? DEFAULT_ORIGIN);
  const log = new ProofLog({
    store,
    verifier: new ProofVerifier({ trust }),
    origin: options.origin ?? DEFAULT_ORIGIN,
    signer,
    now: () => Date.now(),
  });
  return { log, store, close: () => store.close() };
}
