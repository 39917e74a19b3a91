/**
 * The Sparkplug B codec: 64-bit values survive exactly as bigint, signed 8/16/32-bit values come
 * back negative from their unsigned carrier, hand-made bytes decode as the specification's field
 * numbers say, and malformed bytes are coded failures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SPARKPLUG_METRICS_PER_PAYLOAD_MAX,
  SPARKPLUG_PAYLOAD_BYTES_MAX,
} from '../../src/limits/sparkplug.js';
import {
  decodeSparkplugPayload,
  encodeSparkplugPayload,
} from '../../src/sparkplug/sparkplug-codec.js';
import {
  type SparkplugValue,
  SPARKPLUG_DATATYPES as T,
} from '../../src/sparkplug/sparkplug-datatypes.js';

function roundTrip(datatype: number, value: SparkplugValue, datatypeOnWire = true) {
  const bytes = encodeSparkplugPayload({
    seq: 1,
    metrics: [{ name: 'm', datatype, value, datatypeOnWire }],
  });
  if (!bytes.ok) throw new Error(bytes.error.message);
  const decoded = decodeSparkplugPayload(bytes.value);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.metrics[0]!;
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('Sparkplug B codec round trips', () => {
  it('Int64 and UInt64 round-trip exactly as bigint over the whole range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        expect(roundTrip(T.Int64, v).value).toBe(v);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        expect(roundTrip(T.UInt64, v).value).toBe(v);
      }),
    );
    for (const v of [-(2n ** 63n), -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n]) {
      expect(roundTrip(T.Int64, v).value).toBe(v);
    }
    expect(roundTrip(T.UInt64, 2n ** 64n - 1n).value).toBe(2n ** 64n - 1n);
  });

  it('signed Int8, Int16 and Int32 come back negative from the uint32 int_value', () => {
    const cases: [number, number, number][] = [
      [T.Int8, -128, 127],
      [T.Int16, -32768, 32767],
      [T.Int32, -(2 ** 31), 2 ** 31 - 1],
    ];
    for (const [datatype, min, max] of cases) {
      fc.assert(
        fc.property(fc.integer({ min, max }), (v) => {
          const metric = roundTrip(datatype, v);
          expect(metric.value).toBe(v);
          // On the wire the value is unsigned: two's complement in 32 bits.
          expect(metric.wire).toEqual({ field: 'int_value', value: v >>> 0 });
        }),
      );
    }
    for (const [datatype, max] of [
      [T.UInt8, 0xff],
      [T.UInt16, 0xffff],
      [T.UInt32, 0xffff_ffff],
    ] as const) {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max }),
          (v) => void expect(roundTrip(datatype, v).value).toBe(v),
        ),
      );
    }
  });

  it('floats, doubles, booleans, strings, bytes, DateTime and null round-trip', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        (v) => void expect(roundTrip(T.Double, v).value).toBe(v),
      ),
    );
    fc.assert(
      fc.property(
        fc.float({ noNaN: true }),
        (v) => void expect(roundTrip(T.Float, v).value).toBe(v),
      ),
    );
    expect(roundTrip(T.Boolean, true).value).toBe(true);
    expect(roundTrip(T.String, 'Wh ✓').value).toBe('Wh ✓');
    expect(roundTrip(T.Bytes, new Uint8Array([0, 255, 7])).value).toEqual(
      new Uint8Array([0, 255, 7]),
    );
    expect(roundTrip(T.DateTime, 1_700_000_000_123).value).toBe(1_700_000_000_123);
    expect(roundTrip(T.Double, null)).toMatchObject({ isNull: true, value: null });
  });

  it('a metric sent without datatype keeps its wire value for the birth to type', () => {
    const metric = roundTrip(T.Int16, -2, false);
    expect(metric.value).toBeUndefined();
    expect(metric.datatype).toBeUndefined();
    expect(metric.wire).toEqual({ field: 'int_value', value: 0xffff_fffe });
  });
});

describe('Sparkplug B hand-made byte vectors', () => {
  it('decodes bytes written field by field from the specification', () => {
    // Payload.timestamp (1) = 1700000000000, Payload.seq (3) = 7, and two metrics (2):
    //   name "t", datatype (4) Int8, int_value (10) 0xFF (Int8 -1 in its own width);
    //   name "u", alias (2) 5, datatype Int64, long_value (11) 2^64 - 2 (Int64 -2),
    //   properties (9) { engUnit: String "Wh" }.
    const bytes = hex(`
      08 80d095ffbc31
      12 08 0a0174 2001 50ff01
      12 25 0a0175 1005 2004 58feffffffffffffffff01
            4a11 0a07 656e67556e6974 1206 080c 4202 5768
      18 07`);
    const decoded = decodeSparkplugPayload(bytes);
    expect(decoded).toEqual({
      ok: true,
      value: {
        timestampMs: 1_700_000_000_000,
        seq: 7,
        metrics: [
          {
            name: 't',
            datatype: T.Int8,
            isHistorical: false,
            isTransient: false,
            isNull: false,
            value: -1,
            wire: { field: 'int_value', value: 0xff },
          },
          {
            name: 'u',
            alias: 5,
            datatype: T.Int64,
            isHistorical: false,
            isTransient: false,
            isNull: false,
            properties: { engUnit: 'Wh' },
            value: -2n,
            wire: { field: 'long_value', value: 2n ** 64n - 2n },
          },
        ],
      },
    });
  });

  it('encodes to exactly the expected bytes (Int8 -1 sign-extended to 32 bits)', () => {
    const bytes = encodeSparkplugPayload({
      timestampMs: 1_700_000_000_000,
      seq: 7,
      metrics: [{ name: 't', datatype: T.Int8, value: -1 }],
    });
    expect(bytes.ok && Buffer.from(bytes.value).toString('hex')).toBe(
      '0880d095ffbc31' + '120b' + '0a0174' + '2001' + '50ffffffff0f' + '1807',
    );
  });
});

describe('Sparkplug B codec refusals', () => {
  it('garbage bytes are sparkplug_payload_invalid', () => {
    const decoded = decodeSparkplugPayload(Buffer.from('not a protobuf payload'));
    expect(decoded.ok || decoded.error.code).toBe('sparkplug_payload_invalid');
  });

  it('a value that does not fit its datatype is sparkplug_metric_invalid, both ways', () => {
    const tooBig = encodeSparkplugPayload({
      metrics: [{ name: 'x', datatype: T.Int8, value: 128 }],
    });
    expect(tooBig.ok || tooBig.error.code).toBe('sparkplug_metric_invalid');
    // An Int8 whose carrier is neither 8-bit nor 32-bit two's complement: 0x1234.
    const decoded = decodeSparkplugPayload(hex('12 08 0a0174 2001 50b424'));
    expect(decoded.ok || decoded.error.code).toBe('sparkplug_metric_invalid');
    // A Double carried in string_value.
    const mismatch = decodeSparkplugPayload(hex('12 08 0a0174 200a 7a0161'));
    expect(mismatch.ok || mismatch.error.code).toBe('sparkplug_metric_invalid');
  });

  it('a payload over the byte limit or with too many metrics is refused before decoding', () => {
    const big = decodeSparkplugPayload(new Uint8Array(SPARKPLUG_PAYLOAD_BYTES_MAX + 1));
    expect(big.ok || big.error.code).toBe('sparkplug_payload_too_large');
    const many = encodeSparkplugPayload({
      metrics: Array.from({ length: SPARKPLUG_METRICS_PER_PAYLOAD_MAX + 1 }, (_, i) => ({
        alias: i,
        datatype: T.Boolean,
        value: true,
      })),
    });
    expect(many.ok || many.error.code).toBe('sparkplug_metrics_too_many');
    // The same count as raw bytes (each metric: alias field only) is refused by the decoder too.
    const metric = '12 02 1001';
    const decoded = decodeSparkplugPayload(
      hex(metric.repeat(SPARKPLUG_METRICS_PER_PAYLOAD_MAX + 1)),
    );
    expect(decoded.ok || decoded.error.code).toBe('sparkplug_metrics_too_many');
  });
});
