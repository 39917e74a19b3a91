/** The verifier on honest and cheating intervals, the checks it reports and the settled quantity. */
import { describe, expect, it } from 'vitest';
import type { RealityResult } from '../../src/probability/belief.js';
import { claimOf, edited, evidenceOf, honestCase, MODULE, verify } from './energy-fixtures.js';

function vector(name: string) {
  const found = MODULE.vectors().find((v) => v.name === `energy-${name}`);
  if (found === undefined) throw new Error(`no vector ${name}`);
  return found.case;
}

function result(name: string): RealityResult {
  const outcome = verify(vector(name));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

function check(outcome: RealityResult, name: string) {
  const found = outcome.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no check ${name}`);
  return found;
}

describe('mip-enr/generation-interval verifier', () => {
  it('passes the honest interval with every check reporting what it measured', () => {
    const outcome = result('honest');
    expect(outcome.verdict).toBe('pass');
    expect(outcome.p).toBeGreaterThan(0.9);
    expect(outcome.method).toBe('mip-enr/generation-interval@1.0.0#physics-v1');
    expect(outcome.checks.map((c) => c.name)).toEqual([
      'accumulator-monotonic',
      'rated-power-bound',
      'clear-sky-ceiling',
      'read-timing',
      'frozen-accumulator',
      'irradiance-ratio',
      'step-shape',
      'inverter-meter-agreement',
      'power-integral',
    ]);
    for (const c of outcome.checks) {
      expect(c.note.length).toBeGreaterThan(10);
      expect(typeof c.measured).toBe('object');
    }
    const ratio = check(outcome, 'irradiance-ratio').measured as Record<string, number>;
    expect(ratio.value).toBeGreaterThan(0.85);
    expect(ratio.value).toBeLessThan(1.15);
    const ceiling = check(outcome, 'clear-sky-ceiling').measured as Record<string, number>;
    expect(ceiling.ceilingWh).toBeGreaterThan(ceiling.value!);
  });

  it('settles the claimed Wh at its conservative 5 % quantile', () => {
    const outcome = result('honest');
    const claimed = (vector('honest').proof.claim as { value: { wh: number } }).value.wh;
    expect(outcome.settle?.unit).toBe('Wh');
    expect(outcome.settle?.quantile).toBe(0.05);
    expect(outcome.settle!.value).toBeLessThan(claimed);
    expect(outcome.settle!.value).toBeGreaterThan(claimed * 0.95);
  });

  it('fails inflated readings on the irradiance ratio', () => {
    const outcome = result('inflated');
    expect(outcome.verdict).toBe('fail');
    expect(outcome.p).toBeLessThan(0.1);
    expect(check(outcome, 'irradiance-ratio').logLikelihoodRatio).toBeLessThan(-2);
  });

  it('fails a unit error (scale factor off by decades) on the rated power bound', () => {
    const outcome = result('unit-error');
    expect(outcome.p).toBeLessThan(0.1);
    expect(check(outcome, 'rated-power-bound').violated).toBe(true);
    expect(check(outcome, 'power-integral').logLikelihoodRatio).toBeLessThan(-5);
  });

  it('fails an accumulator rewound before the window', () => {
    const outcome = result('rollback');
    expect(outcome.p).toBeLessThan(0.1);
    expect(check(outcome, 'accumulator-monotonic').violated).toBe(true);
  });

  it('fails replayed evidence on its timing or the clear-sky ceiling', () => {
    const outcome = result('replayed');
    expect(outcome.p).toBeLessThan(0.1);
    const timing = check(outcome, 'read-timing');
    const ceiling = check(outcome, 'clear-sky-ceiling');
    expect(timing.violated || ceiling.violated).toBe(true);
  });

  it('fails fabricated readings that do not follow the irradiance', () => {
    const outcome = result('fabricated');
    expect(outcome.p).toBeLessThan(0.1);
    expect(check(outcome, 'irradiance-ratio').logLikelihoodRatio).toBeLessThan(-2);
  });

  it('finds fabricated steps that do not follow the irradiance they claim to come from', () => {
    const fabricated = check(result('fabricated'), 'step-shape');
    const honest = check(result('honest'), 'step-shape');
    const spread = (c: typeof honest) => (c.measured as Record<string, number>).spreadLogRatio!;
    expect(spread(honest)).toBeLessThan(0.06);
    expect(spread(fabricated)).toBeGreaterThan(3 * spread(honest));
    expect(fabricated.logLikelihoodRatio).toBeLessThan(-2);
    expect(honest.logLikelihoodRatio).toBeGreaterThan(0);
  });

  it('fails a night-time window that claims energy (a replay onto the night)', () => {
    const base = honestCase();
    const claim = claimOf(base);
    const shiftMs = 12 * 3_600_000;
    claim.window.start = new Date(Date.parse(claim.window.start) + shiftMs).toISOString();
    claim.window.end = new Date(Date.parse(claim.window.end) + shiftMs).toISOString();
    const move = <T extends { tMs: number }>(items: T[]) =>
      items.map((i) => ({ ...i, tMs: i.tMs + shiftMs }));
    const register = evidenceOf(base, 'register') as { reads: { tMs: number }[] };
    const meter = evidenceOf(base, 'meter') as { reads: { tMs: number }[] };
    const irradiance = evidenceOf(base, 'irradiance') as { samples: { tMs: number }[] };
    const outcome = verify(
      edited(base, claim, {
        register: { ...register, reads: move(register.reads) },
        meter: { ...meter, reads: move(meter.reads) },
        irradiance: { ...irradiance, samples: move(irradiance.samples) },
      }),
    );
    if (!outcome.ok) throw new Error(outcome.error.message);
    const ceiling = outcome.value.checks.find((c) => c.name === 'clear-sky-ceiling')!;
    expect((ceiling.measured as Record<string, number>).ceilingWh).toBe(0);
    expect(ceiling.violated).toBe(true);
    expect(outcome.value.verdict).toBe('fail');
  });

  it('lowers p when the accumulator is frozen while the inverter reports power', () => {
    const base = honestCase();
    const register = evidenceOf(base, 'register') as { reads: { wh: number; w: number }[] };
    const frozen = register.reads.map((r, i) =>
      i > 1 && i < register.reads.length - 1 ? { ...r, wh: register.reads[1]!.wh } : r,
    );
    const outcome = verify(
      edited(base, claimOf(base), { register: { ...register, reads: frozen } }),
    );
    if (!outcome.ok) throw new Error(outcome.error.message);
    const frozenCheck = outcome.value.checks.find((c) => c.name === 'frozen-accumulator')!;
    expect((frozenCheck.measured as Record<string, number>).value).toBe(1);
    expect(frozenCheck.logLikelihoodRatio).toBeCloseTo(Math.log(0.005 / 0.1), 6);
    expect(outcome.value.p).toBeLessThan(result('honest').p);
  });
});
