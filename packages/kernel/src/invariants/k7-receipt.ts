/**
 * Receipts (VCRs) and their ids. ARCHITECTURE §4.2: the receipt id is its idempotency key, so it
 * names what is minted (federation, proofs, amount, payer, splits), not when or how the receipt
 * fared. Left out of the id, on purpose:
 * - `mintedAt`: the same proofs minted a second later would get a new id and slip past
 *   checkMintedOnce; the same proofs must never mint twice (K7).
 * - `status`: minted → paid → reversed is the receipt's life, not a new receipt.
 * - `acceptedConfidence`: a re-verification may move it; that is not new value.
 * - `contract`: the proofs already reference it (refs.contract); covering it would let the same
 *   proofs mint once with and once without it.
 * Signatures are over the id, so they do not cover these four fields either: the ledger's log
 * entry (K5) records when a receipt was minted, and every status change is its own logged event.
 * Proofs and splits are put in plain string order first, so listing order cannot make a second id.
 */
import { contentId } from '../crypto/content-id.js';
import type { JsonObject } from '../crypto/signed-object.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { type Receipt, ReceiptSchema, type ReceiptStatus } from './k7-receipt-schema.js';
import { checkSplitShares } from './k7-split-shares.js';

const checkSchema = compileSchema(ReceiptSchema);

export type ReceiptIdentity = Pick<
  Receipt,
  'federation' | 'proofs' | 'amount' | 'payer' | 'splits'
>;

export type ReceiptFields = Omit<Receipt, 'v' | 'kind' | 'id' | 'signatures' | 'status'> & {
  /** A receipt is built when value is minted; `minted` unless given. */
  readonly status?: ReceiptStatus;
};

/** The part of a receipt its id covers (see the file comment for what is left out and why). */
export function receiptIdBody(receipt: ReceiptIdentity): JsonObject {
  return {
    v: 1,
    kind: 'receipt',
    federation: receipt.federation,
    proofs: [...receipt.proofs].sort(compareText),
    amount: { minor: receipt.amount.minor, currency: receipt.amount.currency },
    payer: receipt.payer,
    splits: [...receipt.splits]
      .sort((left, right) => compareText(left.party, right.party))
      .map(({ party, role, bps }) => ({ party, role, bps })),
  };
}

export function receiptId(receipt: ReceiptIdentity): string {
  return contentId(receiptIdBody(receipt));
}

/** An unsigned receipt with its id; sign it with withSignature(receipt, 'receipt', signer). */
export function buildReceipt(fields: ReceiptFields): Receipt {
  const receipt: Receipt = {
    v: 1,
    kind: 'receipt',
    ...fields,
    id: '',
    proofs: [...fields.proofs].sort(compareText),
    splits: [...fields.splits].sort((left, right) => compareText(left.party, right.party)),
    status: fields.status ?? 'minted',
    signatures: [],
  };
  return { ...receipt, id: receiptId(receipt) };
}

/** Shape, id and split rules of a receipt; its signatures are checked by a TrustStore. */
export function checkReceipt(value: JsonValue): Result<Receipt> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('receipt_schema_invalid', mismatch.message, mismatch.path);
  const receipt = value as Receipt;
  if (parseTimestamp(receipt.mintedAt) === undefined) {
    return fail('receipt_schema_invalid', 'mintedAt is not a date', '/mintedAt');
  }
  const proofs = checkProofsDistinct(receipt.proofs);
  if (!proofs.ok) return proofs;
  const shares = checkSplitShares(receipt.splits, '/splits');
  if (!shares.ok) return shares;
  if (receiptId(receipt) !== receipt.id) {
    return fail(
      'receipt_id_mismatch',
      'id is not the content id of the receipt idempotency body',
      '/id',
    );
  }
  return ok(receipt);
}

function checkProofsDistinct(proofs: readonly string[]): Result<true> {
  const seen = new Set<string>();
  for (const [index, proof] of proofs.entries()) {
    if (seen.has(proof)) {
      return fail('receipt_proof_duplicate', `${proof} is listed twice`, `/proofs/${index}`);
    }
    seen.add(proof);
  }
  return ok(true);
}

/** Plain UTF-16 code unit order: locale-independent, so every verifier computes the same id. */
function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
