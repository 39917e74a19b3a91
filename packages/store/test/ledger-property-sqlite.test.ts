/**
 * Property test of the SQLite ledger (fast-check): random histories of mints, retries, batched
 * mints, reversals, payouts and crashes (the store closed and reopened on its file mid-history)
 * keep every conservation invariant (ledger-property-invariants.ts) and answer as the model says
 * (ledger-property-model.ts). Files live in /dev/shm when there is one: these runs test the
 * rules, not the disk, and the crash test (ledger-crash.test.ts) covers durability.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteLedgerStore } from '../src/index.js';
import { historyArbitrary } from './ledger-property-arbitraries.js';
import { coverage, type PropertyTarget, runHistory } from './ledger-property-model.js';

const SEQUENCES = 2000;
const OPERATIONS_MAX = 12;

const folder = mkdtempSync(
  join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'mycel-ledger-prop-'),
);
let files = 0;

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('SQLite ledger properties', () => {
  it(`keeps conservation and mints each receipt once over ${SEQUENCES} random histories`, async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary(OPERATIONS_MAX), async (history) => {
        files += 1;
        const path = join(folder, `ledger-${files}.db`);
        const target: PropertyTarget = {
          store: openSqliteLedgerStore({ path }),
          async crash() {
            await target.store.close();
            target.store = openSqliteLedgerStore({ path });
          },
        };
        try {
          await runHistory(target, history);
        } finally {
          await target.store.close();
          rmSync(path, { force: true });
          rmSync(`${path}-wal`, { force: true });
          rmSync(`${path}-shm`, { force: true });
        }
      }),
      { numRuns: SEQUENCES },
    );
    for (const [event, count] of Object.entries(coverage)) {
      expect({ event, reached: count > 0 }).toEqual({ event, reached: true });
    }
  }, 120_000);
});
