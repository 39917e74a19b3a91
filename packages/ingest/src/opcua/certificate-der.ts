/**
 * Certificates travel between the meter server, the client adapter and the operator as DER
 * bytes; files may hold PEM. One parser for both, checked by node:crypto, so a trust helper
 * never writes something that is not exactly one X.509 certificate into a trusted folder.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { OpcuaErrorCode } from './opcua-error-codes.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g;

/** DER bytes of the single certificate in `input` (DER bytes, or PEM text/bytes). */
export function certificateDer(input: Uint8Array | string): Outcome<Buffer, OpcuaErrorCode> {
  const text = typeof input === 'string' ? input : null;
  const looksPem =
    text !== null ||
    Buffer.from(input as Uint8Array)
      .subarray(0, 11)
      .toString('latin1') === '-----BEGIN ';
  let der: Buffer;
  if (looksPem) {
    const pem = text ?? Buffer.from(input as Uint8Array).toString('latin1');
    const blocks = [...pem.matchAll(PEM_BLOCK)];
    if (blocks.length !== 1) {
      return failWith(
        'opcua_certificate_invalid',
        `expected one PEM certificate, found ${blocks.length}`,
      );
    }
    der = Buffer.from((blocks[0]?.[1] ?? '').replace(/\s+/g, ''), 'base64');
  } else {
    der = Buffer.from(input as Uint8Array);
  }
  try {
    const parsed = new X509Certificate(der);
    // A DER buffer with trailing bytes (a chain) still parses; insist on exactly one.
    if (!parsed.raw.equals(der)) {
      return failWith('opcua_certificate_invalid', 'the bytes hold more than one certificate');
    }
  } catch (error) {
    return failWith(
      'opcua_certificate_invalid',
      `not an X.509 certificate: ${(error as Error).message}`,
    );
  }
  return ok(der);
}

/** SHA-1 thumbprint in lower-case hex, the way OPC UA stores name trusted certificates. */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex');
}
