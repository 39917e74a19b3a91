/** The kernel's strict reader and RFC 8785 serialiser against vectors/jcs/ (read from disk). */
import { describe, expect, it } from 'vitest';
import { readVectorArea } from '../scripts/vector-areas/vector-file.js';
import {
  canonicalBytes,
  canonicalJson,
  type JsonValue,
  parseStrictJson,
  toHex,
} from '../src/index.js';

interface JcsInput {
  readonly json?: string;
  readonly ieee754?: string;
}

interface JcsExpected {
  readonly canonical?: string;
  readonly utf8Hex?: string;
  readonly valueOrder?: readonly string[];
  readonly error?: string;
  readonly json?: string;
  readonly rejected?: true;
}

const vectors = readVectorArea<JcsInput, JcsExpected>('jcs');

function doubleFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function parsed(text: string): JsonValue {
  const result = parseStrictJson(text);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('RFC 8785 vectors', () => {
  it('include the §3.2.2 sample, the §3.2.3 sorting data and all 26 Appendix B rows', () => {
    const names = vectors.map(([name]) => name);
    expect(names).toContain('rfc8785-sample-object');
    expect(names).toContain('rfc8785-property-sorting');
    expect(names.filter((name) => name.startsWith('rfc8785-number-'))).toHaveLength(26);
  });

  describe.each(vectors.filter(([, vector]) => vector.input.json !== undefined))(
    'JSON text %s',
    (_name, vector) => {
      const input = vector.input;
      const expected = vector.expected;

      it(
        expected.error
          ? `is refused with ${expected.error}`
          : 'canonicalises to the published text',
        () => {
          const result = parseStrictJson(input.json!);
          if (expected.error !== undefined) {
            expect(result.ok ? 'accepted' : result.error.code).toBe(expected.error);
            return;
          }
          const value = parsed(input.json!);
          expect(canonicalJson(value)).toBe(expected.canonical);
          if (expected.utf8Hex !== undefined)
            expect(toHex(canonicalBytes(value))).toBe(expected.utf8Hex);
          // Canonical output is a fixed point: reading and writing it again changes nothing.
          expect(canonicalJson(parsed(expected.canonical!))).toBe(expected.canonical);
        },
      );

      if (expected.valueOrder !== undefined) {
        it('puts the values in the published order', () => {
          const text = canonicalJson(parsed(input.json!));
          const positions = expected.valueOrder!.map((value) =>
            text.indexOf(JSON.stringify(value)),
          );
          expect(positions.every((position) => position >= 0)).toBe(true);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        });
      }
    },
  );

  describe.each(vectors.filter(([, vector]) => vector.input.ieee754 !== undefined))(
    'number %s',
    (_name, vector) => {
      const bits = vector.input.ieee754!;
      const expected = vector.expected;
      const value = doubleFromBits(bits);

      if (expected.rejected) {
        it('is refused: JSON has no NaN or Infinity', () => {
          expect(Number.isFinite(value)).toBe(false);
          expect(() => canonicalJson(value)).toThrow();
          expect(() => canonicalJson([value])).toThrow();
        });
        return;
      }

      it('serialises to the published text, alone and inside an array', () => {
        expect(canonicalJson(value)).toBe(expected.json);
        expect(canonicalJson([value])).toBe(`[${expected.json}]`);
      });

      it('reads back as the same double (minus zero aside, which JSON writes as 0)', () => {
        expect(parsed(expected.json!)).toBe(Object.is(value, -0) ? 0 : value);
      });
    },
  );
});
