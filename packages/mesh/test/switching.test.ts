/**
 * The switching chooser (hysteresis: ratio, rounds in a row, hold-down, medians) and the seed-list
 * ranking, including the bad inputs each refuses with its code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachedTo,
  checkSeedList,
  closeRound,
  forgetCoordinator,
  initialSwitchState,
  medianRttMs,
  rankSeeds,
  readSeedCache,
  recordProbe,
  recordSample,
  SWITCH_COORDINATORS_MAX,
  type SwitchState,
  switchConfig,
} from '../src/index.js';

const HOLD_MS = 10_000;

function chooser(): SwitchState {
  const config = switchConfig({ holdDownMs: HOLD_MS });
  if (!config.ok) throw new Error(config.error.message);
  return attachedTo(initialSwitchState(config.value), 'mumbai', 0, false);
}

function sample(state: SwitchState, coordinator: string, rttMs: number): SwitchState {
  const next = recordSample(state, coordinator, rttMs);
  if (!next.ok) throw new Error(next.error.message);
  return next.value;
}

/** One round: a sample to each coordinator, then the round closes. */
function round(state: SwitchState, rtts: Record<string, number>, nowMs: number) {
  let next = state;
  for (const [coordinator, rttMs] of Object.entries(rtts)) next = sample(next, coordinator, rttMs);
  return closeRound(next, nowMs);
}

describe('switch chooser', () => {
  it('moves to a clearly closer coordinator after SWITCH_CONSECUTIVE_ROUNDS rounds', () => {
    let state = chooser();
    const decisions: string[] = [];
    for (let index = 0; index < 6; index++) {
      const closed = round(state, { mumbai: 40, chennai: 10 }, 20_000 + index * 1000);
      state = closed.state;
      decisions.push(closed.decision.type === 'stay' ? closed.decision.reason : 'switch');
    }
    // Three samples before a median counts, then three rounds in a row.
    expect(decisions).toEqual([
      'too_few_samples',
      'too_few_samples',
      'streak_building',
      'streak_building',
      'switch',
      'no_closer_candidate',
    ]);
    expect(state.current).toBe('chennai');
  });

  it('does not move to a candidate that is closer but not below 0.8 × current', () => {
    let state = chooser();
    for (let index = 0; index < 20; index++) {
      const closed = round(state, { mumbai: 40, chennai: 33 }, 20_000 + index * 1000);
      state = closed.state;
      expect(closed.decision.type).toBe('stay');
    }
    expect(state.current).toBe('mumbai');
  });

  it('restarts the streak when a round is not clearly closer', () => {
    let state = chooser();
    for (const rtt of [40, 40, 40]) state = sample(state, 'mumbai', rtt);
    for (const rtt of [35, 35, 35]) state = sample(state, 'chennai', rtt);
    const building: SwitchState = { ...state, streak: { candidate: 'chennai', rounds: 2 } };
    const closed = closeRound(building, 20_000);
    expect(closed.decision).toEqual({ type: 'stay', reason: 'no_closer_candidate' });
    expect(closed.state.streak).toBeUndefined();
    expect(closed.state.current).toBe('mumbai');
  });

  it('holds down after a move even when another candidate is clearly closer', () => {
    let state = chooser();
    let nowMs = 20_000;
    while (state.current === 'mumbai') {
      state = round(state, { mumbai: 40, chennai: 20 }, nowMs).state;
      nowMs += 100;
    }
    const movedAt = state.lastMoveMs;
    const reasons = new Set<string>();
    while (nowMs < movedAt + HOLD_MS) {
      const closed = round(state, { chennai: 20, madurai: 2 }, nowMs);
      state = closed.state;
      if (closed.decision.type === 'stay') reasons.add(closed.decision.reason);
      nowMs += 500;
    }
    expect(state.current).toBe('chennai');
    expect(reasons.has('hold_down')).toBe(true);
    state = round(state, { chennai: 20, madurai: 2 }, movedAt + HOLD_MS).state;
    expect(state.current).toBe('madurai');
  });

  it('a re-attach starts a hold-down; the first attach does not', () => {
    const first = chooser();
    expect(first.lastMoveMs).toBe(Number.NEGATIVE_INFINITY);
    const again = attachedTo(first, 'chennai', 5_000, true);
    expect(again.lastMoveMs).toBe(5_000);
    expect(again.current).toBe('chennai');
  });

  it('takes the median: two slow replies out of five do not hide a closer candidate', () => {
    let state = chooser();
    for (const rtt of [10, 300, 10, 300, 10]) state = sample(state, 'chennai', rtt);
    for (const rtt of [40, 40, 40]) state = sample(state, 'mumbai', rtt);
    expect(medianRttMs(state, 'chennai')).toBe(10);
    expect(medianRttMs(state, 'mumbai')).toBe(40);
  });

  it('forgets a dead coordinator and its streak', () => {
    let state = chooser();
    state = round(state, { mumbai: 40, chennai: 10 }, 1).state;
    state = round(state, { mumbai: 40, chennai: 10 }, 2).state;
    state = round(state, { mumbai: 40, chennai: 10 }, 3).state;
    expect(state.streak?.candidate).toBe('chennai');
    state = forgetCoordinator(state, 'chennai');
    expect(state.streak).toBeUndefined();
    expect(medianRttMs(state, 'chennai')).toBeUndefined();
  });

  it('never flaps on noise: equal paths with ±10 % noise never cause a move', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.9, max: 1.1, noNaN: true }),
            fc.double({ min: 0.9, max: 1.1, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        fc.integer({ min: 5, max: 5_000 }),
        (noise, baseMs) => {
          let state = chooser();
          let nowMs = 0;
          for (const [a, b] of noise) {
            nowMs += 1_000;
            const closed = round(state, { mumbai: baseMs * a, chennai: baseMs * b }, nowMs);
            state = closed.state;
            if (closed.decision.type === 'switch') return false;
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('alternating noise never causes more than one move per hold-down', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 2_000 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 50, max: 3_000 }),
        (samples, stepMs) => {
          let state = chooser();
          let nowMs = 0;
          const moves: number[] = [];
          for (const [index, [a, b]] of samples.entries()) {
            nowMs += stepMs;
            // Alternate which path is the fast one, with arbitrary magnitudes.
            const rtts = index % 2 === 0 ? { mumbai: a, chennai: b } : { mumbai: b, chennai: a };
            const closed = round(state, rtts, nowMs);
            state = closed.state;
            if (closed.decision.type === 'switch') moves.push(nowMs);
          }
          return moves.every((at, index) => index === 0 || at - moves[index - 1]! >= HOLD_MS);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses bad samples with switch_sample_invalid', () => {
    const state = chooser();
    for (const rtt of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 10_001]) {
      const refused = recordSample(state, 'mumbai', rtt);
      expect(refused.ok ? 'accepted' : refused.error.code).toBe('switch_sample_invalid');
    }
    const nameless = recordSample(state, '', 10);
    expect(nameless.ok ? 'accepted' : nameless.error.code).toBe('switch_sample_invalid');
  });

  it('refuses more than SWITCH_COORDINATORS_MAX coordinators with switch_too_many_coordinators', () => {
    let state = chooser();
    for (let index = 0; index < SWITCH_COORDINATORS_MAX; index++) {
      state = sample(state, `c${index}`, 10);
    }
    const refused = recordSample(state, 'one-more', 10);
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('switch_too_many_coordinators');
    expect(recordSample(state, 'c0', 11).ok).toBe(true);
  });

  it('refuses out-of-range options with switch_config_invalid', () => {
    for (const options of [{ ratio: 1 }, { ratio: 0 }, { rounds: 0 }, { holdDownMs: 10 }]) {
      const refused = switchConfig(options);
      expect(refused.ok ? 'accepted' : refused.error.code).toBe('switch_config_invalid');
    }
  });
});

