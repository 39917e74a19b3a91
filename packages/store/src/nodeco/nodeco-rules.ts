/**
 * The rules both NodeCo drivers share, as plain functions, so the drivers differ only in how
 * they lock and write: input ranges and document size first (before any database work), then
 * the decisions a save or an append makes from what is stored.
 */
import { canonicalJson, type JsonValue } from '@mycel/kernel';
import { nodecoError } from './nodeco-error.js';
import {
  NODECO_DOCUMENT_BYTES_MAX,
  NODECO_DOCUMENT_DEPTH_MAX,
  NODECO_ID_CHARS_MAX,
  NODECO_TRANSFERS_PER_NODE_MAX,
} from './nodeco-limits.js';
import type {
  AppendShareTransfer,
  AppendShareTransferOutcome,
  SaveNodeCoRecord,
  SaveNodeCoRecordOutcome,
} from './nodeco-store.js';

/** A record that passed checkRecord: its canonical text, ready to store. */
export interface CheckedRecord {
  readonly node: string;
  readonly recordId: string;
  readonly text: string;
  readonly atMs: number;
}

/** A transfer that passed checkTransfer: its canonical text, ready to store. */
export interface CheckedTransfer {
  readonly node: string;
  readonly id: string;
  readonly text: string;
  readonly expectedCount: number;
  readonly atMs: number;
}

export function checkRecord(input: SaveNodeCoRecord): CheckedRecord {
  requireId('node', input.node);
  requireId('recordId', input.recordId);
  requireCount('atMs', input.atMs);
  const text = documentText(input.record, `the NodeCo record of ${input.node}`);
  return { node: input.node, recordId: input.recordId, text, atMs: input.atMs };
}

export function checkTransfer(input: AppendShareTransfer): CheckedTransfer {
  requireId('node', input.node);
  requireId('id', input.id);
  requireCount('expectedCount', input.expectedCount);
  requireCount('atMs', input.atMs);
  const text = documentText(input.transfer, `share transfer ${input.id}`);
  return {
    node: input.node,
    id: input.id,
    text,
    expectedCount: input.expectedCount,
    atMs: input.atMs,
  };
}

/** What a save does given the record id the node already has, if any. */
export function decideRecord(
  storedRecordId: string | undefined,
  record: CheckedRecord,
): SaveNodeCoRecordOutcome {
  if (storedRecordId === undefined) return 'saved';
  if (storedRecordId === record.recordId) return 'duplicate';
  throw nodecoError(
    'nodeco_exists',
    `node ${record.node} already has NodeCo record ${storedRecordId}; ${record.recordId} cannot replace it`,
  );
}

/**
 * What an append does given the node's stored transfer count (undefined: no record) and whether
 * a transfer of this id is already in its history. 'appended' means: insert at expectedCount.
 */
export function decideAppend(
  storedCount: number | undefined,
  alreadyThere: boolean,
  transfer: CheckedTransfer,
): AppendShareTransferOutcome {
  if (storedCount === undefined) {
    throw nodecoError(
      'nodeco_unknown',
      `node ${transfer.node} has no NodeCo record to append share transfer ${transfer.id} to`,
    );
  }
  if (alreadyThere) return 'duplicate';
  if (storedCount !== transfer.expectedCount) {
    throw nodecoError(
      'nodeco_transfer_conflict',
      `node ${transfer.node} has ${storedCount} share transfers; transfer ${transfer.id} was built on ${transfer.expectedCount}`,
    );
  }
  if (storedCount >= NODECO_TRANSFERS_PER_NODE_MAX) {
    throw nodecoError(
      'nodeco_transfers_too_many',
      `node ${transfer.node} already holds ${storedCount} share transfers (at most ${NODECO_TRANSFERS_PER_NODE_MAX})`,
    );
  }
  return 'appended';
}

/** A stored document read back. Its text is canonical JSON this store wrote. */
export function documentFromText(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

/**
 * The canonical JSON text of a document, refused when it is not plain JSON (the caller's value
 * is typed JsonValue, but nothing stops a bigint or a Date at run time, and canonicalJson would
 * throw on some and quietly misrepresent others) or when it is over the size bound.
 */
function documentText(document: JsonValue, what: string): string {
  requireJson(document, what, 1);
  const text = canonicalJson(document);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > NODECO_DOCUMENT_BYTES_MAX) {
    throw nodecoError(
      'nodeco_document_too_large',
      `${what} is ${bytes} bytes of canonical JSON; at most ${NODECO_DOCUMENT_BYTES_MAX}`,
    );
  }
  return text;
}

function requireJson(value: unknown, what: string, depth: number): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw invalidJson(what, `the number ${value} is not finite`);
  }
  if (typeof value === 'string') {
    if (value.isWellFormed()) return;
    throw invalidJson(what, 'a string holds a lone surrogate');
  }
  if (typeof value === 'bigint') {
    throw invalidJson(what, `the bigint ${value} is not JSON: write it as a decimal string`);
  }
  if (typeof value !== 'object') throw invalidJson(what, `a ${typeof value} is not JSON`);
  if (depth > NODECO_DOCUMENT_DEPTH_MAX) {
    throw invalidJson(what, `it nests deeper than ${NODECO_DOCUMENT_DEPTH_MAX} levels`);
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (value[index] === undefined) throw invalidJson(what, `array item ${index} is missing`);
      requireJson(value[index], what, depth + 1);
    }
    return;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw invalidJson(what, 'an object is not a plain object');
  }
  for (const [key, member] of Object.entries(value)) {
    if (!key.isWellFormed()) throw invalidJson(what, 'a member name holds a lone surrogate');
    // An undefined member is an absent optional field: canonical JSON leaves it out.
    if (member !== undefined) requireJson(member, what, depth + 1);
  }
}

function invalidJson(what: string, why: string): Error {
  return nodecoError('nodeco_record_invalid', `${what} is not plain JSON: ${why}`);
}

function requireId(field: string, value: unknown): void {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > NODECO_ID_CHARS_MAX ||
    !value.isWellFormed() ||
    value.includes('\u0000')
  ) {
    throw nodecoError(
      'nodeco_record_invalid',
      `${field} must be a non-empty string of at most ${NODECO_ID_CHARS_MAX} characters, without NUL or lone surrogates`,
    );
  }
}

function requireCount(field: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw nodecoError(
      'nodeco_record_invalid',
      `${field} must be a non-negative safe integer, not ${String(value)}`,
    );
  }
}
