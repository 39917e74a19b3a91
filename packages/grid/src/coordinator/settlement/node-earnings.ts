/**
 * What a node earned and what each of its parties is owed (the coordinator's answer to a node
 * host, issue 5 §6), computed from the ledger's receipts whose subject is the node and the
 * transfers each receipt posted: `owed` is value in receipts not yet paid out, `paid` in receipts
 * a confirmed payout settled; reversed receipts count for neither. Amounts stay bigint here and
 * become decimal strings only in JSON.
 */

import { partyOfAccount } from '@mycel/kernel';
import type { PostedTransfer, StoredReceipt } from '@mycel/store';

export interface PartyEarnings {
  readonly party: string;
  readonly roles: readonly string[];
  readonly owed: bigint;
  readonly paid: bigint;
}

export interface CurrencyEarnings {
  readonly currency: string;
  /** Fees of minted and paid receipts (reversed ones are not earned). */
  readonly earned: bigint;
  readonly receipts: { readonly minted: number; readonly paid: number; readonly reversed: number };
  readonly parties: readonly PartyEarnings[];
}

export interface NodeEarnings {
  readonly node: string;
  readonly currencies: readonly CurrencyEarnings[];
}

export interface ReceiptWithTransfers {
  readonly stored: StoredReceipt;
  /** The receipt's mint batch: payer → each party. */
  readonly transfers: readonly PostedTransfer[];
}

export function nodeEarnings(
  node: string,
  receipts: readonly ReceiptWithTransfers[],
): NodeEarnings {
  const byCurrency = new Map<string, ReceiptWithTransfers[]>();
  for (const entry of receipts) {
    const currency = entry.stored.receipt.amount.currency;
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), entry]);
  }
  const currencies = [...byCurrency]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([currency, entries]) => currencyEarnings(currency, entries));
  return { node, currencies };
}

function currencyEarnings(
  currency: string,
  entries: readonly ReceiptWithTransfers[],
): CurrencyEarnings {
  const counts = { minted: 0, paid: 0, reversed: 0 };
  const parties = new Map<string, { roles: Set<string>; owed: bigint; paid: bigint }>();
  let earned = 0n;
  for (const { stored, transfers } of entries) {
    counts[stored.status] += 1;
    if (stored.status === 'reversed') continue;
    earned += BigInt(stored.receipt.amount.minor);
    const roleOf = new Map(stored.receipt.splits.map((split) => [split.party, split.role]));
    const seen = new Set<string>();
    for (const transfer of transfers) {
      if (transfer.kind !== 'mint') continue;
      const party = partyOfAccount(transfer.credit);
      const entry = parties.get(party) ?? { roles: new Set<string>(), owed: 0n, paid: 0n };
      // The owners' pool is split under the node's own name, so a party the splits do not name
      // is an owner; an operator who also owns shares gets two transfers, the second as owner.
      entry.roles.add(seen.has(party) ? 'owner' : (roleOf.get(party) ?? 'owner'));
      seen.add(party);
      if (stored.status === 'paid') entry.paid += transfer.amount;
      else entry.owed += transfer.amount;
      parties.set(party, entry);
    }
  }
  return {
    currency,
    earned,
    receipts: counts,
    parties: [...parties]
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([party, entry]) => ({
        party,
        owed: entry.owed,
        paid: entry.paid,
        roles: [...entry.roles].sort(),
      })),
  };
}

/** The JSON form: bigints as decimal strings (JSON numbers lose precision above 2^53). */
export function earningsJson(earnings: NodeEarnings) {
  return {
    node: earnings.node,
    currencies: earnings.currencies.map((currency) => ({
      currency: currency.currency,
      earned: currency.earned.toString(),
      receipts: currency.receipts,
      parties: currency.parties.map((party) => ({
        party: party.party,
        roles: party.roles,
        owed: party.owed.toString(),
        paid: party.paid.toString(),
      })),
    })),
  };
}
