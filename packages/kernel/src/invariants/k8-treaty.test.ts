import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json/strict-json.js';
import { buildTreaty, checkTreaty, type TreatyFields } from './k8-treaty.js';

const FIELDS: TreatyFields = {
  federations: ['in.karnataka', 'de.bavaria'],
  kinds: ['proof', 'receipt'],
  mips: ['mip-energy/generation-interval@1.0.0'],
  dataRules: ['evidence.disclosure == "public"'],
  jurisdictions: ['IN-KA', 'DE-BY'],
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00Z',
};

const TREATY = buildTreaty(FIELDS);

function altered(change: Record<string, unknown>): JsonValue {
  return { ...TREATY, ...change } as unknown as JsonValue;
}

describe('buildTreaty', () => {
  it('builds a treaty that passes checkTreaty', () => {
    expect(checkTreaty(TREATY as unknown as JsonValue)).toEqual({ ok: true, value: TREATY });
    expect(TREATY).toMatchObject({ v: 1, kind: 'treaty', signatures: [] });
  });

  it('orders the pair, so either federation drafting it gets the same id', () => {
    expect(TREATY.federations).toEqual(['de.bavaria', 'in.karnataka']);
    const otherSide = buildTreaty({ ...FIELDS, federations: ['de.bavaria', 'in.karnataka'] });
    expect(otherSide.id).toBe(TREATY.id);
  });

  it('accepts a treaty without MIP restriction, data rules, jurisdictions or end', () => {
    const open = buildTreaty({
      federations: ['a', 'b'],
      kinds: ['session'],
      validFrom: FIELDS.validFrom,
    });
    expect(checkTreaty(open as unknown as JsonValue).ok).toBe(true);
  });

  it('still orders a pair it then rejects', () => {
    const same = buildTreaty({ ...FIELDS, federations: ['a', 'a'] });
    expect(checkTreaty(same as unknown as JsonValue)).toMatchObject({
      error: { code: 'treaty_federations_not_distinct', path: '/federations/1' },
    });
  });
});

describe('checkTreaty rejects the schema', () => {
  it.each([
    ['one federation', { federations: ['de.bavaria'] }, '/federations'],
    ['three federations', { federations: ['a', 'b', 'c'] }, '/federations'],
    ['a bad federation id', { federations: ['DE', 'in.karnataka'] }, '/federations/0'],
    ['no kinds', { kinds: [] }, '/kinds'],
    ['an unknown kind', { kinds: ['evidence'] }, '/kinds/0'],
    ['a kind twice', { kinds: ['proof', 'proof'] }, '/kinds'],
    ['an empty MIP list', { mips: [] }, '/mips'],
    ['a MIP range', { mips: ['mip-energy/generation-interval@1.x'] }, '/mips/0'],
    ['a lower-case jurisdiction', { jurisdictions: ['in'] }, '/jurisdictions/0'],
    ['a jurisdiction name', { jurisdictions: ['India'] }, '/jurisdictions/0'],
    ['an empty data rule', { dataRules: [''] }, '/dataRules/0'],
    ['an impossible validFrom', { validFrom: '2026-04-31T00:00:00Z' }, '/validFrom'],
    ['an impossible validUntil', { validUntil: '2026-13-01T00:00:00Z' }, '/validUntil'],
    ['an extra field', { issuedAt: '2026-01-01T00:00:00Z' }, '/issuedAt'],
  ])('%s', (_, change, path) => {
    expect(checkTreaty(altered(change))).toMatchObject({
      ok: false,
      error: { code: 'treaty_schema_invalid', path },
    });
  });
});

describe('checkTreaty rejects contradictions and tampering', () => {
  it('the same federation on both sides', () => {
    expect(checkTreaty(altered({ federations: ['de.bavaria', 'de.bavaria'] }))).toMatchObject({
      error: { code: 'treaty_federations_not_distinct' },
    });
  });

  it.each([
    ['before', '2025-12-31T23:59:59Z'],
    ['equal to', '2026-01-01T00:00:00Z'],
  ])('validUntil %s validFrom', (_, validUntil) => {
    expect(checkTreaty(altered({ validUntil }))).toMatchObject({
      error: { code: 'treaty_times_inconsistent', path: '/validUntil' },
    });
  });

  it('a kind added after the id was computed', () => {
    expect(checkTreaty(altered({ kinds: ['proof', 'receipt', 'capability'] }))).toMatchObject({
      error: { code: 'treaty_id_mismatch', path: '/id' },
    });
  });

  it('a MIP restriction dropped after the id was computed', () => {
    const { mips: _, ...unrestricted } = TREATY;
    expect(checkTreaty(unrestricted as unknown as JsonValue)).toMatchObject({
      error: { code: 'treaty_id_mismatch' },
    });
  });
});
