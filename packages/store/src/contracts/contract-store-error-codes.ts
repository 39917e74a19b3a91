/**
 * Refusals of the contract event store of its own (docs/spec/contracts.md). Every other refusal
 * of an event is the kernel's code from replayContract (contract_*, signature_*), passed through
 * unchanged. Failures of the database itself are StoreErrors (store_unavailable, ...), thrown.
 */
import { CONTRACT_EVENT_BYTES_MAX } from './contract-store-limits.js';

export const CONTRACT_STORE_ERROR_CODES = {
  contract_unknown: 'the event names a contract this store holds no proposal for',
  contract_event_too_large: `the contract event is over ${CONTRACT_EVENT_BYTES_MAX} bytes of canonical JSON`,
} as const;

export type ContractStoreOwnCode = keyof typeof CONTRACT_STORE_ERROR_CODES;
