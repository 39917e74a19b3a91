/**
 * Child process of the crash test: runs the settlement loop (ledger-crash-workload.ts) into a
 * SQLite ledger from the first batch, so after a restart every batch already posted is retried
 * and answered 'duplicate'. After each batch commits it prints `committed <batch> <minted>`; at
 * the end `done`. The parent SIGKILLs it at random moments.
 */
import { openSqliteLedgerStore } from '../src/index.js';
import { CRASH_BATCHES, crashBatch, isAtomicBatch } from './ledger-crash-workload.js';
import { openTestAccounts } from './ledger-fixtures.js';

const path = process.argv[2]!;
const store = openSqliteLedgerStore({ path });
await openTestAccounts(store);
for (let batch = 0; batch < CRASH_BATCHES; batch++) {
  const items = crashBatch(batch);
  const outcomes = isAtomicBatch(batch)
    ? await store.mintMany(items)
    : await Promise.all(items.map((item) => store.mint(item.receipt, item.transfers, item)));
  const minted = outcomes.filter((outcome) => outcome === 'minted').length;
  process.stdout.write(`committed ${batch} ${minted}\n`);
}
process.stdout.write('done\n');
await store.close();
