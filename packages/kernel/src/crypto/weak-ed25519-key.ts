/**
 * Ed25519 public keys that no one holds a secret for, yet whose "signatures" verify: the points
 * of small order (the eight-torsion subgroup) and encodings that are not canonical (y >= p, or a
 * negative sign on x = 0). RFC 8032 verification accepts signatures under them for messages
 * chosen after the fact, so an identity with such a key would not be attributable (K1). Byte
 * values of the eight small-order points as published with the ristretto255 test vectors and
 * C2SP/CCTV's ed25519 edge-case vectors (the `low_order_A` flag).
 */
import { toHex } from '../bytes.js';

const SMALL_ORDER_POINTS = new Set([
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  // x = 0 with the sign bit set: alternative encodings of the first two points.
  '0100000000000000000000000000000000000000000000000000000000000080',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
]);

/** y (little-endian, sign bit cleared) >= p = 2^255 - 19: a second spelling of y - p. */
function yNotCanonical(key: Uint8Array): boolean {
  if ((key[31]! & 0x7f) !== 0x7f) return false;
  for (let i = 30; i >= 1; i--) if (key[i] !== 0xff) return false;
  return key[0]! >= 0xed;
}

export function isWeakEd25519Key(key: Uint8Array): boolean {
  return yNotCanonical(key) || SMALL_ORDER_POINTS.has(toHex(key));
}
