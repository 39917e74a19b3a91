/**
 * Durability and atomicity under SIGKILL, against a real child process and each real database:
 * whatever moment the writer dies, the log reopens with whole batches only, its root matches its
 * entries, and its new checkpoint is consistent with every checkpoint the writer had published.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  fromBase64,
  type Hash,
  hashRange,
  nodeKey,
  planConsistencyProof,
  proofNodeIds,
  toHex,
  verifyConsistency,
} from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogStore, openLogStore } from '../src/index.js';
import { openTestCheckpoint, rootOf, TEST_ORIGIN, testEntries } from './log-fixtures.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/append-until-killed.ts', import.meta.url));
const BATCH_SIZE = 50;
const WAIT_LINE_MS = 20_000;

interface Witnessed {
  size: number;
  checkpoint: string;
}

function startWriter(location: string, label: string, stallAtBatch?: number): ChildProcess {
  const env = { ...process.env };
  if (stallAtBatch === undefined) delete env.MYCEL_STALL_IN_TRANSACTION;
  else env.MYCEL_STALL_IN_TRANSACTION = String(stallAtBatch);
  return spawn(
    process.execPath,
    ['--import', 'tsx', FIXTURE, location, String(BATCH_SIZE), label],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}

/** Reads the writer's lines until `until` says stop; returns every checkpoint it published. */
function watchWriter(
  child: ChildProcess,
  until: (line: string, witnessed: Witnessed[]) => boolean,
): Promise<Witnessed[]> {
  const witnessed: Witnessed[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the writer did not reach the kill point in time')),
      WAIT_LINE_MS,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const [word, size, note] = line.split(' ');
      if (word === 'committed') {
        witnessed.push({
          size: Number(size),
          checkpoint: new TextDecoder().decode(fromBase64(note!)!),
        });
      }
      if (until(line, witnessed)) {
        clearTimeout(timer);
        resolve(witnessed);
      }
    });
    child.on('exit', () => reject(new Error('the writer exited before it was killed')));
  });
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function consistencyProof(
  store: LogStore,
  oldSize: number,
  newSize: number,
): Promise<Hash[]> {
  const ranges = planConsistencyProof(oldSize, newSize);
  if (!ranges.ok) throw new Error(ranges.error.code);
  const nodes = await store.readNodes(proofNodeIds(ranges.value));
  return ranges.value.map((range) => hashRange(range, (id) => nodes.get(nodeKey(id))!));
}

/** Every writer batch is in the log entirely or not at all (labels are `<run>-batch-<n>-of-<size>-<k>`). */
function expectWholeBatches(entries: readonly { bytes: Uint8Array }[]): void {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const label: string = JSON.parse(new TextDecoder().decode(entry.bytes)).label;
    const batch = label.slice(0, label.lastIndexOf('-'));
    counts.set(batch, (counts.get(batch) ?? 0) + 1);
  }
  for (const [batch, count] of counts) {
    if (batch.includes('-batch-')) expect({ batch, count }).toEqual({ batch, count: BATCH_SIZE });
  }
}

/** Everything that must hold after a crash, given what the writer had published before it. */
async function expectIntactLog(location: string, witnessed: readonly Witnessed[]): Promise<number> {
  const store = await openLogStore(location, TEST_ORIGIN);
  try {
    const head = await store.head();
    const lastPublished = witnessed.at(-1)!;
    expect(head.size).toBeGreaterThanOrEqual(lastPublished.size);
    const entries = [];
    for (let start = 0; start < head.size; start += 1000)
      entries.push(...(await store.readEntries(start, start + 1000)));
    expect(entries.length).toBe(head.size);
    expectWholeBatches(entries);
    expect(toHex(rootOf(entries))).toBe(toHex(head.root));
    const current = openTestCheckpoint(head.checkpoint!);
    expect(current.size).toBe(head.size);
    for (const earlier of witnessed) {
      const old = openTestCheckpoint(earlier.checkpoint);
      const proof = await consistencyProof(store, old.size, current.size);
      const verdict = verifyConsistency({
        oldSize: old.size,
        newSize: current.size,
        oldRoot: old.root,
        newRoot: current.root,
        proof,
      });
      expect(verdict.ok).toBe(true);
    }
    const more = await store.append({
      entries: testEntries(`after-crash-${head.size}`, 3),
      signCheckpoint: () => 'unused',
    });
    expect(more.indices).toEqual([head.size, head.size + 1, head.size + 2]);
    return head.size;
  } finally {
    await store.close();
  }
}

function describeCrashes(driver: string, freshLocation: () => Promise<string>) {
  describe(`SIGKILL during appends: ${driver}`, () => {
    it('a writer killed between its writes and its commit leaves no trace of that batch', async () => {
      const location = await freshLocation();
      const child = startWriter(location, 'stall', 3);
      const witnessed = await watchWriter(child, (line) => line.startsWith('in-transaction'));
      await killHard(child);
      expect(witnessed.map((entry) => entry.size)).toEqual([50, 100, 150]);
      const size = await expectIntactLog(location, witnessed);
      expect(size).toBe(150);
    });

    it('writers killed at arbitrary moments leave whole batches and a consistent log, every time', async () => {
      const location = await freshLocation();
      for (let round = 0; round < 3; round++) {
        const child = startWriter(location, `round-${round}`);
        const commitsBeforeKill = 2 + round;
        const witnessed = await watchWriter(
          child,
          (_line, seen) => seen.length >= commitsBeforeKill,
        );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        await killHard(child);
        await expectIntactLog(location, witnessed);
      }
    });
  });
}

const folder = mkdtempSync(join(tmpdir(), 'mycel-crash-'));
let files = 0;
describeCrashes('sqlite', async () => {
  files += 1;
  return `sqlite:${join(folder, `crash-${files}.db`)}`;
});

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];
describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeCrashes('postgres', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database.url;
  });
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});
