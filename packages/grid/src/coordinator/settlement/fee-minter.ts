/**
 * From a verified, logged usage proof to value in the ledger (ARCHITECTURE §4.2 VCR, §5.5): the fee
 * is seconds × unit price in integer minor units; the receipt names the proof, the payer (the
 * session's client) and the node's split (its NodeCo record in force at the end of the metered
 * window, so fees earned before a share transfer follow the old shares); it is signed by the
 * coordinator and posted with its balanced transfers in one ledger transaction. The receipt id is
 * the idempotency key: the same proof always builds the same receipt, so a retry or a replay after
 * a crash is a `duplicate`, never a second mint.
 */
import {
  accountOf,
  buildReceipt,
  RAIL_PARTY,
  type Receipt,
  type Signer,
  settlementTransfers,
  withSignature,
} from '@mycel/kernel';
import { usageFee } from '@mycel/mips';
import type { LedgerStore } from '@mycel/store';
import type { NodeCoRegistry } from './nodeco-registry.js';
import { fail, ok, type SettlementResult } from './settlement-result.js';
import type { CheckedUsage } from './usage-rules.js';

export interface MintedFee {
  readonly receipt: Receipt;
  readonly outcome: 'minted' | 'duplicate';
}

export interface FeeMinterOptions {
  readonly ledger: LedgerStore;
  readonly nodecos: NodeCoRegistry;
  readonly federation: string;
  readonly signer: Signer;
}

export class FeeMinter {
  private readonly opened = new Set<string>();

  constructor(private readonly options: FeeMinterOptions) {}

  /**
   * Mints the fee of one usage proof. A zero fee (a session shorter than a second) mints nothing and
   * answers undefined: a receipt moves value, and there is none.
   */
  async mint(
    proofId: string,
    checked: CheckedUsage,
    nowMs: number,
  ): Promise<SettlementResult<MintedFee | undefined>> {
    const { usage } = checked;
    const amount = usageFee(usage);
    if (amount === 0n) return ok(undefined);
    const currency = usage.unitPrice.currency;
    const share = await this.options.nodecos.splitAt(usage.node, checked.windowEndMs);
    const unsigned = buildReceipt({
      federation: this.options.federation,
      proofs: [proofId],
      acceptedConfidence: 1,
      amount: { minor: amount.toString(), currency },
      payer: usage.client,
      splits: share.splits,
      mintedAt: new Date(nowMs).toISOString(),
    });
    const receipt = withSignature(unsigned, 'receipt', this.options.signer);
    const transfers = settlementTransfers(receipt, share.holdings);
    // E.g. the client is one of the node's owners: value cannot move from an account to itself.
    if (!transfers.ok) {
      return fail('usage_unsettleable', `${transfers.error.code}: ${transfers.error.message}`);
    }
    await this.openAccounts([usage.client, ...transfers.value.map((t) => t.credit)], currency);
    const outcome = await this.options.ledger.mint(receipt, transfers.value, {
      atMs: nowMs,
      subject: usage.node,
    });
    return ok({ receipt, outcome });
  }

  /**
   * Payers are postpaid and payees may be clawed back after a payout (docs/decisions/0010), so the
   * coordinator opens both with credit; an account is opened once per process.
   */
  private async openAccounts(parties: readonly string[], currency: string): Promise<void> {
    const ids = new Set([
      accountOf(RAIL_PARTY, currency),
      ...parties.map((party) => (party.includes('#') ? party : accountOf(party, currency))),
    ]);
    for (const id of ids) {
      if (this.opened.has(id)) continue;
      await this.options.ledger.openAccount({ id, currency, allowCredit: true });
      this.opened.add(id);
    }
  }
}
