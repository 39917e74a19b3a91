/**
 * The ledger conformance suite on PostgreSQL (a throwaway database per store), and races between
 * two store instances on one database: the same receipt minted by both at once mints once, and
 * different receipts against one account without credit never overdraw it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type LedgerStore, openLedgerStore, openPostgresLedgerStore } from '../src/index.js';
import {
  accountOf,
  expectCode,
  expectConserved,
  move,
  openTestAccounts,
  PARTY,
  settle,
  testReceipt,
} from './ledger-fixtures.js';
import { describeLedgerStoreConformance } from './ledger-store-conformance.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];
let schemas = 0;
let shared: TestDatabase | undefined;

/** One database for the file; each fresh location is a new schema in it. */
async function freshLocation(): Promise<string> {
  if (shared === undefined) {
    shared = await createTestDatabase();
    databases.push(shared);
  }
  schemas += 1;
  return `${shared.url}#ledger_${schemas}`;
}

function openAt(location: string): Promise<LedgerStore> {
  const [url, schema] = location.split('#');
  return openPostgresLedgerStore({ url: url!, schema: schema! });
}

describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeLedgerStoreConformance('postgres', {
    freshLocation,
    open: openAt,
    async cleanup() {
      for (const database of databases) await database.drop();
    },
  });

  describe('PostgreSQL ledger races', () => {
    const opened: LedgerStore[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close();
    });
    async function pair(): Promise<[LedgerStore, LedgerStore]> {
      const location = await freshLocation();
      const first = await openAt(location);
      const second = await openAt(location);
      opened.push(first, second);
      await openTestAccounts(first);
      return [first, second];
    }

    it('mints a receipt raced by two store instances exactly once', async () => {
      const [first, second] = await pair();
      for (let round = 0; round < 10; round++) {
        const receipt = testReceipt(`raced-${round}`, { amount: BigInt(1000 + round) });
        const transfers = settle(receipt);
        const outcomes = await Promise.all(
          [first, second, first, second].map((store, n) =>
            store.mint(receipt, n % 2 === 0 ? transfers : [...transfers].reverse(), {
              atMs: round,
            }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome === 'minted')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(3);
      }
      const zero = testReceipt('raced-zero', { amount: 0n });
      const zeroes = await Promise.all(
        [first, second].map((store) => store.mint(zero, [], { atMs: 1 })),
      );
      expect(zeroes.sort()).toEqual(['duplicate', 'minted']);
      expect(await first.receipts()).toHaveLength(11);
      await expectConserved(second);
    });

    it('never overdraws an account without credit when instances race different receipts', async () => {
      const [first, second] = await pair();
      await first.deposit('fund', [move('rail', PARTY.prepaid, 1000n)], 1);
      const receipts = Array.from({ length: 8 }, (_, n) =>
        testReceipt(`overdraw-${n}`, { payer: PARTY.prepaid, amount: 300n }),
      );
      const settled = await Promise.allSettled(
        receipts.map((receipt, n) =>
          (n % 2 === 0 ? first : second).mint(receipt, settle(receipt), { atMs: 2 }),
        ),
      );
      const minted = settled.filter((result) => result.status === 'fulfilled');
      expect(minted).toHaveLength(3);
      for (const result of settled) {
        if (result.status === 'rejected') {
          expect(result.reason).toMatchObject({ code: 'ledger_insufficient_funds' });
        }
      }
      expect(await second.balance(accountOf(PARTY.prepaid, 'INR'))).toBe(100n);
      await expectConserved(first);
    });

    it('settles a proof once when two instances race different receipts naming it', async () => {
      const [first, second] = await pair();
      const proofs = testReceipt('contested-proof').proofs;
      // Disjoint accounts, so no account lock orders them: the proof's unique key must.
      const one = testReceipt('contender-1', {
        proofs,
        amount: 10n,
        splits: [{ party: PARTY.ownerA, role: 'payee', bps: 10_000 }],
      });
      const other = testReceipt('contender-2', {
        proofs,
        amount: 20n,
        payer: PARTY.node,
        splits: [{ party: PARTY.protocol, role: 'payee', bps: 10_000 }],
      });
      const settled = await Promise.allSettled([
        first.mint(one, settle(one), { atMs: 1 }),
        second.mint(other, settle(other), { atMs: 1 }),
      ]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = settled.find((result) => result.status === 'rejected');
      expect(refused).toMatchObject({ reason: { code: 'ledger_receipt_conflict' } });
      expect(await first.receipts()).toHaveLength(1);
      await expectConserved(second);
    });

    it('keeps seq gapless and in order when instances post at once', async () => {
      const [first, second] = await pair();
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          (n % 2 === 0 ? first : second).deposit(
            `d-${n}`,
            [move('rail', PARTY.node, BigInt(n + 1))],
            n,
          ),
        ),
      );
      const seqs = (await first.transfers()).map((row) => row.seq);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    });

    it('reports a server it cannot reach, and a bad schema name', async () => {
      await expectCode(
        openPostgresLedgerStore({ url: 'postgres://postgres@127.0.0.1:1/none' }),
        'store_unavailable',
      );
      await expectCode(
        openPostgresLedgerStore({ url: 'postgres://127.0.0.1:1/none', schema: 'Bad-Name' }),
        'store_options_invalid',
      );
    });

    it('is what openLedgerStore opens for postgresUrl', async () => {
      const database = await createTestDatabase();
      databases.push(database);
      const store = await openLedgerStore({ postgresUrl: database.url });
      opened.push(store);
      expect(store.driver).toBe('postgres');
      await openTestAccounts(store);
      expect(await store.balances()).toEqual(await store.replayBalances());
    });
  });
});
