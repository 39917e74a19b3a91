/**
 * The gateway's pure core on hand-made readings, protocol-neutral (an OPC UA or Sparkplug adapter
 * plugs in by naming its metrics): a rollback between two readings, a reading from another
 * device, a window over an hour, a missing edge read, and readings with no register form.
 */
import { describe, expect, it } from 'vitest';
import { buildIntervalEvidence, type GatewayDevice, type Reading } from '../../src/index.js';

const DID = 'did:key:z6MkdeviceExample';
const T0 = Date.parse('2026-03-21T05:00:00Z');
const device: GatewayDevice = {
  did: DID,
  subject: 'device:pv-test',
  ratedAcPowerW: 10_000,
  nameplateDcW: 11_500,
  location: { lat: 13.08, lon: 80.27 },
  commissioned: '2024-04-01',
  meterSerial: 'MTR-1',
};

function readings(whs: readonly number[], metrics = { energy: 'WH', power: 'W' }): Reading[] {
  return whs.flatMap((wh, index) => {
    const capturedAt = new Date(T0 + index * 300_000).toISOString();
    const base = { device: DID, source: 'opc-ua' as const, capturedAt };
    return [
      { ...base, metric: metrics.energy, value: wh, unit: 'Wh' },
      { ...base, metric: metrics.power, value: 6000, unit: 'W' },
    ];
  });
}

const steady = Array.from({ length: 13 }, (_, index) => 1_000_000 + index * 500);

describe('buildIntervalEvidence', () => {
  it('builds the claim and register evidence from readings without register words', () => {
    const built = buildIntervalEvidence(readings(steady), {
      startMs: T0,
      endMs: T0 + 3_600_000,
      device,
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value.claim.value.wh).toBe(6000);
    expect(built.value.claim.value.register.start).toEqual({ raw: 1_000_000, sf: 0 });
    expect(built.value.pieces.map((piece) => piece.role)).toEqual(['register']);
  });

  it('takes other metric names (an OPC UA node, a Sparkplug metric)', () => {
    const built = buildIntervalEvidence(
      readings(steady, { energy: 'Energy/Export', power: 'Power' }),
      {
        startMs: T0,
        endMs: T0 + 3_600_000,
        device,
        metrics: {
          energy: 'Energy/Export',
          power: 'Power',
          meterEnergy: 'Meter',
          irradiance: 'POA',
        },
      },
    );
    expect(built.ok && built.value.claim.value.wh).toBe(6000);
  });

  it('refuses an accumulator rollback between two readings', () => {
    const rolled = [...steady];
    rolled[6] = rolled[5]! - 10;
    const built = buildIntervalEvidence(readings(rolled), {
      startMs: T0,
      endMs: T0 + 3_600_000,
      device,
    });
    expect(!built.ok && built.error.code).toBe('gateway_accumulator_rollback');
  });

  it('refuses a reading from another device', () => {
    const foreign = readings(steady).map((r, i) =>
      i === 3 ? { ...r, device: 'did:key:z6Mkother' } : r,
    );
    const built = buildIntervalEvidence(foreign, { startMs: T0, endMs: T0 + 3_600_000, device });
    expect(!built.ok && built.error.code).toBe('gateway_device_mismatch');
  });

  it('refuses a window over the MIP-ENR hour', () => {
    const built = buildIntervalEvidence(readings(steady), {
      startMs: T0,
      endMs: T0 + 2 * 3_600_000,
      device,
    });
    expect(!built.ok && built.error.code).toBe('gateway_interval_invalid');
  });

  it('refuses an interval without an end read', () => {
    const built = buildIntervalEvidence(readings(steady.slice(0, 8)), {
      startMs: T0,
      endMs: T0 + 3_600_000,
      device,
    });
    expect(!built.ok && built.error.code).toBe('gateway_edge_read_missing');
  });

  it('refuses an out-of-range scale factor carried in raw', () => {
    const bad = readings(steady).map((r) =>
      r.metric === 'WH' ? { ...r, raw: { acc: Math.round(r.value), sf: 11 } } : r,
    );
    const built = buildIntervalEvidence(bad, { startMs: T0, endMs: T0 + 3_600_000, device });
    expect(!built.ok && built.error.code).toBe('gateway_scale_factor_invalid');
  });

  it('calls an interval with no energy empty, not a proof', () => {
    const flat = steady.map(() => 1_000_000);
    const built = buildIntervalEvidence(readings(flat), {
      startMs: T0,
      endMs: T0 + 3_600_000,
      device,
    });
    expect(!built.ok && built.error.code).toBe('gateway_interval_empty');
  });
});
