/**
 * SWIM members driven through the deterministic in-memory network (swim-network.ts): joining,
 * detecting a crash, a busy member that stalls (suspected, refutes, and with Lifeguard is never
 * declared dead), refutation by incarnation, nacks, leaving.
 */
import { createSwimMember, type SwimEffect, type SwimMessage } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';
import { SwimNetwork } from './swim-network.js';

function converged(size: number, lifeguard: boolean, seed: number): SwimNetwork {
  const network = new SwimNetwork({ size, lifeguard, seed });
  network.joinAll();
  network.run(10_000);
  return network;
}

function sends(effects: SwimEffect[]): SwimMessage[] {
  return effects.flatMap((effect) => (effect.type === 'send' ? [effect.message] : []));
}

describe('SWIM membership over an in-memory network', () => {
  it('every member learns every other member through one seed', () => {
    const network = converged(8, true, 1);
    for (const id of network.ids) {
      const alive = network
        .member(id)
        .members()
        .filter((view) => view.state === 'alive');
      expect(alive.map((view) => view.id).sort()).toEqual(network.ids.sort());
    }
  });

  for (const lifeguard of [true, false]) {
    it(`declares a crashed member dead everywhere within a bound (lifeguard ${lifeguard})`, () => {
      const network = converged(8, lifeguard, 2);
      network.crash('member-3');
      const crashedAtMs = network.nowMs;
      network.run(30_000);
      const declarations = network.log.filter(
        (record) => record.id === 'member-3' && record.state === 'dead',
      );
      const observers = new Set(declarations.map((record) => record.observer));
      expect([...observers].sort()).toEqual(network.ids.filter((id) => id !== 'member-3').sort());
      // One probe round (7 periods) to be probed, then the suspicion minimum (4 s) after the
      // confirmations arrive; the slowest observer hears of it by gossip a little later.
      const lastMs = Math.max(...declarations.map((record) => record.atMs)) - crashedAtMs;
      expect(lastMs).toBeLessThan(12_000);
      // Nobody else was declared dead.
      expect(
        network.log.filter((record) => record.state === 'dead' && record.id !== 'member-3'),
      ).toEqual([]);
    });
  }

  it('a member that stalls 3 s in every 8 s is suspected, refutes, and Lifeguard never evicts it', () => {
    for (const seed of [1, 2, 3, 4]) {
      const network = converged(8, true, seed);
      network.stall('member-5', 8_000, 3_000);
      network.run(120_000);
      const suspected = network.log.filter(
        (record) => record.id === 'member-5' && record.state === 'suspect',
      );
      expect(suspected.length).toBeGreaterThan(0);
      expect(network.member('member-5').stats().incarnation).toBeGreaterThan(0);
      expect(network.log.filter((record) => record.state === 'dead')).toEqual([]);
    }
  });

  it('plain SWIM with the same stalls and seeds evicts the busy member at least once', () => {
    let evictions = 0;
    for (const seed of [1, 2, 3, 4]) {
      const network = converged(8, false, seed);
      network.stall('member-5', 8_000, 3_000);
      network.run(120_000);
      evictions += network.log.filter((record) => record.state === 'dead').length;
    }
    expect(evictions).toBeGreaterThan(0);
  });

  it('a member whose messages arrive 1.5 s late makes plain SWIM evict healthy members, Lifeguard none', () => {
    const healthyEvicted = (lifeguard: boolean) => {
      const network = converged(8, lifeguard, 1);
      network.slow('member-5', 1_500);
      network.run(60_000);
      return {
        evicted: network.log.filter((record) => record.state === 'dead' && record.id !== 'member-5')
          .length,
        slowHealth: network.member('member-5').stats().localHealth,
      };
    };
    const lifeguard = healthyEvicted(true);
    expect(lifeguard.evicted).toBe(0);
    // The slow member knows it is the slow one: its local health multiplier has risen.
    expect(lifeguard.slowHealth).toBeGreaterThan(0);
    expect(healthyEvicted(false).evicted).toBeGreaterThan(0);
  });

  it('a departing member is marked left, not dead', () => {
    const network = converged(6, true, 3);
    const effects = network.act('member-2', { type: 'leave' });
    expect(effects).toContainEqual({
      type: 'member-state',
      id: 'member-2',
      state: 'left',
      incarnation: 1,
    });
    network.run(50); // the goodbye syncs are delivered
    network.crash('member-2'); // and then it is gone
    network.run(15_000);
    for (const id of network.ids.filter((other) => other !== 'member-2')) {
      expect(network.stateOf(id, 'member-2')).toBe('left');
    }
    expect(network.log.filter((record) => record.state === 'dead')).toEqual([]);
  });
});

