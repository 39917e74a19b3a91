/**
 * ledger: VCR mint + exact split + double-entry transfers, batched, through the real LedgerStore
 * (exact NodeCo split computed per receipt, then mintMany: the kernel receipt check, idempotency
 * and proof look-ups, balance rules, one transaction per batch), against raw batched inserts of
 * the same rows (batch, receipt, proof and transfer rows, balance updates) into the same schema of
 * the same kind of database, in the same run. SQLite (WAL, synchronous=FULL) and PostgreSQL.
 *
 *   npm run bench -- ledger [--receipts 6000] [--batch 250] [--dir /tmp] [--postgres URL | --no-postgres]
 *
 * Receipts are built and signed before timing; the raw rows are prepared before timing too, so
 * the baseline is the database's own cost of writing them. Batches alternate raw, store, raw, …
 * so a noisy second hits both; perSec = receipts / total time; ratio = perSec / rawPerSec.
 * `conserved` is true when, after the run, every store's balances equal its replay of all
 * transfers and each currency sums to zero. --postgres is an admin URL: a throwaway database is
 * created on it and dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReceipt,
  contentId,
  ed25519SignerFromSeed,
  type Holding,
  type Receipt,
  splitAmount,
  splitProRata,
  type Transfer,
  withSignature,
} from '@mycel/kernel';
import {
  createThrowawayDatabase,
  type LedgerStore,
  type MintItem,
  openPostgresLedgerStore,
  openSqliteLedgerStore,
} from '@mycel/store';
import Database from 'better-sqlite3';
import pg from 'pg';

const { values: options } = parseArgs({
  options: {
    receipts: { type: 'string', default: '6000' },
    batch: { type: 'string', default: '250' },
    dir: { type: 'string', default: tmpdir() },
    postgres: {
      type: 'string',
      default: process.env.MYCEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const RECEIPTS = Number(options.receipts);
const BATCH = Number(options.batch);
const CURRENCY = 'INR';
const did = (seed: number) => ed25519SignerFromSeed(new Uint8Array(32).fill(seed)).key.did;
const account = (party: string) => `${party}#${CURRENCY}`;

/** 40 clients paying 8 NodeCo nodes of 5 owners each, plus an operator and the protocol. */
const CLIENTS = Array.from({ length: 40 }, (_, n) => did(n + 1));
const NODES = Array.from({ length: 8 }, (_, n) => ({
  node: did(100 + n),
  owners: Array.from({ length: 5 }, (_, k) => ({
    party: did(150 + n * 5 + k),
    shares: BigInt(k + 1),
  })),
}));
const OPERATOR = did(220);
const PROTOCOL = did(221);
const MINTER = ed25519SignerFromSeed(new Uint8Array(32).fill(230));

interface Work {
  receipt: Receipt;
  owners: readonly Holding[];
}

function workload(): Work[] {
  return Array.from({ length: RECEIPTS }, (_, n) => {
    const { node, owners } = NODES[n % NODES.length]!;
    const receipt = buildReceipt({
      federation: 'bench',
      proofs: [contentId({ usage: n })],
      acceptedConfidence: 1,
      amount: { minor: String(100 + ((n * 7919) % 90_000)), currency: CURRENCY },
      payer: CLIENTS[n % CLIENTS.length]!,
      splits: [
        { party: node, role: 'owner', bps: 7000 },
        { party: OPERATOR, role: 'operator', bps: 2000 },
        { party: PROTOCOL, role: 'protocol', bps: 1000 },
      ],
      mintedAt: '2026-11-28T12:00:00Z',
    });
    return { receipt: withSignature(receipt, 'receipt', MINTER), owners };
  });
}

/** The exact split: 70/20/10 by basis points, the owners' 70 % again pro rata by shares. */
function settle({ receipt, owners }: Work): Transfer[] {
  const parts = splitAmount(BigInt(receipt.amount.minor), receipt.splits);
  if (!parts.ok) throw new Error(parts.error.code);
  const transfers: Transfer[] = [];
  for (const part of parts.value) {
    const pool = receipt.splits.find((split) => split.party === part.party)!.role === 'owner';
    const shares = pool ? splitProRata(part.amount, owners) : { ok: true as const, value: [part] };
    if (!shares.ok) throw new Error(shares.error.code);
    for (const share of shares.value) {
      if (share.amount > 0n) {
        transfers.push({
          debit: account(receipt.payer),
          credit: account(share.party),
          amount: share.amount,
          currency: CURRENCY,
        });
      }
    }
  }
  return transfers;
}

