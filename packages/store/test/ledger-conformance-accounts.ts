/**
 * Conformance: accounts, deposits (the generic balanced batch), amounts, currencies, credit, and
 * reading history back in posting order.
 */
import type { Transfer } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  accountOf,
  expectCode,
  expectConserved,
  expectRefused,
  type LedgerSuite,
  move,
  openTestAccounts,
  PARTY,
} from './ledger-fixtures.js';

const AMOUNT_MAX = 10n ** 38n - 1n;

export function describeAccountRules({ driver, fresh }: LedgerSuite): void {
  describe('accounts and deposits', () => {
    it('starts empty', async () => {
      const { store } = await fresh();
      expect(store.driver).toBe(driver);
      expect(await store.balances()).toEqual(new Map());
      expect(await store.replayBalances()).toEqual(new Map());
      expect(await store.transfers()).toEqual([]);
      expect(await store.receipts()).toEqual([]);
      expect(await store.payouts()).toEqual([]);
      expect(await store.account('rail#INR')).toBeUndefined();
      expect(await store.receipt('sha256:none')).toBeUndefined();
      expect(await store.payout('sha256:none')).toBeUndefined();
      await expectCode(store.balance('rail#INR'), 'ledger_account_unknown');
      await expectCode(store.history('rail#INR'), 'ledger_account_unknown');
    });

    it('opens an account once; the same again is existing, other credit is a conflict', async () => {
      const { store } = await fresh();
      const account = { id: accountOf(PARTY.payer, 'INR'), currency: 'INR', allowCredit: true };
      expect(await store.openAccount(account)).toBe('opened');
      expect(await store.openAccount(account)).toBe('existing');
      expect(await store.account(account.id)).toEqual({ ...account, balance: 0n });
      expect(await store.balance(account.id)).toBe(0n);
      await expectRefused(
        store,
        () => store.openAccount({ ...account, allowCredit: false }),
        'ledger_account_conflict',
      );
      const token = 'token:in.solar/kwh-credit';
      expect(
        await store.openAccount({ id: `rail#${token}`, currency: token, allowCredit: true }),
      ).toBe('opened');
    });

    it('refuses account ids that are not <party>#<currency>, and unknown currencies', async () => {
      const { store } = await fresh();
      const bad = [
        { id: 'rail', currency: 'INR', allowCredit: true },
        { id: '#INR', currency: 'INR', allowCredit: true },
        { id: 'rail#EUR', currency: 'INR', allowCredit: true },
        { id: 'rail#inr', currency: 'inr', allowCredit: true },
        { id: '', currency: 'INR', allowCredit: true },
        { id: `${'x'.repeat(600)}#INR`, currency: 'INR', allowCredit: true },
        { id: 'rail#INR', currency: 'INR', allowCredit: 'yes' as unknown as boolean },
      ];
      for (const account of bad) {
        await expectRefused(store, () => store.openAccount(account), 'ledger_account_invalid');
      }
      expect(await store.balances()).toEqual(new Map());
    });

    it('posts a deposit; the same again in any order is duplicate, other content a conflict', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const transfers = [move('rail', PARTY.prepaid, 500n), move(PARTY.prepaid, PARTY.node, 200n)];
      expect(await store.deposit('fund-1', transfers, 10)).toBe('posted');
      expect(await store.deposit('fund-1', [...transfers].reverse(), 11)).toBe('duplicate');
      await expectRefused(
        store,
        () => store.deposit('fund-1', [move('rail', PARTY.prepaid, 501n)], 12),
        'ledger_batch_conflict',
      );
      expect(await store.balance(accountOf(PARTY.prepaid, 'INR'))).toBe(300n);
      expect(await store.balance(accountOf(PARTY.node, 'INR'))).toBe(200n);
      expect(await store.balance('rail#INR')).toBe(-500n);
      await expectConserved(store);
      for (const id of ['', 'reversal:x', 'payout:x', 'y'.repeat(513)]) {
        await expectRefused(
          store,
          () => store.deposit(id, [move('rail', PARTY.node, 1n)], 1),
          'ledger_request_invalid',
        );
      }
      await expectRefused(store, () => store.deposit('empty', [], 1), 'ledger_request_invalid');
      await expectRefused(
        store,
        () => store.deposit('late', [move('rail', PARTY.node, 1n)], -1),
        'ledger_request_invalid',
      );
    });

    it('refuses zero, negative, fractional, non-bigint and over-bound amounts', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const amounts: unknown[] = [0n, -5n, 1.5, 5, '5', 10n ** 38n, null];
      for (const amount of amounts) {
        const transfer = { ...move('rail', PARTY.node, 1n), amount } as unknown as Transfer;
        await expectRefused(
          store,
          () => store.deposit(`bad-${String(amount)}`, [transfer], 1),
          'ledger_amount_invalid',
        );
      }
    });

    it('keeps 38-digit amounts exact, and refuses a balance beyond ±(10^38 - 1)', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      expect(await store.deposit('huge', [move('rail', PARTY.node, AMOUNT_MAX)], 1)).toBe('posted');
      expect(await store.balance(accountOf(PARTY.node, 'INR'))).toBe(AMOUNT_MAX);
      expect(await store.balance('rail#INR')).toBe(-AMOUNT_MAX);
      expect((await store.transfers())[0]!.amount).toBe(AMOUNT_MAX);
      await expectRefused(
        store,
        () => store.deposit('one-more', [move(PARTY.operator, PARTY.node, 1n)], 2),
        'ledger_balance_out_of_range',
      );
      await expectRefused(
        store,
        () => store.deposit('one-less', [move('rail', PARTY.operator, 1n)], 2),
        'ledger_balance_out_of_range',
      );
      await expectConserved(store);
    });

    it('refuses a currency mismatch inside a batch, against an account, and a self-transfer', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      await openTestAccounts(store, 'EUR');
      const mixed = [move('rail', PARTY.node, 5n), move('rail', PARTY.node, 5n, 'EUR')];
      await expectRefused(
        store,
        () => store.deposit('mixed', mixed, 1),
        'ledger_currency_mismatch',
      );
      const crossed = { ...move('rail', PARTY.node, 5n), currency: 'EUR' };
      await expectRefused(
        store,
        () => store.deposit('crossed', [crossed], 1),
        'ledger_currency_mismatch',
      );
      const unknownCurrency = { ...move('rail', PARTY.node, 5n), currency: 'rupees' };
      await expectRefused(
        store,
        () => store.deposit('rupees', [unknownCurrency], 1),
        'ledger_currency_mismatch',
      );
      await expectRefused(
        store,
        () => store.deposit('self', [move(PARTY.node, PARTY.node, 5n)], 1),
        'ledger_transfer_invalid',
      );
      await expectRefused(
        store,
        () => store.deposit('nobody', [move('rail', 'did:key:zNobody', 5n)], 1),
        'ledger_account_unknown',
      );
    });

    it('never takes an account without credit below zero', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const prepaid = accountOf(PARTY.prepaid, 'INR');
      await expectRefused(
        store,
        () => store.deposit('overdraw', [move(PARTY.prepaid, PARTY.node, 1n)], 1),
        'ledger_insufficient_funds',
      );
      expect(await store.deposit('fund', [move('rail', PARTY.prepaid, 100n)], 1)).toBe('posted');
      // Within one batch the rule holds after every transfer, not only at the end.
      await expectRefused(
        store,
        () =>
          store.deposit(
            'spend-first',
            [move(PARTY.prepaid, PARTY.node, 150n), move('rail', PARTY.prepaid, 100n)],
            2,
          ),
        'ledger_insufficient_funds',
      );
      expect(await store.deposit('spend', [move(PARTY.prepaid, PARTY.node, 100n)], 2)).toBe(
        'posted',
      );
      expect(await store.balance(prepaid)).toBe(0n);
      await expectRefused(
        store,
        () => store.deposit('again', [move(PARTY.prepaid, PARTY.node, 1n)], 3),
        'ledger_insufficient_funds',
      );
    });

    it('numbers postings 1, 2, 3 … and pages history and transfers in that order', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      for (let n = 1; n <= 6; n++) {
        const to = n % 2 === 0 ? PARTY.node : PARTY.operator;
        await store.deposit(
          `d-${n}`,
          [move('rail', to, BigInt(n)), move(to, PARTY.protocol, 1n)],
          100 + n,
        );
      }
      const all = await store.transfers();
      expect(all.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(all[0]).toEqual({
        seq: 1,
        batch: 'd-1',
        kind: 'deposit',
        receipt: null,
        debit: 'rail#INR',
        credit: accountOf(PARTY.operator, 'INR'),
        amount: 1n,
        currency: 'INR',
        atMs: 101,
      });
      expect(await store.transfers({ afterSeq: 4, limit: 3 })).toEqual(all.slice(4, 7));
      const node = accountOf(PARTY.node, 'INR');
      const history = await store.history(node);
      expect(history).toEqual(all.filter((row) => row.debit === node || row.credit === node));
      expect(history.map((row) => row.seq)).toEqual([3, 4, 7, 8, 11, 12]);
      expect(await store.history(node, { afterSeq: 4, limit: 2 })).toEqual(history.slice(2, 4));
      for (const page of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { afterSeq: -1 }]) {
        await expectCode(store.transfers(page), 'ledger_request_invalid');
        await expectCode(store.history(node, page), 'ledger_request_invalid');
      }
      await expectConserved(store);
    });
  });
}
