/** The recomputed measures and the claim's subject format of mip-hlt/hrv-short-term@1.0.0. */
import { describe, expect, it } from 'vitest';
import {
  checkHealthHrvClaim,
  healthArtefactFlags,
  healthHrvMeasures,
  healthPseudonym,
} from '../../src/index.js';

describe('RMSSD and SDNN', () => {
  it('match the Task Force definitions on a hand series', () => {
    // 160 intervals alternating 800 / 820 ms: successive differences are all 20 ms.
    const rr = Array.from({ length: 160 }, (_, index) => (index % 2 === 0 ? 800 : 820));
    const measures = healthHrvMeasures(rr);
    expect(measures.artefacts).toBe(0);
    expect(measures.rmssdMs).toBeCloseTo(20, 10);
    // SDNN with n − 1: every value 10 ms from the mean 810.
    expect(measures.sdnnMs).toBeCloseTo(Math.sqrt((160 * 100) / 159), 10);
    expect(measures.meanHrBpm).toBeCloseTo(60_000 / 810, 10);
  });

  it('an ectopic beat and its compensatory pause are both removed, and no difference spans them', () => {
    const rr = Array.from({ length: 40 }, () => 1000);
    rr[20] = 600;
    rr[21] = 1400;
    const flags = healthArtefactFlags(rr);
    expect(flags.filter(Boolean).length).toBe(2);
    expect(flags[20]).toBe(true);
    expect(flags[21]).toBe(true);
    const measures = healthHrvMeasures(rr);
    expect(measures.rmssdMs).toBe(0);
    expect(measures.artefacts).toBe(2);
  });

  it('intervals outside 300–2000 ms are artefacts', () => {
    const rr = Array.from({ length: 30 }, () => 290);
    expect(healthArtefactFlags(rr).every(Boolean)).toBe(true);
    const slow = Array.from({ length: 30 }, () => 2100);
    expect(healthArtefactFlags(slow).every(Boolean)).toBe(true);
  });
});

describe('keyed pseudonyms', () => {
  const key = new Uint8Array(32).fill(5);

  it('are pseud: + 43 base64url characters, stable for one key and subject', () => {
    const pseudonym = healthPseudonym(key, 'record-17');
    expect(pseudonym).toMatch(/^pseud:[A-Za-z0-9_-]{43}$/);
    expect(healthPseudonym(key, 'record-17')).toBe(pseudonym);
    expect(healthPseudonym(new Uint8Array(32).fill(6), 'record-17')).not.toBe(pseudonym);
  });

  it('a claim with a pseudonym subject and the five value fields matches the schema', () => {
    const claim = {
      subject: healthPseudonym(key, 'record-17'),
      predicate: 'hrv-short-term',
      value: {
        rmssdMs: 42.1,
        sdnnMs: 51.3,
        artefactCount: 1,
        deviceClass: 'ecg',
        position: 'supine',
      },
      unit: 'ms',
      window: { start: '2026-11-28T07:00:00.000Z', end: '2026-11-28T07:05:00.000Z' },
    };
    expect(checkHealthHrvClaim(claim)).toBeUndefined();
    expect(
      checkHealthHrvClaim({ ...claim, value: { ...claim.value, position: 'standing' } }),
    ).toMatch(/position/);
  });
});
