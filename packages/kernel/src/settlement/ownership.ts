/**
 * Who owns a NodeCo at a point in time: the record's owners, then every share transfer that had
 * taken effect by then, in chain order (ARCHITECTURE §5.5: fees earned before a change follow
 * the old shares). checkShareTransfers admits a chain; ownershipAt reads an admitted one.
 */
import { TrustStore } from '../identity/trust-store.js';
import type { Holding } from '../invariants/k7-split-amount.js';
import type { JsonValue } from '../json/strict-json.js';
import { SHARE_TRANSFERS_PER_NODECO_MAX } from '../limits.js';
import { assert, fail, type KernelError, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import type { NodeCo } from './nodeco-schema.js';
import { applyShareTransfer, checkShareTransfer } from './share-transfer.js';
import type { ShareTransfer } from './share-transfer-schema.js';

/** The record's own owners as holdings, in party order (the order the record lists them). */
export function nodeCoHoldings(record: Pick<NodeCo, 'owners'>): Holding[] {
  return record.owners.map((owner) => ({ party: owner.party, shares: BigInt(owner.shares) }));
}

/**
 * Checks a whole chain of transfers of `record`'s shares, in order; the first broken rule is the
 * error and its path starts with `/<index>`. Each transfer must be well formed and signed by its
 * giver, name this record and node, not repeat an earlier transfer, take effect no earlier than
 * the record and the transfer before it, and move shares its giver holds at that time.
 */
export function checkShareTransfers(
  record: NodeCo,
  transfers: readonly JsonValue[],
  trust: TrustStore = new TrustStore(),
): Result<ShareTransfer[]> {
  if (transfers.length > SHARE_TRANSFERS_PER_NODECO_MAX) {
    return fail(
      'share_transfer_chain_too_long',
      `a NodeCo record has at most ${SHARE_TRANSFERS_PER_NODECO_MAX} share transfers`,
    );
  }
  const accepted: ShareTransfer[] = [];
  const seen = new Set<string>();
  let holdings = nodeCoHoldings(record);
  let lastMs = parseTimestamp(record.effectiveAt)!;
  for (const [index, value] of transfers.entries()) {
    const checked = checkShareTransfer(value, trust);
    if (!checked.ok) return atIndex(checked.error, index);
    const transfer = checked.value;
    if (transfer.nodeco !== record.id || transfer.node !== record.node) {
      const field = transfer.nodeco !== record.id ? 'nodeco' : 'node';
      return fail(
        'share_transfer_nodeco_mismatch',
        `the transfer is about another NodeCo than ${record.id}`,
        `/${index}/${field}`,
      );
    }
    if (seen.has(transfer.id)) {
      return fail('share_transfer_replayed', `${transfer.id} is already in the chain`, `/${index}`);
    }
    const atMs = parseTimestamp(transfer.effectiveAt)!;
    if (atMs < lastMs) {
      return fail(
        'share_transfer_backdated',
        'a transfer takes effect no earlier than the record and the transfer before it',
        `/${index}/effectiveAt`,
      );
    }
    const applied = applyShareTransfer(holdings, transfer);
    if (!applied.ok) return atIndex(applied.error, index);
    holdings = applied.value;
    lastMs = atMs;
    seen.add(transfer.id);
    accepted.push(transfer);
  }
  return ok(accepted);
}

/**
 * The holdings in force at `atMs`: the record's owners after every transfer with effectiveAt ≤
 * atMs, applied in chain order; owners left with no shares drop out. `transfers` must be a chain
 * checkShareTransfers accepted: a transfer that cannot apply is a bug of the caller, not input.
 */
export function ownershipAt(
  record: NodeCo,
  transfers: readonly ShareTransfer[],
  atMs: number,
): Holding[] {
  let holdings = nodeCoHoldings(record);
  for (const transfer of transfers) {
    if (parseTimestamp(transfer.effectiveAt)! > atMs) continue;
    const applied = applyShareTransfer(holdings, transfer);
    assert(applied.ok, 'ownershipAt reads a chain that checkShareTransfers accepted');
    holdings = applied.value;
  }
  return holdings;
}

function atIndex(error: KernelError, index: number): Result<never> {
  const inner = error.path === undefined || error.path === '/' ? '' : error.path;
  return fail(error.code, error.message, `/${index}${inner}`);
}
