/**
 * What both drivers decide the same way, given the contract's stored events read inside their
 * write transaction: the event's own checks, duplicates, the replay that admits it.
 */
import {
  type CodedError,
  type ContractState,
  canonicalJson,
  checkContractEvent,
  contractIdOf,
  failWith,
  type JsonValue,
  ok,
  replayContract,
} from '@mycel/kernel';
import { StoreError } from '../store-error.js';
import type { ContractStoreErrorCode, ContractStoreResult } from './contract-store.js';
import { CONTRACT_EVENT_BYTES_MAX } from './contract-store-limits.js';

export interface CheckedContractEvent {
  readonly id: string;
  readonly contract: string;
  readonly type: string;
  readonly by: string;
  readonly text: string;
  readonly event: JsonValue;
}

export function checkIncoming(event: JsonValue): ContractStoreResult<CheckedContractEvent> {
  const checked = checkContractEvent(event);
  if (!checked.ok) return checked;
  const text = canonicalJson(event);
  if (Buffer.byteLength(text, 'utf8') > CONTRACT_EVENT_BYTES_MAX) {
    return failWith('contract_event_too_large', `over ${CONTRACT_EVENT_BYTES_MAX} bytes`);
  }
  const value = checked.value;
  return ok({
    id: value.id,
    contract: contractIdOf(value),
    type: value.type,
    by: value.by,
    text,
    event,
  });
}

export type AppendDecision =
  | { readonly kind: 'duplicate'; readonly position: number; readonly state: ContractState }
  | { readonly kind: 'append'; readonly position: number; readonly state: ContractState };

/** `stored` are the contract's events in order (texts), read under the write lock. */
export function decideAppend(
  stored: readonly { readonly id: string; readonly text: string }[],
  incoming: CheckedContractEvent,
  nowMs: number,
): ContractStoreResult<AppendDecision> {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) {
    throw new StoreError('store_options_invalid', 'nowMs is a non-negative safe integer');
  }
  const events = stored.map((row) => JSON.parse(row.text) as JsonValue);
  const position = stored.findIndex((row) => row.id === incoming.id);
  if (position >= 0) {
    const state = replayContract(events, nowMs);
    if (!state.ok) return state;
    return ok({ kind: 'duplicate', position, state: state.value });
  }
  if (stored.length === 0 && incoming.type !== 'propose') {
    return failWith('contract_unknown', `no contract ${incoming.contract} is stored`);
  }
  const state = replayContract([...events, incoming.event], nowMs);
  if (!state.ok) return unindexed(state.error, stored.length);
  return ok({ kind: 'append', position: stored.length, state: state.value });
}

/** The replay names the event by its index in the history; the caller sent one event. */
function unindexed(
  error: CodedError<ContractStoreErrorCode>,
  index: number,
): ContractStoreResult<never> {
  const prefix = `/${index}`;
  const path = error.path?.startsWith(prefix) ? error.path.slice(prefix.length) || '/' : error.path;
  return failWith(error.code, error.message, path);
}

export function stateOfStored(
  contract: string,
  texts: readonly string[],
  nowMs: number,
): ContractStoreResult<ContractState> {
  if (texts.length === 0) return failWith('contract_unknown', `no contract ${contract} is stored`);
  return replayContract(
    texts.map((text) => JSON.parse(text) as JsonValue),
    nowMs,
  );
}
