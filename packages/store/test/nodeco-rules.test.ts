/**
 * The shared decisions at the edge the conformance suite cannot reach cheaply: a history at
 * NODECO_TRANSFERS_PER_NODE_MAX (filling one through a driver would take that many commits).
 */
import { describe, expect, it } from 'vitest';
import { NODECO_ERROR_CODES } from '../src/nodeco/nodeco-error-codes.js';
import { NODECO_TRANSFERS_PER_NODE_MAX } from '../src/nodeco/nodeco-limits.js';
import { checkTransfer, decideAppend } from '../src/nodeco/nodeco-rules.js';
import { StoreError } from '../src/store-error.js';
import { transferInput } from './nodeco-store-fixtures.js';

describe('decideAppend', () => {
  const node = 'did:key:z6MkFull';

  it('refuses the append after NODECO_TRANSFERS_PER_NODE_MAX transfers, and allows the last one', () => {
    const last = checkTransfer(transferInput(node, 'Last', NODECO_TRANSFERS_PER_NODE_MAX - 1));
    expect(decideAppend(NODECO_TRANSFERS_PER_NODE_MAX - 1, false, last)).toBe('appended');
    const over = checkTransfer(transferInput(node, 'Over', NODECO_TRANSFERS_PER_NODE_MAX));
    const refuse = () => decideAppend(NODECO_TRANSFERS_PER_NODE_MAX, false, over);
    expect(refuse).toThrow(StoreError);
    expect(refuse).toThrow(expect.objectContaining({ code: 'nodeco_transfers_too_many' }));
    // A retry of a transfer already in a full history is still a duplicate.
    expect(decideAppend(NODECO_TRANSFERS_PER_NODE_MAX, true, over)).toBe('duplicate');
  });

  it('checks in order: unknown node, duplicate, count', () => {
    const transfer = checkTransfer(transferInput(node, 'B', 2));
    expect(() => decideAppend(undefined, false, transfer)).toThrow(
      expect.objectContaining({ code: 'nodeco_unknown' }),
    );
    expect(decideAppend(5, true, transfer)).toBe('duplicate');
    expect(() => decideAppend(5, false, transfer)).toThrow(
      expect.objectContaining({ code: 'nodeco_transfer_conflict' }),
    );
  });

  it('describes every code it raises', () => {
    expect(Object.keys(NODECO_ERROR_CODES).sort()).toEqual([
      'nodeco_document_too_large',
      'nodeco_exists',
      'nodeco_record_invalid',
      'nodeco_transfer_conflict',
      'nodeco_transfers_too_many',
      'nodeco_unknown',
    ]);
  });
});