async function openAccounts(store: LedgerStore): Promise<void> {
  const parties = [
    ...CLIENTS,
    OPERATOR,
    PROTOCOL,
    'rail',
    ...NODES.flatMap((n) => n.owners.map((o) => o.party)),
  ];
  for (const party of parties)
    await store.openAccount({ id: account(party), currency: CURRENCY, allowCredit: true });
}

/** The rows the store writes for a batch, ready for a raw writer; amounts as decimal text. */
interface RawBatch {
  atMs: number;
  receipts: { id: string; body: string; proof: string }[];
  transfers: { receipt: string; debit: string; credit: string; amount: string }[];
  balances: [string, string][];
}

/** `balances` carries the raw database's balances from one call to the next. */
function rawBatches(work: readonly Work[], balances: Map<string, bigint>): RawBatch[] {
  const batches: RawBatch[] = [];
  for (let start = 0; start < work.length; start += BATCH) {
    const batch: RawBatch = { atMs: start, receipts: [], transfers: [], balances: [] };
    const touched = new Set<string>();
    const move = (id: string, delta: bigint) => {
      balances.set(id, (balances.get(id) ?? 0n) + delta);
      touched.add(id);
    };
    for (const item of work.slice(start, start + BATCH)) {
      const { id, proofs } = item.receipt;
      batch.receipts.push({ id, body: JSON.stringify(item.receipt), proof: proofs[0]! });
      for (const { debit, credit, amount } of settle(item)) {
        batch.transfers.push({ receipt: id, debit, credit, amount: amount.toString() });
        move(debit, -amount);
        move(credit, amount);
      }
    }
    batch.balances = [...touched].map((id) => [id, balances.get(id)!.toString()]);
    batches.push(batch);
  }
  return batches;
}

type RawWriter = (batch: RawBatch) => Promise<void>;

function sqliteRawWriter(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const batchRow = db.prepare(`INSERT INTO ledger_batches (id, kind, at_ms) VALUES (?, 'mint', ?)`);
  const receiptRow = db.prepare(
    `INSERT INTO ledger_receipts (id, body, currency, status, subject, minted_at_ms) VALUES (?, ?, '${CURRENCY}', 'minted', NULL, ?)`,
  );
  const proofRow = db.prepare('INSERT INTO ledger_receipt_proofs (proof, receipt) VALUES (?, ?)');
  const transferRow = db.prepare(
    `INSERT INTO ledger_transfers (batch, kind, receipt, debit, credit, amount, currency, at_ms) VALUES (?, 'mint', ?, ?, ?, ?, '${CURRENCY}', ?)`,
  );
  const balanceRow = db.prepare('UPDATE ledger_accounts SET balance = ? WHERE id = ?');
  const write = db.transaction(({ atMs, receipts, transfers, balances }: RawBatch) => {
    for (const r of receipts) {
      batchRow.run(r.id, atMs);
      receiptRow.run(r.id, r.body, atMs);
      proofRow.run(r.proof, r.id);
    }
    for (const t of transfers)
      transferRow.run(t.receipt, t.receipt, t.debit, t.credit, t.amount, atMs);
    for (const [id, balance] of balances) balanceRow.run(balance, id);
  });
  const writer: RawWriter = async (batch) => write.immediate(batch);
  return { write: writer, balances: new Map<string, bigint>(), close: () => db.close() };
}

