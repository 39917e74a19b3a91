/**
 * The `mycel ledger` commands as an operator runs them: child processes reading and settling a
 * SQLite ledger this test filled through the store API (the coordinator's own path: kernel splits,
 * settlement transfers, atomic mints). Runs that do not depend on each other run concurrently;
 * within the block the tests build on each other (plan, confirm, reverse).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountOf, formatTimestamp } from '@mycel/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/ledger/csv.js';
import {
  FEES,
  fillLedger,
  OWNER_A_ADDRESS,
  PARTY,
  partsOf,
  WINDOW_FEES,
  WINDOW_FROM_MS,
  WINDOW_TO_MS,
} from './cli-ledger-fixtures.js';
import { cliWorkspace, jsonOf } from './cli-workspace.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { mycel, inWorkspace } = cliWorkspace('cli-ledger');
const ledgerPath = inWorkspace('ledger.sqlite');
const onLedger = (...args: string[]) => mycel('ledger', ...args, '--ledger', ledgerPath);
const window = ['--currency', 'INR', '--from', formatTimestamp(WINDOW_FROM_MS)];
const windowTo = ['--to', formatTimestamp(WINDOW_TO_MS)];
const INR = (party: string) => accountOf(party, 'INR');

describe('mycel ledger', () => {
  let payoutId = '';

  beforeAll(async () => {
    await fillLedger(ledgerPath);
  });

  it('shows balances, an account history and receipts; a missing ledger is ledger_not_found', async () => {
    const emptyData = inWorkspace('empty-data');
    mkdirSync(emptyData);
    const [all, party, history, receipts, missing, badCurrency] = await Promise.all([
      onLedger('balance', '--json'),
      onLedger('balance', '--party', PARTY.ownerA),
      onLedger('history', '--account', INR(PARTY.payer), '--limit', '2', '--json'),
      onLedger('receipts', '--status', 'minted', '--node', PARTY.node, '--json'),
      mycel('ledger', 'balance', '--data', emptyData),
      onLedger('payouts', 'plan', '--currency', 'inr', ...window.slice(2), ...windowTo),
    ]);
    const accounts = jsonOf(all).accounts as { account: string; balance: string }[];
    const balance = new Map(accounts.map((row) => [row.account, BigInt(row.balance)]));
    expect(balance.get(INR(PARTY.payer))).toBe(-(1000n + 555n + 77n + 300n));
    expect(balance.get(accountOf(PARTY.payer, 'EUR'))).toBe(-700n);
    for (const currency of ['INR', 'EUR']) {
      const sum = accounts
        .filter((row) => row.account.endsWith(`#${currency}`))
        .reduce((total, row) => total + BigInt(row.balance), 0n);
      expect(sum).toBe(0n);
    }
    const ownerAInr = partsOf([...WINDOW_FEES, FEES.later]).get(INR(PARTY.ownerA))!;
    expect(balance.get(INR(PARTY.ownerA))).toBe(ownerAInr);

    expectSuccess(party);
    const lines = party.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^account\s+balance\s+credit allowed$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([
      accountOf(PARTY.ownerA, 'EUR'),
      INR(PARTY.ownerA),
    ]);
    expect(lines[2]).toMatch(new RegExp(`\\s${ownerAInr}\\s+yes$`));

    const page = jsonOf(history);
    expect(page.transfers).toHaveLength(2);
    expect(page.transfers.map((row: { receipt: string }) => row.receipt)).toEqual([
      FEES.first.receipt.id,
      FEES.first.receipt.id,
    ]);
    expect(page.transfers[0].seq).toBeLessThan(page.transfers[1].seq);
    expect(page.next).toBe(page.transfers[1].seq);

    const minted = jsonOf(receipts).receipts as { id: string; status: string }[];
    expect(minted.map((row) => row.id)).toEqual(
      [FEES.first, FEES.euro, FEES.second, FEES.third, FEES.later]
        .sort(
          (left, right) => left.atMs - right.atMs || (left.receipt.id < right.receipt.id ? -1 : 1),
        )
        .map((fee) => fee.receipt.id),
    );

    expectFailure(missing, 'ledger_not_found');
    expect(existsSync(join(emptyData, 'ledger.sqlite'))).toBe(false);
    expectFailure(badCurrency, 'argument_invalid');
  });

  it('plans the payout as JSON and CSV whose amounts add up to the receipts’ parts', async () => {
    const planFile = inWorkspace('payout.json');
    const [csv, written, reversed] = await Promise.all([
      onLedger('payouts', 'plan', ...window, ...windowTo, '--format', 'csv'),
      onLedger('payouts', 'plan', ...window, ...windowTo, '--out', planFile, '--json'),
      onLedger('reverse', FEES.later.receipt.id, '--reason', 'proof overturned on appeal'),
    ]);
    expectSuccess(reversed);
    expect(reversed.stdout).toMatch(/reversed before payout/);
    const summary = jsonOf(written);
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(plan.id).toBe(summary.id);
    payoutId = plan.id;
    const parts = partsOf(WINDOW_FEES);
    const total = 1000n + 555n + 77n;
    expect(plan).toMatchObject({ currency: 'INR', status: 'planned', total: String(total) });
    expect(plan.receipts).toEqual(WINDOW_FEES.map((fee) => fee.receipt.id).sort());
    const byAccount = new Map(
      plan.instructions.map((row: { account: string; amount: string }) => [
        row.account,
        row.amount,
      ]),
    );
    expect(byAccount).toEqual(
      new Map([...parts].map(([account, amount]) => [account, String(amount)])),
    );
    expect(
      plan.instructions.find((row: { payee: string }) => row.payee === PARTY.ownerA),
    ).toMatchObject({
      rail: 'upi',
      address: OWNER_A_ADDRESS,
    });

    expectSuccess(csv);
    expect(csv.stdout).toContain(`,upi,"a,""b""@okbank",`);
    const [header, ...rows] = parseCsv(csv.stdout, 'stdout');
    expect(header).toEqual([
      'payout_id',
      'payee',
      'account',
      'amount_minor',
      'currency',
      'rail',
      'address',
      'receipts',
    ]);
    expect(rows.reduce((sum, row) => sum + BigInt(row[3]!), 0n)).toBe(total);
    for (const row of rows) {
      expect(row[0]).toBe(payoutId);
      expect(BigInt(row[3]!)).toBe(parts.get(row[2]!));
      expect(row[7]!.split(';')).toEqual(WINDOW_FEES.map((fee) => fee.receipt.id).sort());
    }
    const ownerB = rows.find((row) => row[1] === PARTY.ownerB)!;
    expect([ownerB[5], ownerB[6]]).toEqual(['', '']);
  });

  it('confirm marks the receipts paid; again is a duplicate', async () => {
    const confirmed = jsonOf(await onLedger('payouts', 'confirm', payoutId, '--json'));
    expect(confirmed).toMatchObject({ outcome: 'confirmed', receipts: 3, total: '1632' });
    const [again, paid, list] = await Promise.all([
      onLedger('payouts', 'confirm', payoutId),
      onLedger('receipts', '--status', 'paid', '--json'),
      onLedger('payouts', 'list', '--json'),
    ]);
    expectSuccess(again);
    expect(again.stdout).toMatch(/already confirmed \(duplicate\)/);
    const paidRows = jsonOf(paid).receipts as { id: string; paidBy: string }[];
    expect(paidRows.map((row) => row.id).sort()).toEqual(
      WINDOW_FEES.map((fee) => fee.receipt.id).sort(),
    );
    expect(paidRows.every((row) => row.paidBy === payoutId)).toBe(true);
    expect(jsonOf(list).payouts).toMatchObject([{ id: payoutId, status: 'confirmed' }]);
  });

  it('reversing a paid receipt claws its parts back after payout; again is a duplicate', async () => {
    const reversed = jsonOf(
      await onLedger(
        'reverse',
        FEES.first.receipt.id,
        '--reason',
        'countersignature forged',
        '--json',
      ),
    );
    expect(reversed).toMatchObject({
      outcome: 'reversed',
      afterPayout: true,
      when: 'after-payout',
    });
    const [again, ownerA] = await Promise.all([
      onLedger('reverse', FEES.first.receipt.id, '--reason', 'again'),
      onLedger('balance', '--account', INR(PARTY.ownerA), '--json'),
    ]);
    expectSuccess(again);
    expect(again.stdout).toMatch(/already reversed \(duplicate\)/);
    // The payout took the owner's whole window share out to the rail, so what is left is the claw-back.
    const clawedBack = partsOf([FEES.first]).get(INR(PARTY.ownerA))!;
    expect(jsonOf(ownerA).accounts).toMatchObject([
      { account: INR(PARTY.ownerA), balance: String(-clawedBack), allowCredit: true },
    ]);
  });
});
