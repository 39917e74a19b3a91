import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes.js';
import { parseJsonBytes } from './parse-json-bytes.js';
import { parseStrictJson } from './strict-json.js';

function outcome(bytes: readonly number[] | Uint8Array): string {
  const result = parseJsonBytes(Uint8Array.from(bytes));
  return result.ok ? 'ok' : result.error.code;
}

/** `"` + bytes + `"`: a JSON string whose content is the given raw bytes. */
function quoted(...inner: number[]): number[] {
  return [0x22, ...inner, 0x22];
}

describe('parseJsonBytes reads UTF-8 JSON', () => {
  it('reads ASCII and multi-byte UTF-8 text', () => {
    expect(parseJsonBytes(utf8('{"a":[1,"é€😀"]}'))).toEqual({
      ok: true,
      value: { a: [1, 'é€😀'] },
    });
  });

  it('gives the same result as parseStrictJson on the decoded text, for any well-formed value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        expect(parseJsonBytes(utf8(text))).toEqual(parseStrictJson(text));
      }),
      { numRuns: 200 },
    );
  });

  it('passes strict-reader errors through with their own codes', () => {
    expect(outcome(utf8('{"a":1,"a":2}'))).toBe('json_duplicate_key');
    expect(outcome(utf8('[1,]'))).toBe('json_malformed');
    expect(outcome(utf8('1e400'))).toBe('json_number_out_of_range');
    expect(outcome(utf8('"\\ud800"'))).toBe('json_invalid_unicode');
  });
});

describe('parseJsonBytes rejects bytes that are not UTF-8 with json_invalid_unicode', () => {
  it.each([
    ['a lone continuation byte', quoted(0x80)],
    ['a truncated two-byte sequence', quoted(0xc3)],
    ['a truncated three-byte sequence', quoted(0xe2, 0x82)],
    ['a truncated four-byte sequence', quoted(0xf0, 0x9f, 0x98)],
    ['an overlong encoding of "/"', quoted(0xc0, 0xaf)],
    ['an overlong three-byte encoding of NUL', quoted(0xe0, 0x80, 0x80)],
    ['a UTF-8 encoded high surrogate (CESU-8)', quoted(0xed, 0xa0, 0x80)],
    ['a UTF-8 encoded low surrogate', quoted(0xed, 0xb0, 0x80)],
    ['a code point above U+10FFFF', quoted(0xf4, 0x90, 0x80, 0x80)],
    ['the byte 0xff', quoted(0xff)],
    ['the byte 0xfe', quoted(0xfe)],
    ['Latin-1 é', quoted(0xe9)],
    ['a UTF-16LE byte order mark', [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]],
    ['invalid bytes outside any string', [0x5b, 0x31, 0x2c, 0x80, 0x5d]],
  ])('%s', (_name, bytes) => {
    expect(outcome(bytes)).toBe('json_invalid_unicode');
  });
});

describe('parseJsonBytes treats a byte order mark as encoding.md says', () => {
  // Regression (was a bug): TextDecoder('utf-8') strips a leading UTF-8 BOM unless ignoreBOM is set, so
  // parseJsonBytes(EF BB BF 7B 7D) returns { ok: true, value: {} } while
  // parseStrictJson('\ufeff{}') is json_malformed. docs/spec/encoding.md lists "a BOM" under
  // json_malformed, and a verifier reading bytes must not accept what one reading text rejects.
  it('rejects a UTF-8 byte order mark before the value with json_malformed', () => {
    expect(outcome([0xef, 0xbb, 0xbf, 0x7b, 0x7d])).toBe('json_malformed');
  });

  it('rejects a byte order mark that is not at the start', () => {
    expect(outcome([0x20, 0xef, 0xbb, 0xbf, 0x7b, 0x7d])).toBe('json_malformed');
  });

  it('keeps a U+FEFF inside a string as part of the string', () => {
    expect(parseJsonBytes(Uint8Array.from(quoted(0xef, 0xbb, 0xbf)))).toEqual({
      ok: true,
      value: '\ufeff',
    });
  });
});
