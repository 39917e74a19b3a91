/**
 * Parts of the kernel's published schemas that MIP claims reuse as they are: a timestamp, a
 * did:key and an amount (integer minor units as a decimal string, and a currency). The kernel
 * publishes whole protocol objects (PROTOCOL_SCHEMAS); this reads the parts out of them, so a MIP
 * claim spells a time, a key or an amount exactly as proofs and receipts do.
 */
import { PROTOCOL_SCHEMAS } from '@mycel/kernel';
import type { TObject, TSchema } from '@sinclair/typebox';

/** The schema at `path` (property names) inside the published schema `name`. */
function partOf(name: string, ...path: string[]): TSchema {
  let schema = PROTOCOL_SCHEMAS[name];
  for (const property of path) {
    schema = (schema as TObject | undefined)?.properties?.[property];
  }
  if (schema === undefined) {
    throw new Error(`assertion failed: the kernel schema ${name} has no ${path.join('.')}`);
  }
  return schema;
}

/** RFC 3339 UTC, `Z`, at most millisecond precision (proof `issuedAt`). */
export const TimestampSchema = partOf('proof-v1', 'issuedAt');
/** A did:key identifier (proof `attestation.issuer`). */
export const DidSchema = partOf('proof-v1', 'attestation', 'issuer');
/** `{minor, currency}`: integer minor units as a decimal string (receipt `amount`). */
export const AmountSchema = partOf('receipt-v1', 'amount');
/** A list of signature entries `{kid, alg, sig}` (proof `signatures`). */
export const SignaturesSchema = partOf('proof-v1', 'signatures');
/** A MIP id `mip-<domain>/<type>@<semver>` (proof `mip`). */
export const MipIdSchema = partOf('proof-v1', 'mip');
