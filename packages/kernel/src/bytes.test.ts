import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  concatBytes,
  decodeUtf8,
  fromBase64,
  fromBase64Url,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
} from './bytes.js';

const anyBytes = fc.uint8Array({ maxLength: 70 });

describe('hex', () => {
  it('round-trips any bytes in lower case', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const text = toHex(bytes);
        expect(text).toMatch(/^[0-9a-f]*$/);
        expect(fromHex(text)).toEqual(bytes);
      }),
    );
  });

  it('encodes only the viewed part of a subarray', () => {
    const whole = Uint8Array.of(0, 1, 2, 3, 0xff);
    expect(toHex(whole.subarray(1, 4))).toBe('010203');
    expect(toHex(new Uint8Array(0))).toBe('');
  });

  it.each([
    ['upper case', 'ABCD'],
    ['mixed case', 'aBcd'],
    ['an odd length', 'abc'],
    ['a non-hex letter', 'zz'],
    ['a 0x prefix', '0xab'],
    ['whitespace', 'ab cd'],
    ['a trailing newline', 'abcd\n'],
    ['a sign', '-1'],
  ])('fromHex rejects %s', (_name, text) => {
    expect(fromHex(text)).toBeUndefined();
  });

  it('fromHex reads the empty string as no bytes', () => {
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });
});

describe('base64 (RFC 4648 §4, padded)', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['missing padding', 'QQ'],
    ['missing one padding character', 'QQ='],
    ['too much padding', 'QQ==='],
    ['padding in the middle', 'QQ==QQ=='],
    ['the base64url alphabet', 'a-_b'],
    ['whitespace', 'QUJD REVG'],
    ['a newline', 'QUJD\nREVG'],
    ['a length of 4k + 1', 'QUJDR'],
    ['only padding', '===='],
  ])('fromBase64 rejects %s', (_name, text) => {
    expect(fromBase64(text)).toBeUndefined();
  });

  it('fromBase64 reads RFC 4648 §10 vectors', () => {
    expect(Buffer.from(fromBase64('Zm9vYmFy')!).toString()).toBe('foobar');
    expect(Buffer.from(fromBase64('Zm9vYg==')!).toString()).toBe('foob');
    expect(Buffer.from(fromBase64('Zm9vYmE=')!).toString()).toBe('fooba');
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });
});

describe('base64url (RFC 4648 §5, unpadded, canonical)', () => {
  it('round-trips any bytes without padding', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('has exactly one accepted spelling per byte string', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const texts = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 });
    fc.assert(
      fc.property(texts, (text) => {
        const bytes = fromBase64Url(text);
        if (bytes !== undefined) expect(toBase64Url(bytes)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['non-zero trailing bits after one byte', 'AB'],
    ['non-zero trailing bits after two bytes', 'AAB'],
    ['the high trailing bit set after one byte', 'AI'],
    ['padding', 'AA=='],
    ['a single padding character', 'AAA='],
    ['the standard alphabet +', 'a+b_'],
    ['the standard alphabet /', 'a/b-'],
    ['a length of 4k + 1', 'AAAAA'],
    ['a single character', 'A'],
    ['whitespace', 'AA AA'],
    ['a newline', 'AAAA\n'],
    ['a dot', 'AA.A'],
  ])('fromBase64Url rejects %s', (_name, text) => {
    expect(fromBase64Url(text)).toBeUndefined();
  });

  it('fromBase64Url accepts the canonical neighbours of those', () => {
    expect(fromBase64Url('AA')).toEqual(Uint8Array.of(0));
    expect(fromBase64Url('AAA')).toEqual(Uint8Array.of(0, 0));
    expect(fromBase64Url('AQ')).toEqual(Uint8Array.of(1));
    expect(fromBase64Url('_-8')).toEqual(Uint8Array.of(0xff, 0xef));
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('UTF-8', () => {
  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodeUtf8(utf8(text))).toBe(text);
      }),
    );
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['the byte 0xff', [0xff]],
  ])('decodeUtf8 rejects %s', (_name, bytes) => {
    expect(decodeUtf8(Uint8Array.from(bytes))).toBeUndefined();
  });

  it('utf8 writes a lone surrogate as U+FFFD (callers must check well-formedness first)', () => {
    expect(toHex(utf8('\ud800'))).toBe('efbfbd');
  });
});

describe('concatBytes and bytesEqual', () => {
  it('concatenates in order', () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(
      Uint8Array.of(1, 2, 3),
    );
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });

  it('compares length and every byte', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
    expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it('agrees with comparing hex for any pair', () => {
    fc.assert(
      fc.property(anyBytes, anyBytes, (a, b) => {
        expect(bytesEqual(a, b)).toBe(toHex(a) === toHex(b));
        expect(bytesEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
  });
});

describe('fromBase64Url: one spelling per byte string', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('round-trips any bytes, and refuses every other last character that Buffer would decode to them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(fromBase64Url(text)).toEqual(bytes);
        if (text.length === 0) return;
        for (const char of alphabet) {
          const variant = `${text.slice(0, -1)}${char}`;
          if (variant === text) continue;
          const decoded = fromBase64Url(variant);
          if (decoded !== undefined) expect(toBase64Url(decoded)).toBe(variant);
        }
      }),
    );
  });
});
