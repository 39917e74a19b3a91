/**
 * Building and checking one share transfer, and applying it to a table of holdings. A transfer
 * is valid on its own when it is well formed and signed by the owner who gives the shares; the
 * rules that need its context (the record, earlier transfers) live in ownership.ts.
 */
import { sealObject } from '../crypto/signed-object.js';
import { TrustStore } from '../identity/trust-store.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { Holding } from '../invariants/k7-split-amount.js';
import type { JsonValue } from '../json/strict-json.js';
import { NODECO_SHARES_DIGITS_MAX, SPLIT_PARTIES_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { type ShareTransfer, ShareTransferSchema } from './share-transfer-schema.js';
import { compareText, isPositiveShares } from './shares.js';

const checkSchema = compileSchema(ShareTransferSchema);

export type ShareTransferFields = Omit<ShareTransfer, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned transfer with its id; the giver signs it: withSignature(t, 'share-transfer', from). */
export function buildShareTransfer(fields: ShareTransferFields): ShareTransfer {
  return sealObject({ v: 1 as const, kind: 'share-transfer' as const, ...fields });
}

/**
 * Shape, shares, parties, id and the giver's signature, in that order. `trust` defaults to an
 * empty store: a did:key verifies its own signatures, as of the transfer's effectiveAt.
 */
export function checkShareTransfer(
  value: JsonValue,
  trust: TrustStore = new TrustStore(),
): Result<ShareTransfer> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('share_transfer_schema_invalid', mismatch.message, mismatch.path);
  const transfer = value as ShareTransfer;
  if (!isPositiveShares(transfer.shares)) {
    return fail(
      'share_transfer_shares_invalid',
      `shares are a positive integer of at most ${NODECO_SHARES_DIGITS_MAX} digits`,
      '/shares',
    );
  }
  if (transfer.from === transfer.to) {
    return fail('share_transfer_parties_invalid', 'an owner cannot give shares to itself', '/to');
  }
  const id = checkContentId(transfer, 'share_transfer_id_mismatch');
  if (!id.ok) return id;
  const atMs = parseTimestamp(transfer.effectiveAt)!; // the schema's date-time format parsed it
  const signers = trust.verifySignatures(transfer.signatures, 'share-transfer', transfer.id, atMs);
  if (!signers.ok) {
    const { code, message } = signers.error;
    return fail('share_transfer_signature_invalid', `${code}: ${message}`, '/signatures');
  }
  if (!signers.value.has(transfer.from)) {
    return fail(
      'share_transfer_signature_invalid',
      `${transfer.from} did not sign the transfer of its shares`,
      '/signatures',
    );
  }
  return ok(transfer);
}

/**
 * The holdings after `transfer`, in party order; an owner left with no shares drops out. The
 * giver must hold the shares, and the table must stay within SPLIT_PARTIES_MAX owners.
 */
export function applyShareTransfer(
  holdings: readonly Holding[],
  transfer: Pick<ShareTransfer, 'from' | 'to' | 'shares'>,
): Result<Holding[]> {
  const moved = BigInt(transfer.shares);
  const held = new Map(holdings.map((holding) => [holding.party, holding.shares]));
  const fromShares = held.get(transfer.from);
  if (fromShares === undefined || fromShares <= 0n) {
    return fail('share_transfer_unauthorized', `${transfer.from} holds no shares`, '/from');
  }
  if (fromShares < moved) {
    return fail(
      'share_transfer_insufficient',
      `${transfer.from} holds ${fromShares} shares, not ${moved}`,
      '/shares',
    );
  }
  if (fromShares === moved) held.delete(transfer.from);
  else held.set(transfer.from, fromShares - moved);
  held.set(transfer.to, (held.get(transfer.to) ?? 0n) + moved);
  if (held.size > SPLIT_PARTIES_MAX) {
    return fail(
      'share_transfer_owners_too_many',
      `a NodeCo has at most ${SPLIT_PARTIES_MAX} owners`,
      '/to',
    );
  }
  return ok(
    [...held]
      .map(([party, shares]) => ({ party, shares }))
      .sort((left, right) => compareText(left.party, right.party)),
  );
}
