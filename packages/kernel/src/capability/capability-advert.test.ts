import { describe, expect, it } from 'vitest';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { ERROR_CODES } from '../error-codes.js';
import type { JsonValue } from '../json/strict-json.js';
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvertFields,
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
} from './capability-advert.js';
import { CAPABILITY_ERROR_CODES } from './capability-error-codes.js';
import { CAPABILITY_MIPS_MAX } from './capability-limits.js';
import { CapabilityAdvertSchema } from './capability-schema.js';

const producer = ed25519SignerFromSeed(new Uint8Array(32).fill(21));
const stranger = ed25519SignerFromSeed(new Uint8Array(32).fill(22));
const ENERGY = 'mip-energy/generation-interval@1.0.0';
const ISSUED_MS = Date.parse('2026-06-01T00:00:00Z');

const FIELDS: CapabilityAdvertFields = {
  federation: 'in.karnataka',
  producer: producer.key.did,
  profile: 'microgrid',
  mips: [ENERGY],
  interfaces: ['modbus-tcp-sunspec', 'mqtt-sparkplug-b'],
  locality: { lat: 12.9716, lon: 77.5946, label: 'Bengaluru' },
  price: { minor: '850', currency: 'INR', unit: 'kWh' },
  capacity: { amount: 40, unit: 'kWh', per: 'day' },
  issuedAt: '2026-06-01T00:00:00Z',
  expiresAt: '2026-07-01T00:00:00Z',
};

const ADVERT = withSignature(buildCapabilityAdvert(FIELDS), CAPABILITY_KIND, producer);

function code(value: unknown): string | undefined {
  const result = checkCapabilityAdvert(value as JsonValue);
  return result.ok ? undefined : result.error.code;
}

describe('capability advert', () => {
  it('builds an advert that passes the check, with the published $id', () => {
    expect(checkCapabilityAdvert(ADVERT as unknown as JsonValue)).toEqual({
      ok: true,
      value: ADVERT,
    });
    expect(ADVERT).toMatchObject({ v: 1, kind: 'capability' });
    expect(CapabilityAdvertSchema.$id).toBe('https://mycel.dev/schemas/capability-v1.json');
  });

  it('needs only the required fields', () => {
    const { profile: _p, capacity: _c, ...rest } = FIELDS;
    const minimal = buildCapabilityAdvert({ ...rest, interfaces: [] });
    expect(checkCapabilityAdvert(minimal as unknown as JsonValue).ok).toBe(true);
  });

  it('is signed by its producer, verified with the did:key alone', () => {
    expect(checkCapabilitySigned(ADVERT, ISSUED_MS)).toEqual({ ok: true, value: true });
  });

  it('refuses an advert another key signed: capability_signature_invalid', () => {
    const foreign = withSignature(buildCapabilityAdvert(FIELDS), CAPABILITY_KIND, stranger);
    const result = checkCapabilitySigned(foreign, ISSUED_MS);
    expect(result.ok ? undefined : result.error.code).toBe('capability_signature_invalid');
  });

  it('refuses an unsigned advert: capability_signature_invalid', () => {
    const result = checkCapabilitySigned(buildCapabilityAdvert(FIELDS), ISSUED_MS);
    expect(result.ok ? undefined : result.error.code).toBe('capability_signature_invalid');
  });

  it('refuses a signature copied onto another body: capability_id_mismatch', () => {
    expect(code({ ...ADVERT, price: { ...ADVERT.price, minor: '1' } })).toBe(
      'capability_id_mismatch',
    );
  });

  it('refuses a re-sealed body under the old signature: capability_signature_invalid', () => {
    const resealed = {
      ...buildCapabilityAdvert({ ...FIELDS, price: { ...FIELDS.price, minor: '1' } }),
      signatures: ADVERT.signatures,
    };
    expect(code(resealed)).toBeUndefined();
    const result = checkCapabilitySigned(resealed, ISSUED_MS);
    expect(result.ok ? undefined : result.error.code).toBe('capability_signature_invalid');
  });

  it('refuses expiresAt at or before issuedAt: capability_times_inconsistent', () => {
    const advert = buildCapabilityAdvert({ ...FIELDS, expiresAt: FIELDS.issuedAt });
    expect(code(advert)).toBe('capability_times_inconsistent');
  });

  it('refuses a validity longer than a year: capability_times_inconsistent', () => {
    const advert = buildCapabilityAdvert({ ...FIELDS, expiresAt: '2027-06-03T00:00:00Z' });
    expect(code(advert)).toBe('capability_times_inconsistent');
  });

  it('says whether the advert is in force: capability_expired, capability_not_yet_valid', () => {
    expect(checkCapabilityCurrent(ADVERT, ISSUED_MS).ok).toBe(true);
    const after = checkCapabilityCurrent(ADVERT, Date.parse(FIELDS.expiresAt));
    expect(after.ok ? undefined : after.error.code).toBe('capability_expired');
    const before = checkCapabilityCurrent(ADVERT, ISSUED_MS - 60 * 60 * 1000);
    expect(before.ok ? undefined : before.error.code).toBe('capability_not_yet_valid');
  });

  it.each([
    ['no MIPs', { mips: [] }],
    ['a repeated MIP', { mips: [ENERGY, ENERGY] }],
    [
      'too many MIPs',
      { mips: Array.from({ length: CAPABILITY_MIPS_MAX + 1 }, (_, i) => `mip-energy/t${i}@1.0.0`) },
    ],
    ['a MIP with SQL in it', { mips: ["mip-energy/x@1.0.0' OR 1=1 --"] }],
    ['a lower-case currency', { price: { ...FIELDS.price, currency: 'eur' } }],
    ['a price with leading zeros', { price: { ...FIELDS.price, minor: '0850' } }],
    ['a 31-digit price', { price: { ...FIELDS.price, minor: '1'.repeat(31) } }],
    ['a latitude beyond 90', { locality: { ...FIELDS.locality, lat: 90.5 } }],
    ['a longitude beyond 180', { locality: { ...FIELDS.locality, lon: -181 } }],
    ['a label with a newline', { locality: { ...FIELDS.locality, label: 'a\nb' } }],
    ['an empty label', { locality: { ...FIELDS.locality, label: '' } }],
    ['a zero capacity', { capacity: { amount: 0, unit: 'kWh', per: 'day' } }],
    ['capacity per week', { capacity: { amount: 1, unit: 'kWh', per: 'week' } }],
    ['an upper-case interface', { interfaces: ['Modbus'] }],
    ['an unknown field', { colour: 'green' }],
    ['an impossible date', { issuedAt: '2026-02-30T00:00:00Z' }],
  ])('refuses %s: capability_schema_invalid', (_name, change) => {
    const advert = buildCapabilityAdvert({
      ...FIELDS,
      ...(change as object),
    } as CapabilityAdvertFields);
    expect(code(advert)).toBe('capability_schema_invalid');
  });

  it('refuses values that are not adverts: capability_schema_invalid', () => {
    for (const value of [null, 7, 'capability', [], { ...ADVERT, kind: 'proof' }]) {
      expect(code(value)).toBe('capability_schema_invalid');
    }
  });

  it('puts every capability code in the kernel table', () => {
    for (const key of Object.keys(CAPABILITY_ERROR_CODES)) expect(ERROR_CODES).toHaveProperty(key);
  });
});
