/**
 * Canopy summaries: built and signed by a coordinator, believed by a receiver only when the
 * shape, the signature, the time and the colony claim all hold; every refusal has its code.
 */
import { type JsonValue, sealObject, withSignature } from '@mycel/kernel';
import { checkSummary, checkSummaryShape } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import { CANOPY_CLOCK_SKEW_MS, CANOPY_SUMMARY_MAX_AGE_MS } from '../src/limits.js';
import { CHENNAI, MUMBAI, NOW, OUTSIDER, PACK, summary, trust } from './canopy-fixture.js';

const json = (value: unknown) => value as JsonValue;

describe('a good summary', () => {
  it('is signed by the coordinator it names and believed as it is', () => {
    const signed = summary();
    expect(signed.coordinator).toBe(CHENNAI.key.did);
    expect(signed.signatures).toHaveLength(1);
    expect(checkSummary(json(signed), trust([PACK]), NOW)).toEqual({ ok: true, value: signed });
    // Through JSON text, as it travels.
    const received = JSON.parse(JSON.stringify(signed));
    expect(checkSummary(received, trust([PACK]), NOW + 1000).ok).toBe(true);
  });

  it('without packs (a devnet canopy) ownership is not checked', () => {
    const signed = summary({ colony: 'anywhere', federation: 'devnet' }, OUTSIDER);
    expect(checkSummary(json(signed), trust(), NOW).ok).toBe(true);
  });
});

describe('forged summaries', () => {
  it('a field changed after signing: summary_signature_invalid', () => {
    const signed = summary();
    const inflated = { ...signed, capacity: { interactive: { free: 800, total: 800 } } };
    expect(checkSummary(json(inflated), trust([PACK]), NOW)).toMatchObject({
      ok: false,
      error: { code: 'summary_signature_invalid' },
    });
  });

  it('signed by another key than the coordinator it names: summary_signature_invalid', () => {
    // Mumbai signs a summary that claims to be Chennai's, id recomputed: the signer is wrong.
    const byMumbai = summary({}, MUMBAI);
    const claimed = summary();
    const forged = { ...claimed, signatures: byMumbai.signatures };
    expect(checkSummary(json(forged), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_signature_invalid' },
    });
    // A well-formed signature entry whose bytes are not a signature of this summary.
    const garbage = {
      ...claimed,
      signatures: [{ ...claimed.signatures[0]!, sig: 'A'.repeat(86) }],
    };
    expect(checkSummary(json(garbage), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_signature_invalid' },
    });
  });

  it('a coordinator field naming another did than the signer: summary_signature_invalid', () => {
    const signed = summary({}, OUTSIDER);
    // The outsider re-seals the body with Chennai named as coordinator and signs it itself.
    const { id: _id, signatures: _signatures, ...body } = signed;
    const resealed = withSignature(
      sealObject({ ...body, coordinator: CHENNAI.key.did }),
      'canopy-summary',
      OUTSIDER,
    );
    expect(checkSummary(json(resealed), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_signature_invalid' },
    });
  });
});

describe('time', () => {
  it('older than CANOPY_SUMMARY_MAX_AGE_MS: summary_stale', () => {
    const old = summary({ issuedAtMs: NOW - CANOPY_SUMMARY_MAX_AGE_MS - 1 });
    expect(checkSummary(json(old), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_stale' },
    });
    const justInTime = summary({ issuedAtMs: NOW - CANOPY_SUMMARY_MAX_AGE_MS });
    expect(checkSummary(json(justInTime), trust([PACK]), NOW).ok).toBe(true);
  });

  it('beyond the clock skew in the future: summary_from_future', () => {
    const ahead = summary({ issuedAtMs: NOW + CANOPY_CLOCK_SKEW_MS + 1 });
    expect(checkSummary(json(ahead), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_from_future' },
    });
    const skewed = summary({ issuedAtMs: NOW + CANOPY_CLOCK_SKEW_MS });
    expect(checkSummary(json(skewed), trust([PACK]), NOW).ok).toBe(true);
  });
});

describe('colony ownership', () => {
  it('a coordinator claiming a colony the pack gives to another: summary_colony_not_owned', () => {
    const claim = summary({ colony: 'mumbai' }, CHENNAI);
    const checked = checkSummary(json(claim), trust([PACK]), NOW);
    expect(checked).toMatchObject({ error: { code: 'summary_colony_not_owned' } });
    expect(!checked.ok && checked.error.message).toContain(MUMBAI.key.did);
  });

  it('a colony the pack does not have: summary_colony_not_owned', () => {
    const claim = summary({ colony: 'madurai' }, CHENNAI);
    expect(checkSummary(json(claim), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_colony_not_owned' },
    });
  });

  it('a coordinator its federation pack does not name: summary_colony_not_owned', () => {
    const claim = summary({ colony: 'madurai' }, OUTSIDER);
    expect(checkSummary(json(claim), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_colony_not_owned' },
    });
  });

  it('a federation whose pack is not held: summary_colony_not_owned', () => {
    const claim = summary({ federation: 'eu.north' }, CHENNAI);
    expect(checkSummary(json(claim), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_colony_not_owned' },
    });
  });
});

describe('shape: summary_schema_invalid', () => {
  const good = summary();
  it.each([
    ['not an object', []],
    ['an unknown field', { ...good, extra: 1 }],
    ['a missing field', (({ warmAgents: _w, ...rest }) => rest)(good)],
    ['another kind', { ...good, kind: 'session-ticket' }],
    ['seq 0', { ...good, seq: 0 }],
    ['a fractional seq', { ...good, seq: 1.5 }],
    ['free above total', { ...good, capacity: { interactive: { free: 9, total: 8 } } }],
    ['negative slots', { ...good, capacity: { interactive: { free: -1, total: 8 } } }],
    ['a bad class name', { ...good, capacity: { 'Inter active': { free: 1, total: 1 } } }],
    [
      'too many warm agents',
      { ...good, warmAgents: Array.from({ length: 65 }, (_, i) => `a${i}`) },
    ],
    ['a warm agent twice', { ...good, warmAgents: ['tutor', 'tutor'] }],
    [
      'a price band with min above max',
      { ...good, prices: [{ currency: 'INR', minMinor: '5', maxMinor: '4' }] },
    ],
    ['two bands of one currency', { ...good, prices: [good.prices[0], good.prices[0]] }],
    ['a bad coordinate', { ...good, coordinate: { vector: [Number.NaN], height: 1, error: 0.1 } }],
    ['a url that is not http', { ...good, url: 'ftp://x' }],
    ['a colony id with capitals', { ...good, colony: 'Chennai' }],
    ['two signatures', { ...good, signatures: [good.signatures[0], good.signatures[0]] }],
    ['no signature', { ...good, signatures: [] }],
  ])('%s', (_, value) => {
    expect(checkSummaryShape(value)).toMatchObject({
      ok: false,
      error: { code: 'summary_schema_invalid' },
    });
    expect(checkSummary(json(value), trust([PACK]), NOW)).toMatchObject({
      error: { code: 'summary_schema_invalid' },
    });
  });
});
