import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, utf8 } from '../bytes.js';
import { digestOf } from '../crypto/content-id.js';
import { canonicalForm } from '../invariants/k2-deterministic-integrity.js';
import {
  assembleObject,
  canonicalBytes,
  canonicalJson,
  canonicalMembers,
} from './canonical-json.js';
import { type JsonValue, parseStrictJson, readCanonicalJson } from './strict-json.js';

function parsed(text: string): JsonValue {
  const result = parseStrictJson(text);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.code}`);
  return result.value;
}

/** Every string and member name in a JSON value is well-formed UTF-16. */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, member]) => key.isWellFormed() && wellFormed(member));
  }
  return true;
}

/** The same value with every object's members in reverse insertion order. */
function reversedMembers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reversedMembers);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reversedMembers(value[key]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** JSON text for a string that spells every character as a \u escape. */
function fullyEscaped(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++)
    out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `${out}"`;
}

const jsonValues = fc
  .jsonValue({ maxDepth: 6, stringUnit: 'binary' })
  .filter((value) => wellFormed(value)) as fc.Arbitrary<JsonValue>;

describe('canonicalJson matches the canonicalize package (RFC 8785 reference twin)', () => {
  it('produces the same text for any JSON value', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('produces the same text for any double', () => {
    const doubles = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(doubles, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('produces the same text for objects with astral, BMP and control-character names', () => {
    const names = fc.constantFrom(
      'a',
      'A',
      '',
      '\u0000',
      '\u001f',
      '\u007f',
      'é',
      '\u20ac',
      '😀',
      '\uffff',
      'aa',
    );
    const objects = fc.dictionary(names, fc.integer(), { maxKeys: 11 });
    fc.assert(
      fc.property(objects, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson sorts members by UTF-16 code units (RFC 8785 §3.2.3)', () => {
  it('puts "a" before "€" (U+20AC) before "😀" (U+D83D U+DE00)', () => {
    // By code point the emoji (U+1F600) sorts after U+FFFF; by UTF-16 units its lead surrogate
    // 0xD83D sorts before U+E000..U+FFFF and after U+20AC.
    expect(canonicalJson({ '😀': 3, '\u20ac': 2, a: 1 })).toBe('{"a":1,"€":2,"😀":3}');
    expect(canonicalJson({ '\uffff': 2, '😀': 1 })).toBe('{"😀":1,"\uffff":2}');
  });

  it('sorts upper case before lower case, shorter prefix first, integer-like names as strings', () => {
    expect(canonicalJson({ b: 0, a: 0, B: 0, aa: 0, '': 0 })).toBe(
      '{"":0,"B":0,"a":0,"aa":0,"b":0}',
    );
    expect(canonicalJson({ 10: 'x', 9: 'y', 1: 'z' })).toBe('{"1":"z","10":"x","9":"y"}');
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ z: [{ y: 1, x: 2 }, 3, { b: null, a: true }], a: {} })).toBe(
      '{"a":{},"z":[{"x":2,"y":1},3,{"a":true,"b":null}]}',
    );
  });

  it('reproduces the RFC 8785 §3.2.3 sorting example', () => {
    const input = parsed(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
        '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as { [key: string]: JsonValue };
    // Read the values in text order; JSON.parse would move the integer-like name "1" first.
    const order = [...canonicalJson(input).matchAll(/:"([^"]+)"/g)].map((match) => match[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });
});

describe('canonicalJson prints numbers in ECMAScript shortest round-trip form (RFC 8785 §3.2.2.3)', () => {
  it.each([
    ['1.0', '1'],
    ['1.50', '1.5'],
    ['-0', '0'],
    ['-0.0', '0'],
    ['1e21', '1e+21'],
    ['1E21', '1e+21'],
    ['1e20', '100000000000000000000'],
    ['123456789012345678901', '123456789012345680000'],
    ['0.000001', '0.000001'],
    ['0.0000001', '1e-7'],
    ['1e-7', '1e-7'],
    ['4.50', '4.5'],
    ['2e-3', '0.002'],
    ['0.1', '0.1'],
    ['9007199254740993', '9007199254740992'],
    ['1.7976931348623157e308', '1.7976931348623157e+308'],
    ['5e-324', '5e-324'],
    ['-5e-324', '-5e-324'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalJson(parsed(text))).toBe(canonical);
  });

  it('prints 0.1 + 0.2 as the double it is, not 0.3', () => {
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('refuses non-finite numbers as a broken assumption (the strict reader never yields them)', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/assertion failed/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/assertion failed/);
    expect(() => canonicalJson({ a: Number.NEGATIVE_INFINITY })).toThrow(/assertion failed/);
  });
});

describe('canonicalJson escapes strings minimally (RFC 8785 §3.2.2.2)', () => {
  it('uses the short escapes for \\b \\t \\n \\f \\r, " and \\\\', () => {
    expect(canonicalJson('\b\t\n\f\r"\\')).toBe('"\\b\\t\\n\\f\\r\\"\\\\"');
  });

  it('uses lower-case \\u00xx for the other control characters', () => {
    expect(canonicalJson('\u0000\u0001\u000b\u001f')).toBe('"\\u0000\\u0001\\u000b\\u001f"');
  });

  it('leaves /, DEL, U+2028, non-ASCII and astral characters unescaped', () => {
    expect(canonicalJson('/\u007f\u2028é€😀')).toBe('"/\u007f\u2028é€😀"');
  });

  it('refuses a lone surrogate as a broken assumption', () => {
    expect(() => canonicalJson('\ud800')).toThrow(/assertion failed/);
    expect(() => canonicalJson({ '\udc00': 1 })).toThrow(/assertion failed/);
  });
});

describe('every spelling of the same value has the same canonical bytes', () => {
  it('ignores member order', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        expect(canonicalJson(reversedMembers(value))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('ignores whitespace and escape spelling when read back by the strict reader', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const pretty = parsed(JSON.stringify(value, null, '\t'));
        expect(canonicalJson(pretty)).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
    expect(canonicalJson(parsed(`{${fullyEscaped('name')}:${fullyEscaped('Aé😀')}}`))).toBe(
      '{"name":"Aé😀"}',
    );
  });

  it('is a fixed point: canonical text reads back to the same canonical text', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(parsed(canonical))).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes canonicalBytes as the UTF-8 of canonicalJson', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const bytes = canonicalBytes(value);
        expect(decodeUtf8(bytes)).toBe(canonicalJson(value));
        expect(bytes).toEqual(utf8(canonicalJson(value)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('canonicalMembers and assembleObject serialise each member once for two forms', () => {
  const objects = fc.dictionary(fc.string({ unit: 'grapheme' }), jsonValues, { maxKeys: 8 });

  it('give the same text as canonicalJson when nothing is left out', () => {
    fc.assert(
      fc.property(objects, (object) => {
        expect(assembleObject(canonicalMembers(object), undefined)).toBe(canonicalJson(object));
      }),
      { numRuns: 300 },
    );
  });

  it('give the same text as canonicalJson of the object without the left-out members', () => {
    fc.assert(
      fc.property(
        objects,
        fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }),
        (object, omit) => {
          const rest: { [key: string]: JsonValue } = {};
          for (const key of Object.keys(object)) {
            if (!omit.includes(key)) {
              Object.defineProperty(rest, key, {
                value: object[key],
                enumerable: true,
                writable: true,
                configurable: true,
              });
            }
          }
          expect(assembleObject(canonicalMembers(object), new Set(omit))).toBe(canonicalJson(rest));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drop members whose value is undefined, as an absent optional field', () => {
    const withAbsent = { b: 1, a: undefined } as unknown as { [key: string]: JsonValue };
    expect(canonicalMembers(withAbsent)).toEqual([['b', '"b":1']]);
    expect(canonicalJson(withAbsent)).toBe('{"b":1}');
  });

  it('let canonicalForm give the id of the body and the bytes of the whole object', () => {
    fc.assert(
      fc.property(objects, fc.string(), (object, id) => {
        const whole = { ...object, id, signatures: [] } as { [key: string]: JsonValue };
        const body: { [key: string]: JsonValue } = {};
        for (const key of Object.keys(whole)) {
          if (key !== 'id' && key !== 'signatures') {
            Object.defineProperty(body, key, {
              value: whole[key],
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        }
        const form = canonicalForm(whole);
        expect(form.canonical).toEqual(canonicalBytes(whole));
        expect(form.id).toBe(digestOf(canonicalBytes(body)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the strict reader sorts objects of any size', () => {
  it.each([2, 16, 17, 1000])(
    '%i members given in reverse order come out sorted, like the canonicalize package',
    (count) => {
      const entries = Array.from(
        { length: count },
        (_, n) => [`k${String(n).padStart(4, '0')}`, n] as const,
      ).reverse();
      const text = JSON.stringify(Object.fromEntries(entries));
      const read = readCanonicalJson(text);
      if (!read.ok) throw new Error(read.error.code);
      expect(read.value.canonical).toBe(canonicalize(JSON.parse(text)));
      expect(read.value.members.map(([name]) => name)).toEqual(
        [...entries].reverse().map(([name]) => name),
      );
    },
  );

  it('catches a duplicate name among 1000 members', () => {
    const names = Array.from({ length: 1000 }, (_, n) => `"k${n}":${n}`);
    names.splice(500, 0, '"k7":0');
    const read = readCanonicalJson(`{${names.join(',')}}`);
    expect(read.ok ? 'ok' : read.error.code).toBe('json_duplicate_key');
  });
});

describe('the strict reader writes the same canonical text as the canonicalize package', () => {
  const escapeAll = (text: string) =>
    text.replace(
      /[\u0080-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  const wellFormed = fc.jsonValue().filter((value) => JSON.stringify(value).isWellFormed());

  it('for random values, spaced or compact, and with every non-ASCII character escaped', () => {
    fc.assert(
      fc.property(
        wellFormed,
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        (value, indent, escaped) => {
          const written = JSON.stringify(value, null, indent);
          const read = readCanonicalJson(escaped ? escapeAll(written) : written);
          if (!read.ok) throw new Error(read.error.code);
          expect(read.value.canonical).toBe(canonicalize(JSON.parse(written)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
