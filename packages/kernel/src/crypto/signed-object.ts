/**
 * The shape every signed kernel object shares: a body, `id` = content id of the body, and
 * `signatures` over the domain-separated signing input of that id. Fields named in `unsigned`
 * (always `id` and `signatures`; for proofs also `verifications`) are not part of the body.
 */
import type { JsonValue } from '../json/strict-json.js';
import { contentId } from './content-id.js';
import type { SignedKind } from './signature.js';
import { signingInput } from './signature.js';
import { type Signer, signatureEntry } from './signer.js';

export const UNSIGNED_FIELDS = ['id', 'signatures'] as const;

export type JsonObject = { readonly [key: string]: JsonValue };

export function bodyOf(
  object: JsonObject,
  unsigned: readonly string[] = UNSIGNED_FIELDS,
): JsonObject {
  const body: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(object)) {
    if (!unsigned.includes(key)) body[key] = object[key]!;
  }
  return body;
}

export function idOf(object: JsonObject, unsigned: readonly string[] = UNSIGNED_FIELDS): string {
  return contentId(bodyOf(object, unsigned));
}

/** Adds a signature by `signer`; the object must already carry its id. */
export function withSignature<
  T extends { readonly id: string; readonly signatures: readonly unknown[] },
>(object: T, kind: SignedKind, signer: Signer): T {
  const entry = signatureEntry(signer, signingInput(kind, object.id));
  return { ...object, signatures: [...object.signatures, entry] };
}

/**
 * A new unsigned object from its body fields: any stray `id` or `signatures` in them is dropped,
 * the id is computed, and the signature list starts empty. Sign it with withSignature.
 */
export function sealObject<T extends object>(
  fields: T,
): Omit<T, 'id' | 'signatures'> & { id: string; signatures: [] } {
  const body = bodyOf(fields as unknown as JsonObject) as unknown as Omit<T, 'id' | 'signatures'>;
  return { ...body, id: contentId(body as unknown as JsonObject), signatures: [] };
}
