/**
 * K2 deterministic integrity: an object's id is the content id of the RFC 8785 canonical bytes of
 * its unsigned body, so any two verifiers given the same bytes compute the same id, and any change
 * to a signed field changes the id and breaks every signature. Key order, whitespace and number
 * spelling (1.0 vs 1) in the input do not matter; meaning does.
 */
import { utf8 } from '../bytes.js';
import { digestOf } from '../crypto/content-id.js';
import { UNSIGNED_FIELDS } from '../crypto/signed-object.js';
import type { ErrorCode } from '../error-codes.js';
import { assembleObject, canonicalMembers } from '../json/canonical-json.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';

export interface CanonicalForm {
  /** Content id of the unsigned body. */
  readonly id: string;
  /** Canonical bytes of the whole object, signatures included. */
  readonly canonical: Uint8Array;
}

/** Both forms from one serialisation of each member. */
export function canonicalForm(
  object: object,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
): CanonicalForm {
  const members = canonicalMembers(object as { readonly [key: string]: JsonValue });
  const id = digestOf(utf8(assembleObject(members, new Set(unsigned))));
  return { id, canonical: utf8(assembleObject(members, undefined)) };
}

export function checkContentId(
  object: { readonly id: string },
  mismatchCode: ErrorCode,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
): Result<CanonicalForm> {
  const form = canonicalForm(object, unsigned);
  if (form.id !== object.id) return fail(mismatchCode, `id should be ${form.id}`, '/id');
  return ok(form);
}
