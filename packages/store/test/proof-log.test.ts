/**
 * The proof log end to end on each real database: verify, group-commit, answer with an inclusion
 * proof that checks against the signed checkpoint; the same answer for the same proof; nothing
 * logged for bad input.
 */
import {
  buildProof,
  ed25519SignerFromSeed,
  hashLeaf,
  type Proof,
  ProofVerifier,
  type Signer,
  signProof,
  TrustStore,
  toHex,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogStore, openPostgresLogStore, openSqliteLogStore, ProofLog } from '../src/index.js';
import { LOG_SIGNER, openTestCheckpoint, TEST_ORIGIN } from './log-fixtures.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';

const NOW_MS = Date.parse('2026-11-28T12:00:00Z');
const ISSUER = ed25519SignerFromSeed(new Uint8Array(32).fill(9));

function sampleProof(value: number, signer: Signer = ISSUER): Proof {
  const unsigned = buildProof({
    mip: 'mip-energy/generation-interval@1.0.0',
    federation: 'devnet',
    claim: { subject: 'meter:test', predicate: 'exported-energy', value, unit: 'Wh' },
    attestation: { issuer: signer.key.did, capturedAt: '2026-11-28T11:00:00Z' },
    issuedAt: '2026-11-28T11:00:01Z',
  });
  const signed = signProof(unsigned, signer);
  if (!signed.ok) throw new Error(signed.error.code);
  return signed.value;
}

function bytesOf(proof: unknown): Uint8Array {
  return utf8(JSON.stringify(proof));
}

function describeProofLog(driver: string, openStore: () => Promise<LogStore>) {
  describe(`ProofLog on ${driver}`, () => {
    const stores: LogStore[] = [];
    async function freshLog(): Promise<ProofLog> {
      const store = await openStore();
      stores.push(store);
      const verifier = new ProofVerifier({ trust: new TrustStore() });
      return new ProofLog({
        store,
        verifier,
        origin: TEST_ORIGIN,
        signer: LOG_SIGNER,
        now: () => NOW_MS,
      });
    }
    afterAll(async () => {
      for (const store of stores) await store.close();
    });

    it('logs a valid proof and proves its inclusion in the signed checkpoint', async () => {
      const log = await freshLog();
      const proof = sampleProof(1);
      const result = await log.submit(bytesOf(proof));
      if (!result.ok) throw new Error(result.error.code);
      expect(result.value).toMatchObject({
        id: proof.id,
        index: 0,
        duplicate: false,
        treeSize: 1,
        settleable: false,
      });
      const checkpoint = openTestCheckpoint(result.value.checkpoint);
      const [entry] = await log.readEntries(0, 1);
      const verdict = verifyInclusion({
        index: 0,
        size: checkpoint.size,
        leafHash: hashLeaf(entry!.bytes),
        proof: result.value.inclusion,
        root: checkpoint.root,
      });
      expect(verdict.ok).toBe(true);
    });

    it('answers a repeated proof with the first answer, even after the log has grown', async () => {
      const log = await freshLog();
      const proof = sampleProof(2);
      const first = await log.submit(bytesOf(proof));
      await Promise.all([3, 4, 5].map((value) => log.submit(bytesOf(sampleProof(value)))));
      const reordered = JSON.stringify(
        Object.fromEntries(Object.entries(proof).reverse()),
        null,
        2,
      );
      const again = await log.submit(utf8(reordered));
      if (!first.ok || !again.ok) throw new Error('submit failed');
      expect(again.value).toEqual({ ...first.value, duplicate: true });
      expect((await log.head()).size).toBe(4);
    });

    it('group-commits concurrent submissions and every answer verifies', async () => {
      const log = await freshLog();
      const proofs = Array.from({ length: 120 }, (_, n) => sampleProof(100 + n));
      const results = await Promise.all(proofs.map((proof) => log.submit(bytesOf(proof))));
      const checkpoints = new Set<string>();
      for (const result of results) {
        if (!result.ok) throw new Error(result.error.code);
        checkpoints.add(result.value.checkpoint);
        const opened = openTestCheckpoint(result.value.checkpoint);
        const [entry] = await log.readEntries(result.value.index, result.value.index + 1);
        expect(entry!.id).toBe(result.value.id);
        const verdict = verifyInclusion({
          index: result.value.index,
          size: opened.size,
          leafHash: hashLeaf(entry!.bytes),
          proof: result.value.inclusion,
          root: opened.root,
        });
        expect(verdict.ok).toBe(true);
      }
      expect(new Set(results.map((result) => result.ok && result.value.index)).size).toBe(120);
      expect(checkpoints.size).toBeLessThan(120);
      const head = await log.head();
      const sizes = [...checkpoints]
        .map((note) => openTestCheckpoint(note).size)
        .sort((a, b) => a - b);
      for (const size of sizes) {
        const old = openTestCheckpoint((await log.checkpointAt(size))!);
        const proof = await log.proveConsistency(size, head.size);
        if (!proof.ok) throw new Error(proof.error.code);
        const current = openTestCheckpoint(head.checkpoint!);
        const verdict = verifyConsistency({
          oldSize: size,
          newSize: head.size,
          oldRoot: old.root,
          newRoot: current.root,
          proof: proof.value,
        });
        expect(verdict.ok).toBe(true);
      }
    });

    it('logs nothing for bad input and says why with a stable code', async () => {
      const log = await freshLog();
      const valid = sampleProof(7);
      const tampered = { ...valid, claim: { ...valid.claim, value: 8 } };
      const cases: [Uint8Array, string][] = [
        [utf8('{"v":1,'), 'json_malformed'],
        [utf8('{"v":1,"v":1}'), 'json_duplicate_key'],
        [bytesOf({ ...valid, v: 2 }), 'proof_version_unsupported'],
        [bytesOf(tampered), 'proof_id_mismatch'],
        [new Uint8Array(70_000).fill(0x20), 'proof_oversize'],
      ];
      for (const [bytes, code] of cases) {
        const result = await log.submit(bytes);
        expect(result.ok ? 'ok' : result.error.code).toBe(code);
      }
      expect((await log.head()).size).toBe(0);
    });

    it('refuses proofs of sizes beyond the head and indices outside the tree', async () => {
      const log = await freshLog();
      await log.submit(bytesOf(sampleProof(11)));
      const beyond = await log.proveInclusion(0, 5);
      expect(beyond.ok ? 'ok' : beyond.error.code).toBe('log_size_invalid');
      const outside = await log.proveInclusion(3, 1);
      expect(outside.ok ? 'ok' : outside.error.code).toBe('log_index_out_of_range');
      const backwards = await log.proveConsistency(1, 0);
      expect(backwards.ok ? 'ok' : backwards.error.code).toBe('log_size_invalid');
    });

    it('publishes a verifier key that opens its checkpoints', async () => {
      const log = await freshLog();
      const result = await log.submit(bytesOf(sampleProof(12)));
      if (!result.ok) throw new Error(result.error.code);
      expect(log.verifierKey()).toMatch(/^test\.mycel\.dev\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
      expect(toHex(openTestCheckpoint(result.value.checkpoint).root)).toHaveLength(64);
    });
  });
}

describeProofLog('sqlite', async () =>
  openSqliteLogStore({ path: ':memory:', origin: TEST_ORIGIN }),
);

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];
describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeProofLog('postgres', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return openPostgresLogStore({ url: database.url, origin: TEST_ORIGIN });
  });
});
afterAll(async () => {
  for (const database of databases) await database.drop();
});
