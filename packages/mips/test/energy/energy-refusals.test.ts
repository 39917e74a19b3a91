/** Structural refusals of mip-enr/generation-interval: each is its own case with its exact code. */
import { describe, expect, it } from 'vitest';
import { claimOf, edited, evidenceOf, honestCase, verify } from './energy-fixtures.js';

function refusal(change: (claim: ReturnType<typeof claimOf>) => void, replace = {}) {
  const base = honestCase();
  const before = JSON.stringify(base.proof);
  const claim = claimOf(base);
  change(claim);
  const result = verify(edited(base, claim, replace));
  expect(JSON.stringify(base.proof)).toBe(before);
  return result.ok ? 'accepted' : result.error.code;
}

describe('energy structural refusals', () => {
  it('refuses a window that ends at its start', () => {
    expect(refusal((c) => (c.window.end = c.window.start))).toBe('energy_window_invalid');
  });

  it('refuses a window that ends before its start', () => {
    expect(
      refusal((c) => {
        [c.window.start, c.window.end] = [c.window.end, c.window.start];
      }),
    ).toBe('energy_window_invalid');
  });

  it('refuses a window over one hour', () => {
    expect(
      refusal((c) => {
        c.window.start = new Date(Date.parse(c.window.end) - 3_600_001).toISOString();
      }),
    ).toBe('energy_window_too_long');
  });

  it('refuses a claimed scale factor beyond +10', () => {
    expect(refusal((c) => (c.value.register.end.sf = 11))).toBe('energy_scale_factor_out_of_range');
  });

  it('refuses a negative scale factor below −10', () => {
    expect(refusal((c) => (c.value.register.start.sf = -11))).toBe(
      'energy_scale_factor_out_of_range',
    );
  });

  it('refuses a register evidence read with a scale factor outside −10..10', () => {
    const register = evidenceOf(honestCase(), 'register') as { reads: { whSf: number }[] };
    register.reads[0]!.whSf = -12;
    expect(refusal(() => {}, { register })).toBe('energy_scale_factor_out_of_range');
  });

  it('refuses a Wh that is not the register difference', () => {
    expect(refusal((c) => (c.value.wh += 1))).toBe('energy_claim_inconsistent');
  });

  it('refuses register evidence of the wrong shape', () => {
    const register = evidenceOf(honestCase(), 'register') as Record<string, unknown>;
    register.reads = 'none';
    expect(refusal(() => {}, { register })).toBe('energy_evidence_invalid');
  });

  it('refuses irradiance evidence of the wrong shape', () => {
    const irradiance = evidenceOf(honestCase(), 'irradiance') as Record<string, unknown>;
    irradiance.plane = 'ghi';
    expect(refusal(() => {}, { irradiance })).toBe('energy_evidence_invalid');
  });

  it('refuses claimed readings that the register evidence does not hold', () => {
    expect(
      refusal((c) => {
        c.value.register.end.raw += 7;
        c.value.wh += 7 * 10 ** c.value.register.end.sf;
      }),
    ).toBe('energy_claim_contradicts_evidence');
  });

  it('refuses a claim in kWh through the claim schema', () => {
    expect(refusal((c) => ((c as { unit: string }).unit = 'kWh'))).toBe('mip_claim_invalid');
  });

  it('refuses a meter id that is not a SHA-256 hash (no raw serials)', () => {
    expect(refusal((c) => (c.value.device.meterIdHash = 'MTR-12345'))).toBe('mip_claim_invalid');
  });
});
