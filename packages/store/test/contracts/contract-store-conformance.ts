/**
 * One conformance suite for every ContractStore driver: whatever the database, events are
 * appended only when the contract replays with them, refusals store nothing and carry the
 * kernel's code, and a reopened store restores each contract by replaying its events.
 */
import { contractTermsId } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractStore } from '../../src/contracts/contract-store.js';
import {
  AUTHORITY,
  appendAll,
  BUYER,
  Chain,
  type ContractStoreHarness,
  HOUR_MS,
  MINUTE_MS,
  OUTSIDER,
  PARTIES,
  PRODUCER,
  storeTerms,
  T0,
  VERIFIER,
} from './contract-store-fixtures.js';

export function describeContractStoreConformance(
  driver: string,
  harness: ContractStoreHarness,
): void {
  const opened: ContractStore[] = [];
  async function fresh(): Promise<{ store: ContractStore; location: string }> {
    const location = await harness.freshLocation();
    const store = await harness.open(location);
    opened.push(store);
    return { store, location };
  }
  afterAll(async () => {
    for (const store of opened) await store.close();
    await harness.cleanup();
  });

  async function accepted(store: ContractStore): Promise<Chain> {
    const chain = new Chain();
    chain.propose();
    for (const [index, party] of PARTIES.entries()) {
      chain.accept(party, T0 + (index + 1) * MINUTE_MS);
    }
    await appendAll(store, chain.events as never, T0 + 10 * MINUTE_MS);
    return chain;
  }

  /** Accepted, started, one final evidence of `quantity` over `proof`, passed at T0 + 3 h. */
  async function verified(store: ContractStore, proof: string, quantity: string): Promise<Chain> {
    const chain = await accepted(store);
    await appendAll(
      store,
      [
        chain.add('start', PRODUCER, T0 + HOUR_MS),
        chain.add('evidence', PRODUCER, T0 + 2 * HOUR_MS, {
          milestone: 'main',
          proofs: [proof],
          quantity,
          final: true,
        }),
        chain.add('verification', VERIFIER, T0 + 3 * HOUR_MS, { proof, p: 0.97, passed: true }),
      ],
      T0 + 3 * HOUR_MS,
    );
    return chain;
  }

  /** The refusal changes nothing: same events, same listing. */
  async function expectRefusal(
    store: ContractStore,
    chain: Chain,
    event: unknown,
    nowMs: number,
    code: string,
  ): Promise<void> {
    const eventsBefore = await store.events(chain.contract);
    const listBefore = await store.contracts();
    const result = await store.appendEvent(event as never, nowMs);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await store.events(chain.contract)).toEqual(eventsBefore);
    expect(await store.contracts()).toEqual(listBefore);
  }

  describe(`ContractStore conformance: ${driver}`, () => {
    it('starts empty', async () => {
      const { store } = await fresh();
      expect(store.driver).toBe(driver);
      expect(await store.contracts()).toEqual([]);
      expect(await store.events('sha256:00')).toEqual([]);
      expect(await store.state('sha256:00', T0)).toMatchObject({
        ok: false,
        error: { code: 'contract_unknown' },
      });
    });

    it('appends a proposal and every acceptance in order, and lists the contract', async () => {
      const { store } = await fresh();
      const chain = new Chain();
      const proposed = await store.appendEvent(chain.propose(), T0);
      expect(proposed).toMatchObject({
        ok: true,
        value: { outcome: 'appended', contract: chain.contract, position: 0 },
      });
      for (const [index, party] of PARTIES.entries()) {
        const result = await store.appendEvent(chain.accept(party, T0 + index + 1), T0 + 10);
        expect(result).toMatchObject({ ok: true, value: { position: index + 1 } });
      }
      const events = await store.events(chain.contract);
      expect(events.map((e) => [e.position, e.id, e.type])).toEqual(
        chain.events.map((e, position) => [position, e.id, e.type]),
      );
      expect(events[0]!.event).toEqual(chain.events[0]);
      const state = await store.state(chain.contract, T0 + 10);
      expect(state).toMatchObject({ ok: true, value: { status: 'ACCEPTED', eventCount: 5 } });
      expect(await store.contracts()).toEqual([
        {
          contract: chain.contract,
          proposedBy: BUYER.key.did,
          eventCount: 5,
          status: 'ACCEPTED',
          createdAtMs: T0,
          updatedAtMs: T0 + 10,
        },
      ]);
    });

    it('answers a retry of a stored event with duplicate and stores it once', async () => {
      const { store } = await fresh();
      const chain = await accepted(store);
      const again = await store.appendEvent(chain.events[2] as never, T0 + HOUR_MS);
      expect(again).toMatchObject({ ok: true, value: { outcome: 'duplicate', position: 2 } });
      const proposal = await store.appendEvent(chain.events[0] as never, T0 + HOUR_MS);
      expect(proposal).toMatchObject({ ok: true, value: { outcome: 'duplicate', position: 0 } });
      expect(await store.events(chain.contract)).toHaveLength(5);
    });

    it('refuses an event signed by a non-party and stores nothing', async () => {
      const { store } = await fresh();
      const chain = await accepted(store);
      const event = chain.next('start', OUTSIDER, T0 + HOUR_MS);
      await expectRefusal(store, chain, event, T0 + HOUR_MS, 'contract_event_signer_not_party');
    });

    it('refuses an acceptance after acceptBy (contract_expired) and stores nothing', async () => {
      const { store } = await fresh();
      const chain = new Chain();
      await appendAll(store, [chain.propose()], T0);
      const late = chain.next('accept', PRODUCER, T0 + 2 * HOUR_MS, {
        terms: contractTermsId(chain.terms),
      });
      await expectRefusal(store, chain, late, T0 + 2 * HOUR_MS, 'contract_expired');
      const state = await store.state(chain.contract, T0 + 2 * HOUR_MS);
      expect(state).toMatchObject({ ok: true, value: { status: 'EXPIRED' } });
    });

    it('refuses an event with a wrong prev, naming the field', async () => {
      const { store } = await fresh();
      const chain = await accepted(store);
      const fork = new Chain(chain.terms);
      fork.events.push(...chain.events.slice(0, 3));
      const stale = fork.next('start', PRODUCER, T0 + HOUR_MS);
      const result = await store.appendEvent(stale, T0 + HOUR_MS);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'contract_event_prev_mismatch', path: '/prev' },
      });
      expect(await store.events(chain.contract)).toHaveLength(5);
    });

    it('refuses an event of a contract it does not hold (contract_unknown)', async () => {
      const { store } = await fresh();
      const chain = new Chain();
      chain.propose();
      const accept = chain.accept(BUYER, T0 + 1);
      expect(await store.appendEvent(accept, T0 + 1)).toMatchObject({
        ok: false,
        error: { code: 'contract_unknown' },
      });
      expect(await store.contracts()).toEqual([]);
    });

    it('refuses what is no contract event (contract_event_schema_invalid)', async () => {
      const { store } = await fresh();
      expect(await store.appendEvent({ type: 'propose' }, T0)).toMatchObject({
        ok: false,
        error: { code: 'contract_event_schema_invalid' },
      });
      expect(await store.appendEvent('hello', T0)).toMatchObject({
        ok: false,
        error: { code: 'contract_event_schema_invalid' },
      });
      expect(await store.contracts()).toEqual([]);
    });

    it('restores a contract after reopening by replaying its events, up to the mint', async () => {
      const { store, location } = await fresh();
      const proof = `sha256:${'ab'.repeat(32)}`;
      const chain = await verified(store, proof, '4.2');
      await store.close();
      const reopened = await harness.open(location);
      opened.push(reopened);
      const before = await reopened.state(chain.contract, T0 + 3 * HOUR_MS);
      expect(before).toMatchObject({ ok: true, value: { status: 'VERIFIED', effects: [] } });
      const after = await reopened.state(chain.contract, T0 + 4 * HOUR_MS);
      expect(after).toMatchObject({
        ok: true,
        value: {
          status: 'SETTLING',
          effects: [{ type: 'mint-vcr', receipt: { amount: { minor: '3150', currency: 'INR' } } }],
        },
      });
      const settled = await reopened.appendEvent(
        chain.add('settle', BUYER, T0 + 4 * HOUR_MS),
        T0 + 4 * HOUR_MS,
      );
      expect(settled).toMatchObject({ ok: true, value: { state: { status: 'SETTLED' } } });
      expect((await reopened.contracts())[0]).toMatchObject({ status: 'SETTLED', eventCount: 9 });
    });

    it('refuses a dispute after the challenge window and stores nothing', async () => {
      const { store } = await fresh();
      const proof = `sha256:${'cd'.repeat(32)}`;
      const chain = await verified(store, proof, '1');
      const late = chain.next('dispute', BUYER, T0 + 4 * HOUR_MS, { proof });
      await expectRefusal(store, chain, late, T0 + 4 * HOUR_MS, 'contract_challenge_window_closed');
    });

    it('lets one of two writers racing on one head win; the other gets prev_mismatch', async () => {
      const { store, location } = await fresh();
      const other = await harness.open(location);
      opened.push(other);
      const chain = await accepted(store);
      const cancel = chain.next('cancel', BUYER, T0 + 20 * MINUTE_MS);
      const start = chain.next('start', PRODUCER, T0 + 20 * MINUTE_MS);
      const [left, right] = await Promise.all([
        store.appendEvent(cancel, T0 + 20 * MINUTE_MS),
        other.appendEvent(start, T0 + 20 * MINUTE_MS),
      ]);
      const outcomes = [left, right].map((r) => (r.ok ? 'appended' : r.error.code)).sort();
      expect(outcomes).toEqual(['appended', 'contract_event_prev_mismatch']);
      expect(await store.events(chain.contract)).toHaveLength(6);
    });

    it('keeps contracts apart and lists the most recently changed first', async () => {
      const { store } = await fresh();
      const first = new Chain(storeTerms('first'));
      const second = new Chain(storeTerms('second'));
      await appendAll(store, [first.propose()], T0);
      await appendAll(store, [second.propose()], T0 + 1);
      await appendAll(store, [first.accept(AUTHORITY, T0 + 2)], T0 + 2);
      const listed = await store.contracts();
      expect(listed.map((c) => [c.contract, c.eventCount])).toEqual([
        [first.contract, 2],
        [second.contract, 1],
      ]);
      expect(await store.events(second.contract)).toHaveLength(1);
    });
  });
}
