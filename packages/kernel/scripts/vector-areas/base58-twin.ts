/**
 * Base58btc (the Bitcoin alphabet) written a second way, with BigInt instead of the kernel's
 * digit arrays: the generator uses it to build malformed did:keys the kernel cannot produce, and
 * the tests use it as an independent check of the kernel's encoding.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE = 58n;

export function encodeBase58Twin(bytes: Uint8Array): string {
  let leadingZeros = 0;
  while (leadingZeros < bytes.length && bytes[leadingZeros] === 0) leadingZeros++;
  let number = 0n;
  for (const byte of bytes) number = number * 256n + BigInt(byte);
  let digits = '';
  while (number > 0n) {
    digits = ALPHABET[Number(number % BASE)] + digits;
    number /= BASE;
  }
  return '1'.repeat(leadingZeros) + digits;
}

export function decodeBase58Twin(text: string): Uint8Array {
  let leadingOnes = 0;
  while (leadingOnes < text.length && text[leadingOnes] === '1') leadingOnes++;
  let number = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`not base58btc: ${JSON.stringify(char)}`);
    number = number * BASE + BigInt(digit);
  }
  const body: number[] = [];
  while (number > 0n) {
    body.unshift(Number(number % 256n));
    number /= 256n;
  }
  return Uint8Array.from([...new Array<number>(leadingOnes).fill(0), ...body]);
}