describe('SWIM member rules', () => {
  function member(lifeguard = true) {
    const swim = createSwimMember({
      id: 'a',
      address: 'mem://a',
      lifeguard,
      random: seededRandom(7),
    });
    swim.step({ type: 'join', id: 'b', address: 'mem://b' }, 0);
    swim.step({ type: 'join', id: 'c', address: 'mem://c' }, 0);
    return swim;
  }
  const update = (state: string, incarnation: number, by?: string) => ({
    id: 'b',
    address: 'mem://b',
    state,
    incarnation,
    ...(by === undefined ? {} : { by }),
  });
  const carrying = (updates: unknown[]) => ({
    type: 'sync',
    sender: 'c',
    reply: false,
    members: [],
    updates,
  });

  it('suspicion is refuted by a higher incarnation and stale news is ignored', () => {
    const swim = member();
    expect(
      swim.step({ type: 'message', from: 'c', message: carrying([update('suspect', 0, 'c')]) }, 10),
    ).toContainEqual({
      type: 'member-state',
      id: 'b',
      state: 'suspect',
      incarnation: 0,
    });
    expect(
      swim.step({ type: 'message', from: 'c', message: carrying([update('alive', 1)]) }, 20),
    ).toContainEqual({
      type: 'member-state',
      id: 'b',
      state: 'alive',
      incarnation: 1,
    });
    const stale = swim.step(
      { type: 'message', from: 'c', message: carrying([update('suspect', 0, 'c')]) },
      30,
    );
    expect(stale.filter((effect) => effect.type === 'member-state')).toEqual([]);
    expect(swim.member('b')).toMatchObject({ state: 'alive', incarnation: 1 });
    // An alive of the same incarnation does not clear a suspicion of that incarnation.
    swim.step({ type: 'message', from: 'c', message: carrying([update('suspect', 1, 'c')]) }, 40);
    swim.step({ type: 'message', from: 'c', message: carrying([update('alive', 1)]) }, 50);
    expect(swim.member('b')).toMatchObject({ state: 'suspect', incarnation: 1 });
  });

  it('a member told it is suspected raises its incarnation and gossips the refutation', () => {
    const swim = member();
    swim.step(
      {
        type: 'message',
        from: 'c',
        message: carrying([
          { id: 'a', address: 'mem://a', state: 'suspect', incarnation: 0, by: 'c' },
        ]),
      },
      10,
    );
    expect(swim.stats().incarnation).toBe(1);
    expect(swim.stats().localHealth).toBe(1);
    const ping = swim.step(
      {
        type: 'message',
        from: 'b',
        message: { type: 'ping', sender: 'b', target: 'a', seq: 4, updates: [] },
      },
      20,
    );
    const [ack] = sends(ping);
    expect(ack).toMatchObject({ type: 'ack', target: 'a', seq: 4 });
    expect(ack!.updates).toContainEqual({
      id: 'a',
      address: 'mem://a',
      state: 'alive',
      incarnation: 1,
    });
    // Being told it is dead is refuted the same way; a member never declares itself dead.
    const dead = swim.step(
      {
        type: 'message',
        from: 'c',
        message: carrying([{ id: 'a', address: 'mem://a', state: 'dead', incarnation: 1 }]),
      },
      30,
    );
    expect(dead.filter((effect) => effect.type === 'member-state')).toEqual([]);
    expect(swim.member('a')).toMatchObject({ state: 'alive', incarnation: 2 });
  });

  it('a relay sends a nack when the target stays silent (Lifeguard), and not in plain SWIM', () => {
    for (const lifeguard of [true, false]) {
      const swim = member(lifeguard);
      const request = {
        type: 'ping-req',
        sender: 'c',
        target: 'b',
        targetAddress: 'mem://b',
        seq: 9,
        nack: lifeguard,
        updates: [],
      };
      const relayed = sends(swim.step({ type: 'message', from: 'c', message: request }, 100));
      expect(relayed).toEqual([expect.objectContaining({ type: 'ping', target: 'b' })]);
      const later = sends(swim.step({ type: 'tick' }, 100 + 450));
      const nacks = later.filter((message) => message.type === 'nack');
      expect(nacks).toEqual(
        lifeguard
          ? [expect.objectContaining({ type: 'nack', target: 'b', seq: 9, sender: 'a' })]
          : [],
      );
    }
  });

  it('a relay passes the target ack on to the prober with the prober sequence number', () => {
    const swim = member();
    const request = {
      type: 'ping-req',
      sender: 'c',
      target: 'b',
      targetAddress: 'mem://b',
      seq: 9,
      nack: true,
      updates: [],
    };
    const [ping] = sends(swim.step({ type: 'message', from: 'c', message: request }, 100));
    const answer = {
      type: 'ack',
      sender: 'b',
      target: 'b',
      seq: (ping as { seq: number }).seq,
      updates: [],
    };
    const forwarded = sends(swim.step({ type: 'message', from: 'b', message: answer }, 120));
    expect(forwarded).toEqual([
      expect.objectContaining({ type: 'ack', sender: 'a', target: 'b', seq: 9 }),
    ]);
    // and no nack follows
    expect(
      sends(swim.step({ type: 'tick' }, 600)).filter((message) => message.type === 'nack'),
    ).toEqual([]);
  });

  it('pings in a randomized round robin: every member once per round', () => {
    const swim = createSwimMember({
      id: 'a',
      address: 'mem://a',
      lifeguard: false,
      random: seededRandom(3),
    });
    const others = ['b', 'c', 'd', 'e', 'f'];
    for (const id of others) swim.step({ type: 'join', id, address: `mem://${id}` }, 0);
    const targets: string[] = [];
    for (let nowMs = 0; targets.length < 3 * others.length; nowMs += 10) {
      for (const effect of swim.step({ type: 'tick' }, nowMs)) {
        if (effect.type === 'send' && effect.message.type === 'ping') {
          targets.push(effect.to);
          // answer at once so that no member is suspected
          swim.step(
            {
              type: 'message',
              from: effect.to,
              message: {
                type: 'ack',
                sender: effect.to,
                target: effect.to,
                seq: effect.message.seq,
                updates: [],
              },
            },
            nowMs,
          );
        }
      }
    }
    const rounds = [0, 1, 2].map((round) => targets.slice(round * 5, round * 5 + 5));
    for (const round of rounds) expect([...round].sort()).toEqual(others);
    expect(rounds[0]).not.toEqual(rounds[1]);
  });
});
