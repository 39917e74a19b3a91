/**
 * Settle: the contract's due `mint-vcr` effects become receipts in the federation's ledger — each
 * signed by the federation, posted with its balanced transfers (the owners' 70 % split again pro
 * rata to the households' shares) — and netting over the day turns them into one payout per
 * party, as `mycel ledger payouts plan` plans it. Minting is idempotent by receipt id, so
 * replaying the contract and applying its effects again mints nothing twice.
 */
import {
  accountOf,
  type Holding,
  type MintVcrEffect,
  RAIL_PARTY,
  type Receipt,
  type Signer,
  settlementTransfers,
  withSignature,
} from '@mycel/kernel';
import type { LedgerStore, PayoutPlan } from '@mycel/store';
import { producerFailure } from './producer-failure.js';

export interface Settlement {
  readonly receipts: readonly Receipt[];
  readonly minted: number;
  readonly plan: PayoutPlan;
}

export async function settleReceipts(
  ledger: LedgerStore,
  effects: readonly MintVcrEffect[],
  context: {
    readonly signer: Signer;
    readonly holdings: readonly Holding[];
    readonly window: { readonly fromMs: number; readonly toMs: number };
  },
): Promise<Settlement> {
  const receipts: Receipt[] = [];
  let minted = 0;
  const opened = new Set<string>();
  for (const effect of effects) {
    const receipt = withSignature(effect.receipt, 'receipt', context.signer);
    const transfers = settlementTransfers(receipt, context.holdings);
    if (!transfers.ok) throw producerFailure('settling a receipt', transfers.error);
    const { currency } = receipt.amount;
    const accounts = [
      accountOf(RAIL_PARTY, currency),
      accountOf(receipt.payer, currency),
      ...transfers.value.map((transfer) => transfer.credit),
    ];
    for (const id of accounts) {
      if (opened.has(id)) continue;
      // Payers are postpaid; the rail pays out (docs/decisions/0010).
      await ledger.openAccount({ id, currency, allowCredit: true });
      opened.add(id);
    }
    const outcome = await ledger.mint(receipt, transfers.value, {
      atMs: Date.parse(effect.dueAt),
    });
    if (outcome === 'minted') minted++;
    receipts.push(receipt);
  }
  const currency = receipts[0]?.amount.currency ?? 'INR';
  const plan = await ledger.planPayout({ currency, ...context.window });
  return { receipts, minted, plan };
}
