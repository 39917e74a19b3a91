/**
 * The NodeCo store's refusals, stable and snake_case like every other store code. They are
 * raised as StoreError (nodeco-error.ts) so callers handle every store failure one way, by
 * `error.code`. This file imports nothing but limits, so store-error.ts can spread
 * NODECO_ERROR_CODES into STORE_ERROR_CODES without an import cycle.
 */
import {
  NODECO_DOCUMENT_BYTES_MAX,
  NODECO_ID_CHARS_MAX,
  NODECO_TRANSFERS_PER_NODE_MAX,
} from './nodeco-limits.js';

export const NODECO_ERROR_CODES = {
  nodeco_exists: 'the node already has a NodeCo record with another id; a record is never replaced',
  nodeco_unknown: 'the node has no NodeCo record, so no share transfer can be appended to it',
  nodeco_transfer_conflict:
    'the node holds another number of share transfers than the one the append was built on: another writer appended first; re-read and re-validate',
  nodeco_document_too_large: `a NodeCo record or share transfer is over ${NODECO_DOCUMENT_BYTES_MAX} bytes of canonical JSON`,
  nodeco_transfers_too_many: `the node already holds ${NODECO_TRANSFERS_PER_NODE_MAX} share transfers, the most one node may have`,
  nodeco_record_invalid: `a NodeCo input is out of range: node, record and transfer ids are non-empty strings of at most ${NODECO_ID_CHARS_MAX} characters; counts and times are non-negative safe integers; documents are plain JSON (no bigint, undefined, non-finite number or lone surrogate)`,
} as const;

export type NodeCoErrorCode = keyof typeof NODECO_ERROR_CODES;
