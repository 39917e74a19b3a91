/**
 * The producer federation's day (issue 8, item 6) end to end, in-process: real Modbus TCP servers
 * on loopback, the gateway, the federation's pack, the registry, a contract and the ledger, all
 * on SQLite files in a temporary folder. The summary's numbers are checked against the stores
 * the run left behind, reopened here, so the summary cannot say what did not happen.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkSignedPolicyPack, type JsonValue, replayContract, TrustStore } from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import {
  openCapabilityRegistry,
  openContractStore,
  openEvidenceVault,
  openLedgerStore,
  openLogStore,
} from '@mycel/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductionSummary } from '../src/devnet/producer/production-summary.js';
import { runProducerLoop } from '../src/devnet/producer/run-producer-loop.js';
import { PRODUCER_PRICE_MINOR } from '../src/limits.js';
import { temporaryFolder } from './run-mycel.js';

const folder = temporaryFolder('producer-loop');
const dataDir = join(folder, 'producer');
let summary: ProductionSummary;

beforeAll(async () => {
  summary = await runProducerLoop({ dataDir });
}, 120_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('the producer federation: Produce → Verify → Discover → Coordinate → Settle', () => {
  it('verifies every honest hour and refuses every inflated one, with reasons', () => {
    const [honest, cheat] = summary.producers;
    expect(honest!.name).toBe('community microgrid');
    expect(honest!.proofs).toBe(12);
    expect(honest!.accepted).toBe(honest!.proofs);
    expect(honest!.meanP).toBeGreaterThan(0.9);
    expect(cheat!.name).toBe('inflating microgrid');
    expect(cheat!.proofs).toBe(4);
    expect(cheat!.accepted).toBe(0);
    expect(cheat!.refused).toBe(4);
    expect(cheat!.meanP).toBeLessThan(0.01);
    const reasons = cheat!.reasons.join('\n');
    expect(reasons).toMatch(/^p_below_min: /m);
    // The physics said why: the energy disagrees with the sun the pyranometer saw, or the meter.
    expect(reasons).toMatch(/^(irradiance-ratio|inverter-meter-agreement): .*lowered the odds/m);
  });

  it('finds only the honest microgrid, ranked by its verified record, and certifies it', async () => {
    const { discover } = summary;
    expect(discover.adverts).toBe(2);
    expect(discover.found.map((hit) => hit.name)).toEqual(['community microgrid']);
    expect(discover.found[0]!.priceMinor).toBe(PRODUCER_PRICE_MINOR);
    expect(discover.certified).toBe(true);
    expect(discover.missing).toEqual([]);
    // The registry file holds both adverts and both track records; the cheat's is all refusals.
    const registry = await openCapabilityRegistry({ sqlitePath: summary.files.registry });
    try {
      const [honest, cheat] = summary.producers;
      expect(await registry.trackRecord(honest!.did)).toMatchObject({ accepted: 12, refused: 0 });
      expect(await registry.trackRecord(cheat!.did)).toMatchObject({ accepted: 0, refused: 4 });
      const everyone = await registry.search(
        { mip: ENERGY_GENERATION_MIP },
        Date.parse(`${summary.day}T12:00:00Z`),
      );
      expect(everyone.map((hit) => hit.advert.producer)).toEqual([honest!.did, cheat!.did]);
    } finally {
      await registry.close();
    }
  });

  it('settles the contract from its signed events: restoring it is replaying them', async () => {
    const { coordinate } = summary;
    expect(coordinate.status).toBe('SETTLED');
    expect(coordinate.proofs).toBe(8);
    expect(coordinate.verified).toBe(8);
    expect(Number(coordinate.billableKWh)).toBeGreaterThan(100);
    const contracts = await openContractStore({ sqlitePath: summary.files.contracts });
    try {
      const events = await contracts.events(coordinate.contract);
      expect(events).toHaveLength(coordinate.events);
      // The buyer's dispute inside the window, resolved by the authority after the audit.
      const disputed = events.filter((stored) => ['dispute', 'resolve'].includes(stored.type));
      expect(disputed.map((stored) => stored.type)).toEqual(['dispute', 'resolve']);
      expect(coordinate.dispute.outcome).toBe('upheld');
      expect(disputed[1]!.event).toMatchObject({
        proof: coordinate.dispute.proofId,
        outcome: 'upheld',
      });
      const replayed = replayContract(events.map((stored) => stored.event as JsonValue));
      expect(replayed.ok && replayed.value.status).toBe('SETTLED');
      const mints = replayed.ok ? replayed.value.effects.filter((e) => e.type === 'mint-vcr') : [];
      expect(mints).toHaveLength(summary.settle.receipts);
    } finally {
      await contracts.close();
    }
  });

  it('mints one VCR per verified hour after the window and nets them 70/20/10, to the paisa', async () => {
    const { settle, coordinate } = summary;
    expect(settle.receipts).toBe(coordinate.verified);
    const amount = BigInt(settle.amountMinor);
    // ₹8/kWh of the billable kWh, each receipt rounded down once.
    const exact = Number(coordinate.billableKWh) * Number(PRODUCER_PRICE_MINOR);
    expect(Number(amount)).toBeGreaterThan(exact - settle.receipts);
    expect(Number(amount)).toBeLessThanOrEqual(exact);
    const parts =
      BigInt(settle.ownersMinor) + BigInt(settle.operatorMinor) + BigInt(settle.protocolMinor);
    expect(parts).toBe(amount);
    expect(Number(settle.ownersMinor) / Number(amount)).toBeCloseTo(0.7, 2);
    expect(Number(settle.protocolMinor) / Number(amount)).toBeCloseTo(0.1, 2);
    // Twelve households, the operator and the protocol: one payout each.
    expect(settle.payouts).toBe(14);
    const ledger = await openLedgerStore({ sqlitePath: summary.files.ledger });
    try {
      const receipts = await ledger.receipts();
      expect(receipts).toHaveLength(settle.receipts);
      const minted = receipts.reduce(
        (sum, stored) => sum + BigInt(stored.receipt.amount.minor),
        0n,
      );
      expect(minted).toBe(amount);
    } finally {
      await ledger.close();
    }
  });

  it('logs every proof both gateways signed, accepted or not, under one signed checkpoint', async () => {
    const proofs = summary.producers.reduce((sum, row) => sum + row.proofs, 0);
    expect(summary.log.entries).toBe(proofs);
    const lines = summary.log.checkpoint.split('\n');
    expect(lines[0]).toBe(summary.log.origin);
    expect(lines[1]).toBe(String(proofs));
    const store = await openLogStore(summary.files.log, summary.log.origin);
    try {
      expect((await store.head()).size).toBe(proofs);
    } finally {
      await store.close();
    }
  });

  it('audits what the pack drew from evidence disclosed under a challenge, each logged', async () => {
    for (const row of summary.producers) expect(row.auditsConfirmed).toBe(row.audited);
    // Every honest proof on disk: an audited one had its three evidence items disclosed once
    // each, to the federation's verifier under a challenge; the others none (but for the
    // disputed one).
    const vault = await openEvidenceVault({ name: 'check', sqlitePath: summary.files.vault });
    try {
      let audited = 0;
      for (const name of readdirSync(summary.files.proofs)) {
        const proof = JSON.parse(readFileSync(join(summary.files.proofs, name), 'utf8'));
        const logs = await Promise.all(
          proof.evidence.map((entry: { digest: string }) => vault.disclosureLog(entry.digest)),
        );
        const counts = logs.map((log) => log.length);
        // The proof the buyer disputed was disclosed once more, for the authority's audit.
        const disputed = proof.id === summary.coordinate.dispute.proofId ? 1 : 0;
        expect([0, 1].map((drawn) => [0, 0, 0].map(() => drawn + disputed))).toContainEqual(counts);
        audited += counts[0]! - disputed;
        for (const entry of logs.flat()) {
          expect(entry).toMatchObject({ granted: true, code: null });
          expect(entry.challenge).toMatch(/^sha256:/);
        }
      }
      expect(audited).toBe(summary.producers[0]!.audited);
    } finally {
      await vault.close();
    }
  });

  it('leaves a pack signed by the federation and the honest proofs on disk', () => {
    const federation = readFileSync(summary.files.federation, 'utf8').trim();
    expect(federation).toBe(summary.federationKey);
    const pack = JSON.parse(readFileSync(summary.files.pack, 'utf8')) as JsonValue;
    const identities = new Map([[summary.federation, federation]]);
    const checked = checkSignedPolicyPack(pack, new TrustStore(), identities, Date.now());
    expect(checked.ok).toBe(true);
    expect(readdirSync(summary.files.proofs)).toHaveLength(12);
  });
});
