/**
 * Content ids name objects by what they say: `sha256:` followed by the lower-case hex SHA-256 of
 * the RFC 8785 canonical bytes of the object's unsigned body. Hashing uses the one-shot
 * crypto.hash, which for kilobyte inputs skips the cost of a Hash object.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.js';
import type { JsonValue } from '../json/strict-json.js';

export const CONTENT_ID_PREFIX = 'sha256:';
export const CONTENT_ID_PATTERN = '^sha256:[0-9a-f]{64}$';

export function sha256(bytes: Uint8Array): Uint8Array {
  const digest = hash('sha256', bytes, 'buffer');
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** Content id of canonical text (hashed as UTF-8, without a separate encoded copy). */
export function digestOfText(text: string): string {
  return CONTENT_ID_PREFIX + hash('sha256', text, 'hex');
}

export function digestOf(bytes: Uint8Array): string {
  return CONTENT_ID_PREFIX + hash('sha256', bytes, 'hex');
}

export function contentId(body: JsonValue): string {
  return digestOfText(canonicalJson(body));
}
