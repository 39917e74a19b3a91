/**
 * SIGKILL during settlement: a child process mints a long loop of receipts into a SQLite ledger
 * (WAL, synchronous=FULL) and is killed at random moments, several times. After each kill the
 * reopened ledger holds every receipt wholly (the receipt and all its transfers) or not at all,
 * a batch minted in one transaction wholly or not at all, everything the writer reported
 * committed, balances equal to the replay of the transfers, and zero per currency. The last run
 * is left to finish: every receipt is then minted exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteLedgerStore } from '../src/index.js';
import {
  CRASH_BATCH_RECEIPTS,
  CRASH_BATCHES,
  crashBatch,
  isAtomicBatch,
} from './ledger-crash-workload.js';
import { expectConserved } from './ledger-fixtures.js';
import { allTransfers } from './ledger-property-invariants.js';

const WRITER = fileURLToPath(new URL('./ledger-crash-writer.ts', import.meta.url));
const KILLS = 4;
const WAIT_LINE_MS = 60_000;

const folder = mkdtempSync(join(tmpdir(), 'mycel-ledger-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function startWriter(path: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', WRITER, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves with the highest batch the writer reported committed once `until` says stop. */
function watch(
  child: ChildProcess,
  until: (batch: number, line: string) => boolean,
): Promise<number> {
  let highest = -1;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the writer did not get far enough in time')),
      WAIT_LINE_MS,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, batch] = line.split(' ');
      if (word === 'committed') highest = Math.max(highest, Number(batch));
      if (until(highest, line)) {
        clearTimeout(timer);
        resolve(highest);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code === 0) resolve(highest);
      else reject(new Error(`the writer exited (${code ?? signal})`));
    });
  });
}

async function killAfter(child: ChildProcess, delayMs: number): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL'); // a no-op when the writer already finished: the checks hold either way
  await exited;
}

/** Checks the reopened ledger; returns how many receipts it holds. */
async function expectWhole(path: string, committedThrough: number): Promise<number> {
  const store = openSqliteLedgerStore({ path });
  try {
    await expectConserved(store);
    const transfers = await allTransfers(store);
    const byReceipt = new Map<string, string[]>();
    for (const row of transfers) {
      const rows = byReceipt.get(row.receipt ?? '') ?? [];
      rows.push(`${row.debit}>${row.credit}:${row.amount}`);
      byReceipt.set(row.receipt ?? '', rows);
    }
    let present = 0;
    for (let batch = 0; batch < CRASH_BATCHES; batch++) {
      let inBatch = 0;
      for (const item of crashBatch(batch)) {
        const stored = await store.receipt(item.receipt.id);
        const expected = item.transfers.map((t) => `${t.debit}>${t.credit}:${t.amount}`).sort();
        const posted = (byReceipt.get(item.receipt.id) ?? []).sort();
        expect(posted).toEqual(stored === undefined ? [] : expected);
        if (stored !== undefined) inBatch += 1;
      }
      if (batch <= committedThrough) expect(inBatch).toBe(CRASH_BATCH_RECEIPTS);
      if (isAtomicBatch(batch)) expect([0, CRASH_BATCH_RECEIPTS]).toContain(inBatch);
      present += inBatch;
    }
    expect(byReceipt.size - (byReceipt.has('') ? 1 : 0)).toBe(present);
    return present;
  } finally {
    await store.close();
  }
}

describe('SIGKILL during settlement (SQLite)', () => {
  it('leaves whole receipts and batches, conserved balances, and resumes to mint each receipt once', async () => {
    const path = join(folder, 'settlement.db');
    let committedThrough = -1;
    for (let kill = 0; kill < KILLS; kill++) {
      const child = startWriter(path);
      const target = Math.min(committedThrough + 2, CRASH_BATCHES - 2);
      committedThrough = Math.max(committedThrough, await watch(child, (batch) => batch >= target));
      await killAfter(child, Math.random() * 60);
      await expectWhole(path, committedThrough);
    }
    const finisher = startWriter(path);
    const finished = await watch(finisher, (_batch, line) => line === 'done');
    expect(finished).toBe(CRASH_BATCHES - 1);
    await new Promise((resolve) => finisher.once('exit', resolve));
    expect(await expectWhole(path, CRASH_BATCHES - 1)).toBe(CRASH_BATCHES * CRASH_BATCH_RECEIPTS);
  }, 180_000);
});
