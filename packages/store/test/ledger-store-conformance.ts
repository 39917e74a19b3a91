/**
 * One conformance suite for every LedgerStore driver: whatever the database, accounts,
 * deposits, mints, payouts and reversals follow the same rules and fail with the same codes, and
 * a failing call changes nothing. Each driver's test file calls describeLedgerStoreConformance
 * with a harness that makes fresh, empty locations (a SQLite file, a PostgreSQL database) and
 * opens stores on them.
 */
import { afterAll, describe } from 'vitest';
import type { LedgerStore } from '../src/index.js';
import { describeAccountRules } from './ledger-conformance-accounts.js';
import { describeMintRules } from './ledger-conformance-mint.js';
import { describeMintBatchRules } from './ledger-conformance-mint-many.js';
import { describePayoutRules } from './ledger-conformance-payout.js';
import { describeReversalRules } from './ledger-conformance-reversal.js';
import type { LedgerStoreHarness, LedgerSuite } from './ledger-fixtures.js';

export type { LedgerStoreHarness } from './ledger-fixtures.js';

export function describeLedgerStoreConformance(driver: string, harness: LedgerStoreHarness): void {
  const opened: LedgerStore[] = [];
  const reopen = async (location: string) => {
    const store = await harness.open(location);
    opened.push(store);
    return store;
  };
  const suite: LedgerSuite = {
    driver,
    reopen,
    async fresh() {
      const location = await harness.freshLocation();
      return { store: await reopen(location), location };
    },
  };

  afterAll(async () => {
    for (const store of opened) await store.close();
    await harness.cleanup();
  });

  describe(`LedgerStore conformance: ${driver}`, () => {
    describeAccountRules(suite);
    describeMintRules(suite);
    describeMintBatchRules(suite);
    describePayoutRules(suite);
    describeReversalRules(suite);
  });
}
