/**
 * One conformance suite for every capability registry driver: publishing, outcomes and track
 * records, search and ranking, and refusals (each with its code, and nothing lost) are the same
 * whatever the database. Each driver's test file calls describeRegistryConformance.
 */
import { reputation } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapabilityRegistry } from '../../src/registry/capability-registry.js';
import { REGISTRY_SEARCH_LIMIT_MAX } from '../../src/registry/registry-limits.js';
import {
  advert,
  BENGALURU,
  BERLIN,
  ENERGY,
  type FreshRegistry,
  history,
  MFG,
  MYSURU,
  NOW_MS,
  outcome,
  producer,
  type RegistryHarness,
} from './registry-fixtures.js';

/** A refusal: an error with this code. */
export async function expectCode(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toMatchObject({ code });
}

export function describeRegistryConformance(driver: string, harness: RegistryHarness): void {
  const opened: CapabilityRegistry[] = [];
  const fresh = async (): Promise<FreshRegistry> => {
    const made = await harness.fresh();
    opened.push(made.registry);
    return made;
  };
  afterAll(async () => {
    for (const registry of opened) await registry.close();
    await harness.cleanup();
  });

  const alice = producer(31);
  const bob = producer(32);
  const carol = producer(33);
  const mallory = producer(34);

  describe(`capability registry conformance (${driver}): publishing`, () => {
    it('publishes an advert, reads it back, and calls the same advert again a duplicate', async () => {
      const { registry } = await fresh();
      const signed = advert(alice);
      expect(await registry.publish(signed, NOW_MS)).toBe('published');
      expect(await registry.advert(alice.key.did, 'in.karnataka')).toEqual(signed);
      expect(await registry.publish(signed, NOW_MS)).toBe('duplicate');
      expect(await registry.advert(alice.key.did, 'elsewhere')).toBeUndefined();
    });

    it('replaces an advert with a later one of the same producer and federation', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      const later = advert(alice, {
        issuedAt: '2026-06-10T00:00:00Z',
        price: { minor: '800', currency: 'INR', unit: 'kWh' },
        mips: [MFG],
      });
      expect(await registry.publish(later, NOW_MS)).toBe('replaced');
      expect(await registry.advert(alice.key.did, 'in.karnataka')).toEqual(later);
      expect(await registry.search({ mip: ENERGY }, NOW_MS)).toEqual([]);
      expect((await registry.search({ mip: MFG }, NOW_MS)).map((hit) => hit.advert.id)).toEqual([
        later.id,
      ]);
    });

    it('refuses an advert issued no later than the stored one: registry_advert_stale', async () => {
      const { registry, counts } = await fresh();
      const stored = advert(alice, { issuedAt: '2026-06-10T00:00:00Z' });
      await registry.publish(stored, NOW_MS);
      const before = await counts();
      const older = advert(alice, { price: { minor: '1', currency: 'INR', unit: 'kWh' } });
      await expectCode(registry.publish(older, NOW_MS), 'registry_advert_stale');
      const sameTime = advert(alice, {
        issuedAt: '2026-06-10T00:00:00Z',
        price: { minor: '2', currency: 'INR', unit: 'kWh' },
      });
      await expectCode(registry.publish(sameTime, NOW_MS), 'registry_advert_stale');
      expect(await registry.advert(alice.key.did, 'in.karnataka')).toEqual(stored);
      expect(await counts()).toEqual(before);
    });

    it('keeps one advert per federation of a producer', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      expect(await registry.publish(advert(alice, { federation: 'de.berlin' }), NOW_MS)).toBe(
        'published',
      );
      expect(await registry.search({}, NOW_MS)).toHaveLength(2);
      expect(await registry.search({ federation: 'de.berlin' }, NOW_MS)).toHaveLength(1);
    });

    it('refuses an advert signed by another key: registry_advert_unsigned', async () => {
      const { registry, counts } = await fresh();
      const forged = { ...advert(mallory), producer: alice.key.did };
      const resealed = advert(mallory, { producer: alice.key.did });
      await expectCode(registry.publish(resealed, NOW_MS), 'registry_advert_unsigned');
      await expectCode(registry.publish(forged, NOW_MS), 'registry_advert_invalid');
      expect(await counts()).toEqual({
        registry_adverts: 0,
        registry_advert_mips: 0,
        registry_outcomes: 0,
        registry_track_records: 0,
      });
    });

    it('refuses an advert whose id does not match its body: registry_advert_invalid', async () => {
      const { registry, counts } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      const before = await counts();
      const signed = advert(alice, { issuedAt: '2026-06-11T00:00:00Z' });
      const cheaper = { ...signed, price: { ...signed.price, minor: '1' } };
      await expect(registry.publish(cheaper, NOW_MS)).rejects.toMatchObject({
        code: 'registry_advert_invalid',
        message: expect.stringContaining('capability_id_mismatch'),
      });
      expect(await counts()).toEqual(before);
      expect((await registry.advert(alice.key.did, 'in.karnataka'))?.price.minor).toBe('850');
    });

    it('refuses an expired advert: registry_advert_expired', async () => {
      const { registry, counts } = await fresh();
      const stale = advert(alice, {
        issuedAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-02-01T00:00:00Z',
      });
      await expectCode(registry.publish(stale, NOW_MS), 'registry_advert_expired');
      expect((await counts()).registry_adverts).toBe(0);
    });

    it('leaves an advert out of searches once it has expired', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      expect(await registry.search({}, NOW_MS)).toHaveLength(1);
      expect(await registry.search({}, Date.parse('2026-07-01T00:00:00Z'))).toEqual([]);
    });
  });

  describe(`capability registry conformance (${driver}): outcomes and track records`, () => {
    it('counts accepted proofs with their confidence, refusals, disputes and overturns', async () => {
      const { registry } = await fresh();
      expect(await registry.trackRecord(alice.key.did)).toEqual({
        accepted: 0,
        refused: 0,
        disputesLost: 0,
        overturned: 0,
        confidenceSum: 0,
      });
      await registry.recordOutcome(outcome(alice, { p: 0.9 }));
      await registry.recordOutcome(outcome(alice, { p: 0.8 }));
      await registry.recordOutcome(outcome(alice, { accepted: false, p: 0.1 }));
      await registry.recordOutcome(outcome(alice, { p: 0.95, disputed: true }));
      await registry.recordOutcome(outcome(alice, { p: 0.99, overturned: true, disputed: true }));
      await registry.recordOutcome(outcome(bob));
      const record = await registry.trackRecord(alice.key.did);
      expect(record).toEqual({
        accepted: 3,
        refused: 1,
        disputesLost: 2,
        overturned: 1,
        confidenceSum: expect.closeTo(2.65, 9),
      });
    });

    it('records an outcome once: the same proofId and content again is a duplicate', async () => {
      const { registry } = await fresh();
      const first = outcome(alice);
      expect(await registry.recordOutcome(first)).toBe('recorded');
      expect(await registry.recordOutcome({ ...first })).toBe('duplicate');
      expect((await registry.trackRecord(alice.key.did)).accepted).toBe(1);
    });

    it('refuses the same proofId with other content: registry_outcome_conflict', async () => {
      const { registry, counts } = await fresh();
      const first = outcome(alice, { p: 0.9 });
      await registry.recordOutcome(first);
      const before = await counts();
      const record = await registry.trackRecord(alice.key.did);
      for (const change of [
        { p: 0.91 },
        { accepted: false },
        { producer: bob.key.did },
        { mip: MFG },
        { at: '2026-06-10T10:00:01Z' },
      ]) {
        await expectCode(
          registry.recordOutcome({ ...first, ...change }),
          'registry_outcome_conflict',
        );
      }
      expect(await counts()).toEqual(before);
      expect(await registry.trackRecord(alice.key.did)).toEqual(record);
    });

    it('updates an outcome to overturned, and never back', async () => {
      const { registry } = await fresh();
      const first = outcome(alice, { p: 0.9 });
      await registry.recordOutcome(first);
      expect(await registry.recordOutcome({ ...first, disputed: true, overturned: true })).toBe(
        'updated',
      );
      expect(await registry.trackRecord(alice.key.did)).toEqual({
        accepted: 0,
        refused: 0,
        disputesLost: 1,
        overturned: 1,
        confidenceSum: 0,
      });
      await expectCode(registry.recordOutcome(first), 'registry_outcome_conflict');
      expect((await registry.trackRecord(alice.key.did)).overturned).toBe(1);
    });

    it.each([
      ['a p above 1', { p: 1.5 }],
      ['a NaN p', { p: Number.NaN }],
      ['a proofId that is not a content id', { proofId: "x' OR 1=1 --" }],
      ['a producer that is not a did:key', { producer: 'alice' }],
      ['a MIP without a version', { mip: 'mip-energy/generation-interval' }],
      ['an overturned refusal', { accepted: false, overturned: true }],
      ['a date that does not exist', { at: '2026-02-30T00:00:00Z' }],
    ])('refuses %s: registry_outcome_invalid', async (_name, change) => {
      const { registry, counts } = await fresh();
      await expectCode(registry.recordOutcome(outcome(alice, change)), 'registry_outcome_invalid');
      expect((await counts()).registry_outcomes).toBe(0);
    });
  });

  describe(`capability registry conformance (${driver}): search`, () => {
    it('ranks by reputation from recorded history, not by what adverts claim', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      await registry.publish(
        advert(bob, { price: { minor: '1', currency: 'INR', unit: 'kWh' } }),
        NOW_MS,
      );
      await registry.publish(advert(carol), NOW_MS);
      await history(registry, alice, 40);
      await history(registry, bob, 2);
      const hits = await registry.search({ mip: ENERGY }, NOW_MS);
      expect(hits.map((hit) => hit.advert.producer)).toEqual([
        alice.key.did,
        bob.key.did,
        carol.key.did,
      ]);
      expect(hits[0]!.reputation).toBe(reputation(await registry.trackRecord(alice.key.did)));
      expect(hits[0]!.meanConfidence).toBeCloseTo(0.97, 9);
      expect(hits[2]!.meanConfidence).toBeUndefined();
      expect(hits[2]!.trackRecord.accepted).toBe(0);
    });

    it('drops a producer whose proof was overturned below one with a clean record', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      await registry.publish(advert(bob), NOW_MS);
      await history(registry, alice, 30);
      await history(registry, bob, 20);
      const hits = await registry.search({}, NOW_MS);
      expect(hits[0]!.advert.producer).toBe(alice.key.did);
      await registry.recordOutcome(outcome(alice, { overturned: true, disputed: true }));
      const after = await registry.search({}, NOW_MS);
      expect(after[0]!.advert.producer).toBe(bob.key.did);
    });

    it('breaks ties by price as a number, then by producer', async () => {
      const { registry } = await fresh();
      const price = (minor: string) => ({ price: { minor, currency: 'INR', unit: 'kWh' } });
      await registry.publish(advert(alice, price('1000')), NOW_MS);
      await registry.publish(advert(bob, price('999')), NOW_MS);
      await registry.publish(advert(carol, price('999')), NOW_MS);
      const hits = await registry.search({}, NOW_MS);
      const tied = [bob.key.did, carol.key.did].sort();
      expect(hits.map((hit) => hit.advert.producer)).toEqual([...tied, alice.key.did]);
    });

    it('filters by MIP, federation, currency, unit and label', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      await registry.publish(advert(bob, { mips: [MFG, ENERGY], locality: MYSURU }), NOW_MS);
      await registry.publish(
        advert(carol, { mips: [MFG], price: { minor: '9', currency: 'EUR', unit: 'kg' } }),
        NOW_MS,
      );
      const producers = async (query: object) =>
        (await registry.search(query, NOW_MS)).map((hit) => hit.advert.producer).sort();
      expect(await producers({ mip: MFG })).toEqual([bob.key.did, carol.key.did].sort());
      expect(await producers({ currency: 'EUR' })).toEqual([carol.key.did]);
      expect(await producers({ unit: 'kWh' })).toEqual([alice.key.did, bob.key.did].sort());
      expect(await producers({ label: 'Mysuru' })).toEqual([bob.key.did]);
      expect(await producers({ mip: 'mip-health/hrv-short-term@1.0.0' })).toEqual([]);
    });

    it('finds adverts within a radius, with their distance', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      await registry.publish(advert(bob, { locality: MYSURU }), NOW_MS);
      await registry.publish(advert(carol, { locality: BERLIN }), NOW_MS);
      const near = { lat: BENGALURU.lat, lon: BENGALURU.lon };
      const within = async (radiusKm: number) =>
        (await registry.search({ near: { ...near, radiusKm } }, NOW_MS))
          .map((hit) => hit.advert.locality.label)
          .sort();
      expect(await within(50)).toEqual(['Bengaluru']);
      expect(await within(200)).toEqual(['Bengaluru', 'Mysuru']);
      expect(await within(20_000)).toEqual(['Bengaluru', 'Berlin', 'Mysuru']);
      const [mysuru] = await registry.search(
        { near: { ...near, radiusKm: 200 }, label: 'Mysuru' },
        NOW_MS,
      );
      // Bengaluru to Mysuru is about 128 km as the crow flies.
      expect(mysuru!.distanceKm).toBeGreaterThan(120);
      expect(mysuru!.distanceKm).toBeLessThan(135);
    });

    it('keeps producers whose mean accepted confidence reaches the minimum', async () => {
      const { registry } = await fresh();
      await registry.publish(advert(alice), NOW_MS);
      await registry.publish(advert(bob), NOW_MS);
      await registry.publish(advert(carol), NOW_MS);
      await history(registry, alice, 3, 0.95);
      await history(registry, bob, 3, 0.7);
      const found = async (minConfidence: number) =>
        (await registry.search({ minConfidence }, NOW_MS)).map((hit) => hit.advert.producer);
      expect(await found(0.9)).toEqual([alice.key.did]);
      expect(await found(0.7)).toEqual([alice.key.did, bob.key.did]);
      expect(await found(0)).toHaveLength(3);
    });

    it('keeps adverts priced at most the maximum, in the same currency', async () => {
      const { registry } = await fresh();
      const price = (minor: string, currency = 'INR') => ({
        price: { minor, currency, unit: 'kWh' },
      });
      await registry.publish(advert(alice, price('850')), NOW_MS);
      await registry.publish(advert(bob, price('1200')), NOW_MS);
      await registry.publish(advert(carol, price('5', 'EUR')), NOW_MS);
      const found = async (maxPriceMinor: string) =>
        (await registry.search({ maxPriceMinor, currency: 'INR' }, NOW_MS))
          .map((hit) => hit.advert.producer)
          .sort();
      expect(await found('849')).toEqual([]);
      expect(await found('850')).toEqual([alice.key.did]);
      expect(await found('99999999999999999999')).toEqual([alice.key.did, bob.key.did].sort());
    });

    it('returns at most the limit', async () => {
      const { registry } = await fresh();
      for (const signer of [alice, bob, carol]) await registry.publish(advert(signer), NOW_MS);
      expect(await registry.search({ limit: 2 }, NOW_MS)).toHaveLength(2);
      expect(await registry.search({ limit: REGISTRY_SEARCH_LIMIT_MAX }, NOW_MS)).toHaveLength(3);
    });

    it.each([
      ['a limit beyond the maximum', { limit: REGISTRY_SEARCH_LIMIT_MAX + 1 }],
      ['a zero limit', { limit: 0 }],
      ['a price without a currency', { maxPriceMinor: '100' }],
      ['a negative radius', { near: { lat: 0, lon: 0, radiusKm: -1 } }],
      ['a latitude beyond 90', { near: { lat: 91, lon: 0, radiusKm: 1 } }],
      ['a confidence above 1', { minConfidence: 1.1 }],
      ['an unknown field', { colour: 'green' }],
    ])('refuses %s: registry_query_invalid', async (_name, query) => {
      const { registry } = await fresh();
      await expectCode(registry.search(query as object, NOW_MS), 'registry_query_invalid');
    });
  });

  describe(`capability registry conformance (${driver}): SQL injection`, () => {
    const attacks = [
      "' OR 1=1 --",
      "'; DROP TABLE registry_adverts; --",
      "x'); DELETE FROM registry_outcomes; --",
      '" OR ""="',
    ];

    async function seeded(): Promise<FreshRegistry> {
      const made = await fresh();
      await made.registry.publish(advert(alice), NOW_MS);
      await made.registry.publish(advert(bob, { locality: MYSURU }), NOW_MS);
      await history(made.registry, alice, 2);
      return made;
    }

    it('refuses SQL in the MIP and the currency: registry_query_invalid, tables intact', async () => {
      const { registry, counts } = await seeded();
      const before = await counts();
      for (const attack of attacks) {
        await expectCode(registry.search({ mip: attack }, NOW_MS), 'registry_query_invalid');
        await expectCode(
          registry.search({ mip: `${ENERGY}${attack}` }, NOW_MS),
          'registry_query_invalid',
        );
        await expectCode(registry.search({ currency: attack }, NOW_MS), 'registry_query_invalid');
        await expectCode(
          registry.search({ currency: 'INR', maxPriceMinor: `1${attack}` }, NOW_MS),
          'registry_query_invalid',
        );
        await expectCode(registry.search({ federation: attack }, NOW_MS), 'registry_query_invalid');
      }
      expect(await counts()).toEqual(before);
      expect(await registry.search({}, NOW_MS)).toHaveLength(2);
    });

    it('finds nothing for SQL in the label (a bound value), tables intact', async () => {
      const { registry, counts } = await seeded();
      const before = await counts();
      for (const attack of attacks) {
        expect(await registry.search({ label: attack }, NOW_MS)).toEqual([]);
        expect(await registry.search({ label: `Bengaluru${attack}` }, NOW_MS)).toEqual([]);
      }
      expect(await counts()).toEqual(before);
      expect(before.registry_adverts).toBe(2);
      expect(before.registry_outcomes).toBe(2);
      expect(await registry.search({ label: 'Bengaluru' }, NOW_MS)).toHaveLength(1);
    });

    it('stores SQL in an advert label as text, found only by that exact text', async () => {
      const { registry, counts } = await seeded();
      const label = "Bobby'); DROP TABLE registry_adverts; --";
      await registry.publish(advert(carol, { locality: { ...BERLIN, label } }), NOW_MS);
      const hits = await registry.search({ label }, NOW_MS);
      expect(hits.map((hit) => hit.advert.locality.label)).toEqual([label]);
      expect((await counts()).registry_adverts).toBe(3);
    });
  });
}