async function postgresRawWriter(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  let seq = 0;
  const write: RawWriter = async ({ atMs, receipts: rs, transfers: ts, balances }) => {
    const ids = rs.map((r) => r.id);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO ledger_batches (id, kind, at_ms) SELECT id, 'mint', $2 FROM unnest($1::text[]) AS b(id)`,
      [ids, atMs],
    );
    await client.query(
      `INSERT INTO ledger_receipts (id, body, currency, status, minted_at_ms)
       SELECT id, body, '${CURRENCY}', 'minted', $3 FROM unnest($1::text[], $2::text[]) AS r(id, body)`,
      [ids, rs.map((r) => r.body), atMs],
    );
    await client.query(
      'INSERT INTO ledger_receipt_proofs (proof, receipt) SELECT * FROM unnest($1::text[], $2::text[])',
      [rs.map((r) => r.proof), ids],
    );
    const columns = (['receipt', 'debit', 'credit', 'amount'] as const).map((key) =>
      ts.map((t) => t[key]),
    );
    await client.query(
      `INSERT INTO ledger_transfers (seq, batch, kind, receipt, debit, credit, amount, currency, at_ms)
       SELECT $1::bigint + n, r, 'mint', r, d, c, a, '${CURRENCY}', $6
       FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[]) WITH ORDINALITY AS t(r, d, c, a, n)`,
      [seq, ...columns, atMs],
    );
    seq += ts.length;
    await client.query(
      `UPDATE ledger_accounts AS a SET balance = v.b
       FROM unnest($1::text[], $2::numeric[]) AS v(id, b) WHERE a.id = v.id`,
      [balances.map(([id]) => id), balances.map(([, b]) => b)],
    );
    await client.query('COMMIT');
  };
  return { write, balances: new Map<string, bigint>(), close: () => client.end() };
}

/** Alternates raw and store batches; returns their total milliseconds. */
async function measure(
  work: readonly Work[],
  store: LedgerStore,
  raw: { write: RawWriter; balances: Map<string, bigint> },
): Promise<{ storeMs: number; rawMs: number }> {
  const rows = rawBatches(work, raw.balances);
  let storeMs = 0;
  let rawMs = 0;
  for (const [index, batch] of rows.entries()) {
    let started = performance.now();
    await raw.write(batch);
    rawMs += performance.now() - started;
    started = performance.now();
    const items: MintItem[] = work
      .slice(index * BATCH, (index + 1) * BATCH)
      .map((item) => ({ receipt: item.receipt, transfers: settle(item), atMs: index * BATCH }));
    const outcomes = await store.mintMany(items);
    storeMs += performance.now() - started;
    if (outcomes.some((outcome) => outcome !== 'minted'))
      throw new Error('a receipt was not minted');
  }
  return { storeMs, rawMs };
}

async function isConserved(store: LedgerStore): Promise<boolean> {
  const balances = await store.balances();
  const replayed = await store.replayBalances();
  const sum = [...balances.values()].reduce((total, balance) => total + balance, 0n);
  return (
    sum === 0n &&
    balances.size === replayed.size &&
    [...balances].every(([id, balance]) => replayed.get(id) === balance)
  );
}

function result(receipts: number, measured: { storeMs: number; rawMs: number }) {
  const perSec = Math.round(receipts / (measured.storeMs / 1000));
  const rawPerSec = Math.round(receipts / (measured.rawMs / 1000));
  return { perSec, rawPerSec, ratio: Number((perSec / rawPerSec).toFixed(3)) };
}

const reproduce = `npm run bench -- ledger --receipts ${RECEIPTS} --batch ${BATCH} --dir ${options.dir}${
  options['no-postgres'] ? ' --no-postgres' : ` --postgres ${options.postgres}`
}`;
process.stdout.write(`reproduce: ${reproduce}\n`);
const work = workload();
const warmUp = work.slice(0, BATCH);
const timed = work.slice(BATCH);
let conserved = true;

/** Warm-up, then the timed pair; checks the store's conservation after. */
async function run(
  driver: string,
  store: LedgerStore,
  raw: { write: RawWriter; balances: Map<string, bigint> },
) {
  await measure(warmUp, store, raw);
  const measured = result(timed.length, await measure(timed, store, raw));
  conserved &&= await isConserved(store);
  const { perSec, rawPerSec, ratio } = measured;
  process.stdout.write(`${driver}: store ${perSec}/s, raw ${rawPerSec}/s, ratio ${ratio}\n`);
  return measured;
}

const folder = mkdtempSync(join(options.dir!, 'mycel-bench-ledger-'));
const sqliteStore = openSqliteLedgerStore({ path: join(folder, 'store.db') });
const rawSetup = openSqliteLedgerStore({ path: join(folder, 'raw.db') });
await openAccounts(sqliteStore);
await openAccounts(rawSetup);
await rawSetup.close();
const sqliteRaw = sqliteRawWriter(join(folder, 'raw.db'));
const sqlite = await run('sqlite', sqliteStore, sqliteRaw);
sqliteRaw.close();
await sqliteStore.close();
rmSync(folder, { recursive: true, force: true });

let postgres: ReturnType<typeof result> | null = null;
if (!options['no-postgres']) {
  const database = await createThrowawayDatabase(options.postgres!, 'mycel_bench_ledger');
  try {
    const store = await openPostgresLedgerStore({ url: database.url, schema: 'bench_store' });
    const setup = await openPostgresLedgerStore({ url: database.url, schema: 'bench_raw' });
    await openAccounts(store);
    await openAccounts(setup);
    await setup.close();
    const raw = await postgresRawWriter(database.url, 'bench_raw');
    postgres = await run('postgres', store, raw);
    await raw.close();
    await store.close();
  } finally {
    await database.drop();
  }
}

process.stdout.write(
  `${JSON.stringify({
    bench: 'ledger',
    sqlite,
    postgres,
    conserved,
    receipts: timed.length,
    batch: BATCH,
    transfersPerReceipt: settle(work[0]!).length,
    store: { sqlite: 'WAL, synchronous=FULL', postgres: 'read committed, row locks' },
    reproduce,
    node: process.version,
  })}\n`,
);
