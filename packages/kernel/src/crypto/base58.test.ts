import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { decodeBase58, encodeBase58 } from './base58.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined) throw new Error(`not lower-case hex: ${text}`);
  return bytes;
}

/** The slow twin: base58 of a big-endian number through BigInt, '1' for each leading zero byte. */
function base58ByBigInt(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let number = BigInt(`0x${toHex(bytes) || '0'}`);
  let digits = '';
  while (number > 0n) {
    digits = ALPHABET[Number(number % 58n)] + digits;
    number /= 58n;
  }
  return '1'.repeat(zeros) + digits;
}

// Bitcoin Core src/test/data/base58_encode_decode.json.
const BITCOIN_VECTORS: readonly [string, string][] = [
  ['', ''],
  ['61', '2g'],
  ['626262', 'a3gV'],
  ['636363', 'aPEr'],
  ['73696d706c792061206c6f6e6720737472696e67', '2cFupjhnEsSn59qHXstmK2ffpLv2'],
  ['00eb15231dfceb60925886b67d065299925915aeb172c06647', '1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L'],
  ['516b6fcd0f', 'ABnLTmg'],
  ['bf4f89001e670274dd', '3SEo3LWLoPntC'],
  ['572e4794', '3EFU7m'],
  ['ecac89cad93923c02321', 'EJDM8drfXA6uyA'],
  ['10c8511e', 'Rt5zm'],
  ['00000000000000000000', '1111111111'],
];

describe('base58btc encoding', () => {
  it.each(BITCOIN_VECTORS)('encodes %j as %j (Bitcoin Core vectors)', (bytes, text) => {
    expect(encodeBase58(hex(bytes))).toBe(text);
  });

  it.each(BITCOIN_VECTORS)('decodes %j from %j (Bitcoin Core vectors)', (bytes, text) => {
    expect(toHex(decodeBase58(text)!)).toBe(bytes);
  });

  it('writes one "1" per leading zero byte, and nothing else for them', () => {
    expect(encodeBase58(Uint8Array.of(0))).toBe('1');
    expect(encodeBase58(Uint8Array.of(0, 0, 1))).toBe('112');
    expect(toHex(decodeBase58('111')!)).toBe('000000');
    expect(toHex(decodeBase58('112')!)).toBe('000001');
  });

  it('agrees with a BigInt implementation on any bytes', () => {
    const bytes = fc.uint8Array({ maxLength: 64 });
    fc.assert(
      fc.property(bytes, (value) => {
        expect(encodeBase58(value)).toBe(base58ByBigInt(value));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any bytes, including runs of leading zeros', () => {
    const withZeros = fc
      .tuple(fc.nat({ max: 5 }), fc.uint8Array({ maxLength: 40 }))
      .map(([zeros, rest]) => Uint8Array.from([...new Array<number>(zeros).fill(0), ...rest]));
    fc.assert(
      fc.property(withZeros, (value) => {
        expect(decodeBase58(encodeBase58(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('has exactly one spelling per byte string: any alphabet text round-trips to itself', () => {
    const texts = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 50 });
    fc.assert(
      fc.property(texts, (text) => {
        expect(encodeBase58(decodeBase58(text)!)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('base58btc decoding rejects characters outside the alphabet', () => {
  it.each([
    ['zero', '0'],
    ['capital O', 'O'],
    ['capital I', 'I'],
    ['lower-case l', 'l'],
    ['space', ' '],
    ['plus', '+'],
    ['slash', '/'],
    ['hash', '#'],
    ['non-ASCII digit', '٣'],
  ])('%s', (_name, char) => {
    expect(decodeBase58(char)).toBeUndefined();
    expect(decodeBase58(`2g${char}`)).toBeUndefined();
    expect(decodeBase58(`${char}2g`)).toBeUndefined();
    expect(decodeBase58(`11${char}`)).toBeUndefined();
  });
});
