/**
 * Balances inside one ledger transaction: the accounts a batch names are read (and, in
 * PostgreSQL, locked) first, then every transfer moves their balances here in JavaScript bigint,
 * and the driver writes back the accounts that changed. One place for the rules both drivers
 * share: accounts must exist and carry the transfer's currency; an account without credit never
 * goes below zero (checked after each transfer, as TigerBeetle does); no balance leaves
 * ±(10^LEDGER_BALANCE_MINOR_DIGITS_MAX - 1).
 */
import type { Transfer } from '@mycel/kernel';
import { LEDGER_BALANCE_MINOR_DIGITS_MAX } from '../limits.js';
import { StoreError } from '../store-error.js';

const BALANCE_MINOR_MAX = 10n ** BigInt(LEDGER_BALANCE_MINOR_DIGITS_MAX) - 1n;

/** An account as a transaction reads it. */
export interface AccountState {
  readonly id: string;
  readonly currency: string;
  readonly allowCredit: boolean;
  readonly balance: bigint;
}

export class BalanceSheet {
  private readonly balances = new Map<string, bigint>();

  constructor(private readonly accounts: ReadonlyMap<string, AccountState>) {}

  /** Moves the balances; throws the first broken rule (the caller's transaction rolls back). */
  post(transfers: readonly Transfer[]): void {
    for (const transfer of transfers) {
      const debit = this.require(transfer.debit, transfer.currency);
      const credit = this.require(transfer.credit, transfer.currency);
      const debitBalance = this.balanceOf(debit) - transfer.amount;
      const creditBalance = this.balanceOf(credit) + transfer.amount;
      if (debitBalance < 0n && !debit.allowCredit) {
        throw new StoreError(
          'ledger_insufficient_funds',
          `${debit.id} holds ${this.balanceOf(debit)}, less than ${transfer.amount}, and has no credit`,
        );
      }
      if (debitBalance < -BALANCE_MINOR_MAX || creditBalance > BALANCE_MINOR_MAX) {
        throw new StoreError(
          'ledger_balance_out_of_range',
          `moving ${transfer.amount} from ${debit.id} to ${credit.id} leaves a balance beyond ±(10^${LEDGER_BALANCE_MINOR_DIGITS_MAX} - 1)`,
        );
      }
      this.balances.set(debit.id, debitBalance);
      this.balances.set(credit.id, creditBalance);
    }
  }

  /** The accounts whose balance moved, with their new balances, in account id order. */
  changed(): [string, bigint][] {
    return [...this.balances.entries()]
      .filter(([id, balance]) => balance !== this.accounts.get(id)!.balance)
      .sort(([left], [right]) => compareText(left, right));
  }

  private require(id: string, currency: string): AccountState {
    const account = this.accounts.get(id);
    if (account === undefined) {
      throw new StoreError('ledger_account_unknown', `no account ${id} is open`);
    }
    if (account.currency !== currency) {
      throw new StoreError(
        'ledger_currency_mismatch',
        `account ${id} holds ${account.currency}; a transfer moves ${currency}`,
      );
    }
    return account;
  }

  private balanceOf(account: AccountState): bigint {
    return this.balances.get(account.id) ?? account.balance;
  }
}

/** Every account the transfers name, once each, in the order accounts are locked. */
export function accountsNamed(batches: readonly (readonly Transfer[])[]): string[] {
  const ids = new Set<string>();
  for (const transfers of batches) {
    for (const transfer of transfers) {
      ids.add(transfer.debit);
      ids.add(transfer.credit);
    }
  }
  return [...ids].sort(compareText);
}

/** The same transfers, in any order: a retry of a batch, not a different one. */
export function sameTransfers(left: readonly Transfer[], right: readonly Transfer[]): boolean {
  if (left.length !== right.length) return false;
  const keys = (transfers: readonly Transfer[]) => transfers.map(transferKey).sort(compareText);
  const leftKeys = keys(left);
  const rightKeys = keys(right);
  return leftKeys.every((key, index) => key === rightKeys[index]);
}

/** Each transfer undone: the same amount back from the account it reached. */
export function compensating(transfers: readonly Transfer[]): Transfer[] {
  return transfers.map(({ debit, credit, amount, currency }) => ({
    debit: credit,
    credit: debit,
    amount,
    currency,
  }));
}

/** Plain UTF-16 code unit order, as the kernel sorts ids: locale-independent. */
export function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function transferKey(transfer: Transfer): string {
  return `${transfer.debit}\u0000${transfer.credit}\u0000${transfer.amount}\u0000${transfer.currency}`;
}
