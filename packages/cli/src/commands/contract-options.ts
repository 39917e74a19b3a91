/**
 * What every `mycel contract` verb shares: the store (`--db`, default $MYCEL_HOME/contracts.db),
 * the signing key (`--key`: a key file, or a key name under $MYCEL_HOME/keys), the event time
 * (`--at`, default now), parties named by did:key or by key name, and appending one signed
 * event to a stored contract. Refusals print the kernel's or the store's code.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type ContractEventFields,
  type ContractState,
  formatTimestamp,
  type JsonValue,
  parseDidKey,
  type Signer,
  signContractEvent,
} from '@mycel/kernel';
import { CONTRACT_SQLITE_FILE, type ContractStore, openContractStore } from '@mycel/store';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputJson } from '../files.js';
import { readSigner } from '../key-file.js';
import { defaultKeyPath, mycelHome } from '../mycel-home.js';
import { type OutputOptions, unwrap } from '../output.js';
import { timeOption } from './settlement-options.js';

export interface ContractOptions extends OutputOptions {
  readonly db?: string;
  readonly at?: string;
}

/** The options every contract verb takes last: the store (`--db`) and `--json`. */
export function withContractStoreOptions(command: Command): Command {
  return command
    .option('--db <file>', 'the contract store (default $MYCEL_HOME/contracts.db)')
    .option('--json', 'machine-readable output');
}

export interface SignedContractOptions extends ContractOptions {
  readonly key: string;
}

const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** A key file path, or a key name (`buyer` → $MYCEL_HOME/keys/buyer.json). */
export function keyPath(value: string): string {
  return KEY_NAME.test(value) && !value.endsWith('.json') ? defaultKeyPath(value) : value;
}

export function contractSigner(options: SignedContractOptions): Signer {
  return readSigner(keyPath(options.key));
}

/** A did:key, or the DID of a key name / key file. */
export function partyDid(value: string, flag: string): string {
  if (value.startsWith('did:')) {
    if (!parseDidKey(value).ok) {
      throw new CliError('argument_invalid', `${flag} is a did:key or a key name, not ${value}`);
    }
    return value;
  }
  const path = keyPath(value);
  const file = readInputJson(path, 'key_file_invalid') as { did?: unknown } | null;
  if (typeof file?.did !== 'string') {
    throw new CliError('key_file_invalid', `${path} is not a mycel key file`);
  }
  return file.did;
}

/** The event time: --at, or now. */
export function eventTimeMs(options: ContractOptions): number {
  return options.at === undefined ? Date.now() : timeOption('--at', options.at);
}

export async function openContracts(options: ContractOptions): Promise<ContractStore> {
  const path = options.db ?? join(mycelHome(), CONTRACT_SQLITE_FILE);
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return openContractStore({ sqlitePath: path });
}

export async function withContracts<T>(
  options: ContractOptions,
  work: (store: ContractStore) => Promise<T>,
): Promise<T> {
  const store = await openContracts(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The stored contract's state now (or at --at when that is later). */
export async function currentState(
  store: ContractStore,
  contract: string,
  nowMs: number,
): Promise<ContractState> {
  return unwrap(await store.state(contract, nowMs));
}

/**
 * Signs one event of `type` onto the stored contract's head and appends it; the store replays
 * the contract with it and refuses it (with the code) unless that succeeds.
 */
export async function appendContractEvent(
  store: ContractStore,
  contract: string,
  type: string,
  payload: Record<string, unknown>,
  signer: Signer,
  atMs: number,
): Promise<ContractState> {
  const nowMs = Math.max(Date.now(), atMs);
  const state = await currentState(store, contract, nowMs);
  const fields = {
    type,
    contract,
    prev: state.head,
    at: formatTimestamp(atMs),
    by: signer.key.did,
    ...payload,
  };
  const event = signContractEvent(fields as unknown as ContractEventFields, signer);
  return unwrap(await store.appendEvent(event as unknown as JsonValue, nowMs)).state;
}

/** One line a human reads after a verb: the contract, its status, what is due. */
export function stateLine(contract: string, state: ContractState): string {
  const due = state.effects.length === 0 ? '' : `, ${state.effects.length} effect(s) due`;
  return `contract ${contract} ${state.status}${due}`;
}
