import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_DEPTH_MAX, JSON_STRING_CHARS_MAX } from '../limits.js';
import { type JsonValue, parseStrictJson } from './strict-json.js';

/** 'ok' or the error code, so a table of inputs reads as a table of outcomes. */
function outcome(text: string): string {
  const result = parseStrictJson(text);
  return result.ok ? 'ok' : result.error.code;
}

function parsed(text: string): JsonValue {
  const result = parseStrictJson(text);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.code}`);
  return result.value;
}

function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function nestedObjects(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

/** Every string in a JSON value is well-formed UTF-16 (no lone surrogates). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, member]) => key.isWellFormed() && wellFormed(member));
  }
  return true;
}

describe('parseStrictJson accepts RFC 8259 JSON', () => {
  it.each([
    ['null', null],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-0', -0],
    ['12', 12],
    ['-12.5e3', -12500],
    ['1E2', 100],
    ['1e-2', 0.01],
    ['1e+2', 100],
    ['"x"', 'x'],
    ['[]', []],
    ['{}', {}],
    [' \t\r\n[ 1 , 2 ]\n ', [1, 2]],
    ['{ "a" : [ { "b" : null } ] }', { a: [{ b: null }] }],
  ])('reads %j as its value', (text, value) => {
    expect(parsed(text)).toEqual(value);
  });

  it('keeps -0 as -0, as JSON.parse does', () => {
    expect(Object.is(parsed('-0'), -0)).toBe(true);
  });

  it('reads a number that underflows to zero as zero (only overflow is out of range)', () => {
    expect(parsed('1e-400')).toBe(0);
  });

  it('decodes every escape RFC 8259 §7 defines', () => {
    expect(parsed('"\\" \\\\ \\/ \\b \\f \\n \\r \\t"')).toBe('" \\ / \b \f \n \r \t');
    expect(parsed('"\\u0041\\u00e9\\u20AC"')).toBe('Aé€');
    expect(parsed('"\\u0000"')).toBe('\u0000');
  });

  it('decodes an escaped surrogate pair into one astral character', () => {
    expect(parsed('"\\ud83d\\ude00"')).toBe('😀');
    expect(parsed('"\\uD83D\\uDE00"')).toBe('😀');
  });

  it('accepts a raw surrogate pair and characters outside ASCII', () => {
    expect(parsed('"😀 € é"')).toBe('😀 € é');
    expect(parsed('{"😀":"\\n😀"}')).toEqual({ '😀': '\n😀' });
  });

  it('accepts DEL and U+2028, which are not control characters in JSON', () => {
    expect(parsed('"\u007f\u2028\u2029"')).toBe('\u007f\u2028\u2029');
  });
});

describe('parseStrictJson rejects text that is not JSON with json_malformed', () => {
  it.each([
    ['empty input', ''],
    ['only whitespace', '  \n'],
    ['trailing text', '{} x'],
    ['two values', '1 2'],
    ['trailing comma in the document', '1,'],
    ['leading zero', '01'],
    ['negative leading zero', '-01'],
    ['fraction without digits', '1.'],
    ['fraction without integer part', '.5'],
    ['lone minus', '-'],
    ['plus sign', '+1'],
    ['exponent without digits', '1e'],
    ['exponent sign without digits', '1e+'],
    ['hex number', '0x10'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['trailing comma in an array', '[1,]'],
    ['leading comma in an array', '[,1]'],
    ['empty slot in an array', '[1,,2]'],
    ['missing comma in an array', '[1 2]'],
    ['unclosed array', '[1'],
    ['trailing comma in an object', '{"a":1,}'],
    ['unquoted key', '{a:1}'],
    ['number as key', '{1:1}'],
    ['missing colon', '{"a" 1}'],
    ['missing value', '{"a":}'],
    ['unclosed object', '{"a":1'],
    ['single-quoted string', "'x'"],
    ['single-quoted key', "{'a':1}"],
    ['unterminated string', '"abc'],
    ['raw newline in a string', '"a\nb"'],
    ['raw tab in a string', '"a\tb"'],
    ['raw NUL in a string', '"a\u0000b"'],
    ['raw control character 0x1f in a string', '"\u001f"'],
    ['byte order mark before the value', '\ufeff{}'],
    ['invalid escape \\x', '"\\x41"'],
    ['invalid escape \\a', '"\\a"'],
    ['escaped single quote', '"\\\'"'],
    ['short \\u escape', '"\\u12"'],
    ['non-hex \\u escape', '"\\u12G4"'],
    ['backslash at the end of the text', '"\\'],
    ['truncated literal', 'tru'],
    ['literal with trailing letters', 'truex'],
    ['capitalised literal', 'True'],
    ['undefined', 'undefined'],
    ['comment', '[1 /* c */]'],
    ['non-JSON whitespace (form feed)', '\f1'],
    ['non-JSON whitespace (no-break space)', '\u00a01'],
  ])('%s', (_name, text) => {
    expect(outcome(text)).toBe('json_malformed');
  });
});

describe('parseStrictJson rejects duplicate member names with json_duplicate_key', () => {
  it.each([
    ['at the top level', '{"a":1,"a":1}'],
    ['with different values', '{"a":1,"b":2,"a":3}'],
    ['in a nested object', '{"x":{"a":1,"a":2}}'],
    ['in an object inside an array', '[{},{"k":null,"k":null}]'],
    ['spelled with an escape', '{"a":1,"\\u0061":2}'],
    ['spelled with an escaped solidus', '{"/":1,"\\/":2}'],
    ['spelled as an escaped surrogate pair', '{"😀":1,"\\ud83d\\ude00":2}'],
    ['named __proto__', '{"__proto__":1,"__proto__":2}'],
    ['named toString', '{"toString":1,"toString":2}'],
    ['that is empty', '{"":1,"":2}'],
  ])('%s', (_name, text) => {
    expect(outcome(text)).toBe('json_duplicate_key');
  });

  it('allows the same name in sibling and nested objects', () => {
    expect(parsed('{"a":{"a":1},"b":{"a":2}}')).toEqual({ a: { a: 1 }, b: { a: 2 } });
  });

  it('treats names differing only in case or normalisation as different', () => {
    expect(parsed('{"a":1,"A":2}')).toEqual({ a: 1, A: 2 });
    expect(parsed('{"\u00e9":1,"e\u0301":2}')).toEqual({ '\u00e9': 1, 'e\u0301': 2 });
  });
});

describe('parseStrictJson bounds nesting at JSON_DEPTH_MAX', () => {
  it('accepts arrays nested exactly JSON_DEPTH_MAX deep', () => {
    expect(outcome(nestedArrays(JSON_DEPTH_MAX))).toBe('ok');
  });

  it('rejects arrays nested JSON_DEPTH_MAX + 1 deep with json_too_deep', () => {
    expect(outcome(nestedArrays(JSON_DEPTH_MAX + 1))).toBe('json_too_deep');
  });

  it('accepts objects nested exactly JSON_DEPTH_MAX deep', () => {
    expect(outcome(nestedObjects(JSON_DEPTH_MAX))).toBe('ok');
  });

  it('rejects objects nested JSON_DEPTH_MAX + 1 deep with json_too_deep', () => {
    expect(outcome(nestedObjects(JSON_DEPTH_MAX + 1))).toBe('json_too_deep');
  });

  it('counts arrays and objects together', () => {
    const half = JSON_DEPTH_MAX / 2;
    const mixed = (depth: number) => `${'[{"a":'.repeat(depth)}0${'}]'.repeat(depth)}`;
    expect(outcome(mixed(half))).toBe('ok');
    expect(outcome(`[${mixed(half)}]`)).toBe('json_too_deep');
  });

  it('rejects a deeply nested attack input without overflowing the stack', () => {
    expect(outcome('['.repeat(100_000))).toBe('json_too_deep');
  });
});

describe('parseStrictJson bounds strings at JSON_STRING_CHARS_MAX UTF-16 units', () => {
  it('accepts a string of exactly JSON_STRING_CHARS_MAX units', () => {
    expect(outcome(`"${'x'.repeat(JSON_STRING_CHARS_MAX)}"`)).toBe('ok');
  });

  it('rejects a string one unit longer with json_string_too_long', () => {
    expect(outcome(`"${'x'.repeat(JSON_STRING_CHARS_MAX + 1)}"`)).toBe('json_string_too_long');
  });

  it('applies the limit to member names too', () => {
    expect(outcome(`{"${'k'.repeat(JSON_STRING_CHARS_MAX + 1)}":1}`)).toBe('json_string_too_long');
  });

  it('counts the decoded string, not its escaped spelling', () => {
    const escaped = '\\u0041'.repeat(JSON_STRING_CHARS_MAX);
    expect(outcome(`"${escaped}"`)).toBe('ok');
    expect(outcome(`"${escaped}\\n"`)).toBe('json_string_too_long');
  });

  it('counts an astral character as two units', () => {
    const half = '😀'.repeat(JSON_STRING_CHARS_MAX / 2);
    expect(outcome(`"${half}"`)).toBe('ok');
    expect(outcome(`"${half}x"`)).toBe('json_string_too_long');
  });
});

describe('parseStrictJson rejects lone surrogates with json_invalid_unicode', () => {
  it.each([
    ['an escaped lone high surrogate', '"\\ud800"'],
    ['an escaped lone low surrogate', '"\\udc00"'],
    ['an escaped low surrogate followed by text', '"\\udc00x"'],
    ['an escaped high surrogate followed by text', '"\\ud800x"'],
    ['an escaped pair in the wrong order', '"\\ude00\\ud83d"'],
    ['an escaped high surrogate followed by a non-surrogate escape', '"\\ud800\\u0041"'],
    ['two escaped high surrogates', '"\\ud800\\ud800"'],
    ['an escaped high surrogate followed by a raw low surrogate', '"\\ud83d\ude00"'],
    ['a raw lone high surrogate', '"\ud800"'],
    ['a raw lone low surrogate', '"x\udc00"'],
    ['a raw high surrogate right before the closing quote', '"x\ud800"'],
    ['a raw high surrogate followed by an escaped low surrogate', '"\ud83d\\ude00"'],
    ['a lone surrogate in a member name', '{"\\ud800":1}'],
  ])('%s', (_name, text) => {
    expect(outcome(text)).toBe('json_invalid_unicode');
  });
});

describe('parseStrictJson rejects numbers that overflow a double with json_number_out_of_range', () => {
  it.each([
    ['1e400'],
    ['-1e400'],
    ['1.7976931348623159e308'],
    [`1${'0'.repeat(400)}`],
    ['[0, 1e309]'],
    ['{"n":-2e308}'],
  ])('%s', (text) => {
    expect(outcome(text)).toBe('json_number_out_of_range');
  });

  it('accepts the largest finite double', () => {
    expect(parsed('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
  });
});

describe('parseStrictJson builds plain data, never touching prototypes', () => {
  it('makes a __proto__ member an own property and leaves the prototype alone', () => {
    const value = parsed('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(value.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a __proto__ member the same way JSON.parse does', () => {
    const text = '{"x":{"__proto__":[1,2]}}';
    expect(parsed(text)).toEqual(JSON.parse(text));
  });

  it('reads members named after Object.prototype methods as ordinary members', () => {
    const value = parsed('{"toString":1,"constructor":"c","hasOwnProperty":null}') as Record<
      string,
      unknown
    >;
    expect(value.toString).toBe(1);
    expect(value.constructor).toBe('c');
    expect(value.hasOwnProperty).toBeNull();
    expect(Object.keys(value)).toEqual(['toString', 'constructor', 'hasOwnProperty']);
  });

  it('does not treat an inherited name as a duplicate of a member', () => {
    expect(outcome('{"constructor":1}')).toBe('ok');
    expect(outcome('{"valueOf":{},"isPrototypeOf":[]}')).toBe('ok');
  });
});

describe('parseStrictJson agrees with JSON.parse on every well-formed JSON value', () => {
  it('parses JSON.stringify(v) to the same value as JSON.parse', () => {
    const values = fc
      .jsonValue({ maxDepth: 8, stringUnit: 'binary' })
      .filter((value) => wellFormed(value));
    fc.assert(
      fc.property(values, (value) => {
        const text = JSON.stringify(value);
        // toEqual tells -0 from 0; JSON.stringify(-0) is "0", so both sides see the same text.
        expect(parsed(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('parses pretty-printed JSON the same way', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(parsed(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects what JSON.parse rejects (no lenient extensions)', () => {
    const fragments = fc.array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '"a"',
        '1',
        '-',
        '.',
        'e',
        'true',
        ' ',
        '\\',
        '"',
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(fragments, (parts) => {
        const text = parts.join('');
        let jsonParseAccepts = true;
        try {
          JSON.parse(text);
        } catch {
          jsonParseAccepts = false;
        }
        const result = parseStrictJson(text);
        if (!jsonParseAccepts) expect(result.ok).toBe(false);
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });
});