describe('seed ranking', () => {
  const seeds = ['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3'];

  it('ranks fresh answers nearest first, then unmeasured seeds, then failures', () => {
    let cache = recordProbe([], seeds[0]!, 80, 1_000);
    cache = recordProbe(cache, seeds[2]!, 20, 1_000);
    const ranking = rankSeeds(seeds, cache, 2_000);
    expect(ranking.ranked).toEqual([seeds[2], seeds[0], seeds[1]]);
    expect(ranking.toProbe).toEqual([seeds[1]]);
    cache = recordProbe(cache, seeds[1]!, null, 2_000);
    expect(rankSeeds(seeds, cache, 2_500).ranked).toEqual([seeds[2], seeds[0], seeds[1]]);
  });

  it('expires cached results: an old answer is probed again and no longer ranks', () => {
    const cache = recordProbe([], seeds[0]!, 5, 0);
    const later = rankSeeds(seeds, cache, 10_000, 5_000);
    expect(later.toProbe).toEqual(seeds);
    expect(later.ranked).toEqual(seeds);
  });

  it('round-trips through JSON (the node caches it in its data folder)', () => {
    const cache = recordProbe(recordProbe([], seeds[0]!, 12.5, 7), seeds[1]!, null, 8);
    const read = readSeedCache(JSON.parse(JSON.stringify(cache)));
    expect(read.ok && read.value).toEqual(cache);
  });

  it('refuses a malformed cache with seed_cache_malformed', () => {
    for (const bad of [
      {},
      [{ url: 'ftp://x', rttMs: 1, atMs: 0 }],
      [{ url: 'http://x', rttMs: -1, atMs: 0 }],
      [{ url: 'http://x', rttMs: 1, atMs: 'now' }],
      [null],
    ]) {
      const read = readSeedCache(bad);
      expect(read.ok ? 'accepted' : read.error.code).toBe('seed_cache_malformed');
    }
  });

  it('refuses a bad seed list with seed_list_invalid and drops duplicates', () => {
    for (const bad of [[], ['not a url'], ['ws://127.0.0.1:1'], 'http://127.0.0.1:1']) {
      const checked = checkSeedList(bad);
      expect(checked.ok ? 'accepted' : checked.error.code).toBe('seed_list_invalid');
    }
    const checked = checkSeedList(['http://a.test/', 'http://a.test']);
    expect(checked.ok && checked.value).toEqual(['http://a.test']);
  });
});
