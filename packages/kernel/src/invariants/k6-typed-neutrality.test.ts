import { describe, expect, it } from 'vitest';
import { signedProof } from '../../test/fixtures.js';
import { EMPTY_MIP_CATALOG } from '../mip/mip-catalog.js';
import { checkTypedNeutrality } from './k6-typed-neutrality.js';

const catalog = new Map([
  [
    'mip-energy/generation-interval@1.0.0',
    (claim: unknown) =>
      typeof (claim as { value: unknown }).value === 'number'
        ? undefined
        : 'value must be a number',
  ],
]);

describe('K6 typed domain neutrality (checkTypedNeutrality)', () => {
  it('holds: a known MIP with a matching claim is settleable', () => {
    expect(checkTypedNeutrality(signedProof(), catalog)).toEqual({
      ok: true,
      value: { mipKnown: true, settleable: true },
    });
  });

  it('holds: an unknown MIP (or version) passes integrity but is not settleable', () => {
    expect(checkTypedNeutrality(signedProof(), EMPTY_MIP_CATALOG)).toEqual({
      ok: true,
      value: { mipKnown: false, settleable: false },
    });
    const newer = signedProof({ mip: 'mip-energy/generation-interval@1.1.0' });
    expect(checkTypedNeutrality(newer, catalog)).toEqual({
      ok: true,
      value: { mipKnown: false, settleable: false },
    });
  });

  it('caught: a claim that does not match its MIP, and a claim that names no valid type', () => {
    const wrong = signedProof({
      claim: { subject: 'meter:1', predicate: 'exported-energy', value: 'lots' },
    });
    const result = checkTypedNeutrality(wrong, catalog);
    expect(result.ok ? 'ok' : result.error.code).toBe('mip_claim_invalid');
    for (const mip of [
      'energy',
      'mip-energy',
      'mip-Energy/x@1.0.0',
      'mip-energy/x@01.0.0',
      'mip-energy/x@1.0.0-beta',
    ]) {
      const typed = checkTypedNeutrality({ mip, claim: wrong.claim }, catalog);
      expect(typed.ok ? 'ok' : typed.error.code).toBe('mip_id_malformed');
    }
  });
});
