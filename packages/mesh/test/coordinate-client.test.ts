/** CoordinateClient: Vivaldi through a per-peer median filter, then gravity (coordinate-client.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyGravity,
  COORDINATE_CLIENT_PEERS_MAX,
  COORDINATE_PEER_ID_CHARS_MAX,
  CoordinateClient,
  initialCoordinate,
  predictRttMs,
  RTT_SAMPLE_MS_MAX,
  updateCoordinate,
  type VivaldiCoordinate,
} from '../src/index.js';
import { randomIndex, seededRandom } from './seeded-random.js';
import { median } from './wondernetwork-fixture.js';

const PEER: VivaldiCoordinate = { vector: [30, -40], height: 4, error: 0.2 };

function codeOf(client: CoordinateClient, peerId: unknown, remote: unknown, rttMs: number): string {
  const result = client.observe(peerId as string, remote as VivaldiCoordinate, rttMs, {
    tieBreak: 1,
  });
  return result.ok ? 'ok' : result.error.code;
}

describe('CoordinateClient.observe', () => {
  it('starts at the origin with the largest error and moves on the first sample', () => {
    const client = new CoordinateClient({ dimensions: 2 });
    expect(client.coordinate).toEqual(initialCoordinate(2));
    const moved = client.observe('peer-a', PEER, 120, { tieBreak: 1 });
    expect(moved.ok).toBe(true);
    expect(client.sampleCount).toBe(1);
    expect(client.coordinate).not.toEqual(initialCoordinate(2));
  });

  it('moves by the median of the peer window, then applies gravity (checked by recomputation)', () => {
    const client = new CoordinateClient({ dimensions: 2, filterSamples: 3, gravityRhoMs: 200 });
    let expected = initialCoordinate(2);
    const samples = [100, 104, 900, 98];
    const windows = [[100], [100, 104], [100, 104, 900], [104, 900, 98]];
    samples.forEach((rttMs, index) => {
      const sorted = [...windows[index]!].sort((a, b) => a - b);
      const middle =
        sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[0]! + sorted[1]!) / 2;
      const step = updateCoordinate(expected, PEER, middle, { tieBreak: index });
      if (!step.ok) throw new Error(step.error.message);
      expected = applyGravity(step.value, 200);
      const observed = client.observe('peer-a', PEER, rttMs, { tieBreak: index });
      expect(observed).toEqual({ ok: true, value: expected });
      expect(client.filteredRttMs('peer-a')).toBe(middle);
    });
  });

  it('with a one-sample window and no gravity is plain Vivaldi', () => {
    const client = new CoordinateClient({ dimensions: 2, filterSamples: 1, gravityRhoMs: null });
    const plain = updateCoordinate(initialCoordinate(2), PEER, 75, { tieBreak: 3 });
    expect(client.observe('peer-a', PEER, 75, { tieBreak: 3 })).toEqual(plain);
  });

  it('keeps one window per peer', () => {
    const client = new CoordinateClient({ dimensions: 2 });
    client.observe('peer-a', PEER, 50);
    client.observe('peer-b', PEER, 300);
    client.observe('peer-a', PEER, 60);
    expect(client.filteredRttMs('peer-a')).toBe(55);
    expect(client.filteredRttMs('peer-b')).toBe(300);
    expect(client.filteredRttMs('peer-c')).toBeUndefined();
    client.forget('peer-b');
    expect(client.filteredRttMs('peer-b')).toBeUndefined();
    expect(client.peerCount).toBe(1);
  });

  it('keeps at most peersMax windows, forgetting the peer heard from longest ago', () => {
    const client = new CoordinateClient({ dimensions: 2, peersMax: 3 });
    for (const peerId of ['a', 'b', 'c']) client.observe(peerId, PEER, 80);
    client.observe('a', PEER, 90);
    client.observe('d', PEER, 70);
    expect(client.peerCount).toBe(3);
    expect(client.filteredRttMs('b')).toBeUndefined();
    expect(client.filteredRttMs('a')).toBe(85);
    expect(client.filteredRttMs('c')).toBe(80);
    expect(client.filteredRttMs('d')).toBe(70);
  });

  it('is deterministic: the same observations give the same coordinate (property)', () => {
    const sample = fc.record({
      peer: fc.constantFrom('a', 'b', 'c', 'd'),
      rttMs: fc.double({ min: 0.5, max: 2000, noNaN: true }),
      vector: fc.array(fc.double({ min: -500, max: 500, noNaN: true }), {
        minLength: 3,
        maxLength: 3,
      }),
      height: fc.double({ min: 0.01, max: 100, noNaN: true }),
      error: fc.double({ min: 0.001, max: 1.5, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), (samples) => {
        const run = () => {
          const client = new CoordinateClient({ dimensions: 3 });
          for (const { peer, rttMs, vector, height, error } of samples) {
            const result = client.observe(peer, { vector, height, error }, rttMs);
            expect(result.ok).toBe(true);
          }
          return client.coordinate;
        };
        expect(run()).toEqual(run());
      }),
    );
  });

  it('refuses options out of range as a caller bug', () => {
    expect(() => new CoordinateClient({ dimensions: 0 })).toThrow();
    expect(() => new CoordinateClient({ dimensions: 2, filterSamples: 0 })).toThrow(
      /filterSamples/,
    );
    expect(() => new CoordinateClient({ dimensions: 2, gravityRhoMs: 10 })).toThrow(/gravityRhoMs/);
    expect(
      () => new CoordinateClient({ dimensions: 2, peersMax: COORDINATE_CLIENT_PEERS_MAX + 1 }),
    ).toThrow(/peersMax/);
    expect(() => new CoordinateClient({ dimensions: 2, start: initialCoordinate(3) })).toThrow(
      /start/,
    );
  });
});

describe('CoordinateClient.observe rejects bad input with a code and stays put', () => {
  const cases: Array<[string, unknown, unknown, number, string]> = [
    ['an empty peer id', '', PEER, 50, 'coordinate_peer_invalid'],
    [
      'a peer id over the limit',
      'x'.repeat(COORDINATE_PEER_ID_CHARS_MAX + 1),
      PEER,
      50,
      'coordinate_peer_invalid',
    ],
    ['a peer id that is not a string', 42, PEER, 50, 'coordinate_peer_invalid'],
    ['an RTT of NaN', 'a', PEER, Number.NaN, 'coordinate_sample_invalid'],
    ['an RTT of 0 ms', 'a', PEER, 0, 'coordinate_sample_invalid'],
    ['a negative RTT', 'a', PEER, -5, 'coordinate_sample_invalid'],
    ['an infinite RTT', 'a', PEER, Number.POSITIVE_INFINITY, 'coordinate_sample_invalid'],
    ['an RTT over the limit', 'a', PEER, RTT_SAMPLE_MS_MAX + 1, 'coordinate_sample_invalid'],
    [
      'a peer coordinate with a NaN component',
      'a',
      { ...PEER, vector: [Number.NaN, 1] },
      50,
      'coordinate_sample_invalid',
    ],
    [
      'a peer coordinate with a negative height',
      'a',
      { ...PEER, height: -1 },
      50,
      'coordinate_sample_invalid',
    ],
    [
      'a peer coordinate with an extra field',
      'a',
      { ...PEER, extra: 1 },
      50,
      'coordinate_sample_invalid',
    ],
    ['a peer coordinate that is null', 'a', null, 50, 'coordinate_sample_invalid'],
    [
      'a peer coordinate of other dimensions',
      'a',
      { ...PEER, vector: [1, 2, 3] },
      50,
      'coordinate_dimensions_mismatch',
    ],
  ];
  for (const [name, peerId, remote, rttMs, code] of cases) {
    it(`${name}: ${code}`, () => {
      const client = new CoordinateClient({ dimensions: 2 });
      client.observe('a', PEER, 100, { tieBreak: 1 });
      const before = client.coordinate;
      expect(codeOf(client, peerId, remote, rttMs)).toBe(code);
      expect(client.coordinate).toBe(before);
      expect(client.sampleCount).toBe(1);
      expect(client.filteredRttMs('a')).toBe(100);
      expect(client.peerCount).toBe(1);
    });
  }
});

describe('the filter on a noisy network', () => {
  /**
   * 30 nodes on a plane (RTT = distance + 2 × 5 ms access links); one reply in five is delayed
   * by up to 4× (a busy peer, a queue). The median filter keeps those replies from moving the
   * coordinates, so the prediction of the true RTT is better than with no filter.
   */
  function errorWith(filterSamples: number): number {
    const random = seededRandom(11);
    const points = Array.from({ length: 30 }, () => [random() * 200, random() * 200]);
    const trueRtt = (a: number, b: number) =>
      Math.hypot(points[a]![0]! - points[b]![0]!, points[a]![1]! - points[b]![1]!) + 10;
    const clients = points.map(() => new CoordinateClient({ dimensions: 2, filterSamples }));
    for (let round = 0; round < 400; round++) {
      for (const [node, client] of clients.entries()) {
        let peer = randomIndex(random, clients.length - 1);
        if (peer >= node) peer++;
        const delayed = random() < 0.2 ? 1 + 3 * random() : 1;
        const result = client.observe(
          String(peer),
          clients[peer]!.coordinate,
          trueRtt(node, peer) * delayed,
          {
            tieBreak: random(),
          },
        );
        expect(result.ok).toBe(true);
      }
    }
    const errors: number[] = [];
    for (let a = 0; a < clients.length; a++) {
      for (let b = a + 1; b < clients.length; b++) {
        const rttMs = trueRtt(a, b);
        errors.push(
          Math.abs(predictRttMs(clients[a]!.coordinate, clients[b]!.coordinate) - rttMs) / rttMs,
        );
      }
    }
    return median(errors);
  }

  it('predicts the undelayed RTT better with the median of five than with no filter', () => {
    const filtered = errorWith(5);
    const unfiltered = errorWith(1);
    // Measured: 0.037 with the filter, 0.27 without.
    expect(filtered).toBeLessThan(0.06);
    expect(filtered).toBeLessThan(unfiltered / 3);
  });
});
