/**
 * Reading a device's X.509 certificate chain (RFC 5280) with node:crypto: splitting the PEM text
 * (RFC 7468) into certificates, reading their validity times, and naming a certificate's P-256
 * public key by its did:key, which is how Mycel trust anchors name a manufacturer CA.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { concatBytes, fromBase64Url } from '../bytes.js';
import { digestOf } from '../crypto/content-id.js';
import { type DidKey, didKeyFromPublicKey } from '../crypto/did-key.js';
import { DEVICE_CHAIN_CERTIFICATES_MAX, DEVICE_CHAIN_PEM_BYTES_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';

const PEM_BLOCK =
  /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

/** The certificates of a PEM chain, leaf first, and the content id of their DER bytes in order. */
export interface ParsedChain {
  readonly certificates: readonly X509Certificate[];
  readonly digest: string;
}

export function parseCertificateChain(pem: string): Result<ParsedChain> {
  if (Buffer.byteLength(pem, 'utf8') > DEVICE_CHAIN_PEM_BYTES_MAX) {
    return fail(
      'device_chain_invalid',
      `a device certificate chain is at most ${DEVICE_CHAIN_PEM_BYTES_MAX} bytes of PEM`,
    );
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  // Only certificate blocks and whitespace: anything else (keys, comments) is refused, not skipped.
  if (pem.replace(PEM_BLOCK, '').trim() !== '' || blocks.length === 0) {
    return fail('device_chain_invalid', 'the chain must be PEM CERTIFICATE blocks only');
  }
  if (blocks.length > DEVICE_CHAIN_CERTIFICATES_MAX) {
    return fail(
      'device_chain_invalid',
      `a device certificate chain holds at most ${DEVICE_CHAIN_CERTIFICATES_MAX} certificates`,
    );
  }
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block[0]));
    } catch {
      return fail('device_chain_invalid', `certificate ${index} of the chain does not parse`);
    }
  }
  const der = concatBytes(...certificates.map((certificate) => new Uint8Array(certificate.raw)));
  return ok({ certificates, digest: digestOf(der) });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// node:crypto prints validity as OpenSSL does (ASN1_TIME_print): `Nov  3 07:31:53 2026 GMT`.
const OPENSSL_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;

/** Milliseconds since the epoch of a certificate validity time, read exactly (no Date parser). */
export function certificateTimeMs(text: string): number | undefined {
  const match = OPENSSL_TIME.exec(text);
  if (match === null) return undefined;
  const month = MONTHS.indexOf(match[1]!);
  if (month < 0) return undefined;
  const [day, hour, minute, second, year] = [2, 3, 4, 5, 6].map((group) => Number(match[group]));
  return Date.UTC(year!, month, day, hour, minute, second);
}

/** The did:key of a P-256 public key (compressed point, SEC 1 §2.3.3), or undefined for others. */
export function p256DidKey(key: KeyObject): DidKey | undefined {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return undefined;
  }
  const jwk = key.export({ format: 'jwk' });
  const x = jwk.x === undefined ? undefined : fromBase64Url(jwk.x);
  const y = jwk.y === undefined ? undefined : fromBase64Url(jwk.y);
  if (x === undefined || y === undefined) return undefined;
  const parity = (y[y.length - 1]! % 2) + 2; // 0x02 even y, 0x03 odd y
  return didKeyFromPublicKey('P-256', concatBytes(Uint8Array.of(parity), x));
}
