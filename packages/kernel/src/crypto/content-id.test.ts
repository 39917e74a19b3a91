import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../bytes.js';
import { parseStrictJson } from '../json/strict-json.js';
import {
  CONTENT_ID_PATTERN,
  CONTENT_ID_PREFIX,
  contentId,
  digestOf,
  sha256,
} from './content-id.js';

function parsed(text: string) {
  const result = parseStrictJson(text);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

describe('sha256', () => {
  it('matches FIPS 180-2 test vectors', () => {
    expect(toHex(sha256(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('contentId = "sha256:" + lowercase_hex(SHA-256(JCS(body))) (encoding.md)', () => {
  it('names {} by the SHA-256 of the two bytes "{}"', () => {
    expect(contentId({})).toBe(
      'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    expect(digestOf(utf8('{}'))).toBe(contentId({}));
  });

  it('hashes the canonical bytes, not the bytes as written', () => {
    const written = '{ "b" : 1.0, "a" : "\\u0041" }';
    expect(contentId(parsed(written))).toBe(digestOf(utf8('{"a":"A","b":1}')));
    expect(contentId(parsed(written))).not.toBe(digestOf(utf8(written)));
  });

  it('gives every spelling of the same value the same id', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const compact = parsed(JSON.stringify(value));
        const pretty = parsed(JSON.stringify(value, null, 3));
        expect(contentId(pretty)).toBe(contentId(compact));
        expect(contentId(compact)).toMatch(new RegExp(CONTENT_ID_PATTERN));
      }),
      { numRuns: 200 },
    );
  });

  it('changes when any member value changes', () => {
    expect(contentId({ a: 1 })).not.toBe(contentId({ a: 2 }));
    expect(contentId({ a: 1 })).not.toBe(contentId({ a: '1' }));
    expect(contentId({ a: null })).not.toBe(contentId({}));
    expect(contentId([1, 2])).not.toBe(contentId([2, 1]));
  });

  it('is prefixed by CONTENT_ID_PREFIX and written in lower-case hex', () => {
    const id = contentId({ x: 'y' });
    expect(id.startsWith(CONTENT_ID_PREFIX)).toBe(true);
    expect(id.slice(CONTENT_ID_PREFIX.length)).toBe(
      createHash('sha256').update('{"x":"y"}').digest('hex'),
    );
    expect(new RegExp(CONTENT_ID_PATTERN).test(id.toUpperCase())).toBe(false);
  });
});
