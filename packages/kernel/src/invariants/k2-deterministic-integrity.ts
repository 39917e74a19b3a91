/**
 * K2 deterministic integrity: an object's id is the content id of the RFC 8785 canonical bytes of
 * its unsigned body, so any two verifiers given the same bytes compute the same id, and any change
 * to a signed field changes the id and breaks every signature. Key order, whitespace and number
 * spelling (1.0 vs 1) in the input do not matter; meaning does.
 */
import { utf8 } from '../bytes.js';
import { digestOfText } from '../crypto/content-id.js';
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

/** An object's members as [name, `"name":value`] in canonical order. */
export type CanonicalMembers = readonly (readonly [string, string])[];

const unsignedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The same field list gives the same Set (the lists are module constants). */
function unsignedSet(unsigned: readonly string[]): ReadonlySet<string> {
  let set = unsignedSets.get(unsigned);
  if (set === undefined) {
    set = new Set(unsigned);
    unsignedSets.set(unsigned, set);
  }
  return set;
}

/** What the strict reader already produced for an object: its members and its whole text. */
export interface CanonicalText {
  readonly members: CanonicalMembers;
  readonly canonical: string;
}

/** Both forms from text already serialised (by canonicalMembers, or by the strict reader). */
export function canonicalFormOf(
  text: CanonicalText,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
): CanonicalForm {
  const id = digestOfText(assembleObject(text.members, unsignedSet(unsigned)));
  return { id, canonical: utf8(text.canonical) };
}

/** Both forms from one serialisation of each member. */
export function canonicalForm(
  object: object,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
): CanonicalForm {
  const members = canonicalMembers(object as { readonly [key: string]: JsonValue });
  return canonicalFormOf({ members, canonical: assembleObject(members, undefined) }, unsigned);
}

/** `text`, when given, must be the strict reader's canonical text of `object`. */
export function checkContentId(
  object: { readonly id: string },
  mismatchCode: ErrorCode,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
  text?: CanonicalText,
): Result<CanonicalForm> {
  const form =
    text === undefined ? canonicalForm(object, unsigned) : canonicalFormOf(text, unsigned);
  if (form.id !== object.id) return fail(mismatchCode, `id should be ${form.id}`, '/id');
  return ok(form);
}
