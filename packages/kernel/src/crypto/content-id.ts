/**
 * Content ids name objects by what they say: `sha256:` followed by the lower-case hex SHA-256 of
 * the RFC 8785 canonical bytes of the object's unsigned body.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../json/canonical-json.js';
import type { JsonValue } from '../json/strict-json.js';

export const CONTENT_ID_PREFIX = 'sha256:';
export const CONTENT_ID_PATTERN = '^sha256:[0-9a-f]{64}$';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function digestOf(bytes: Uint8Array): string {
  return CONTENT_ID_PREFIX + createHash('sha256').update(bytes).digest('hex');
}

export function contentId(body: JsonValue): string {
  return digestOf(canonicalBytes(body));
}
