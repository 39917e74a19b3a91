import { decodeUtf8 } from '../bytes.js';
import { fail, type Result } from '../result.js';
import {
  type CanonicalRead,
  type JsonValue,
  parseStrictJson,
  readCanonicalJson,
} from './strict-json.js';

/** Strict JSON from raw bytes: invalid UTF-8 is its own error (I-JSON, RFC 7493 §2.1). */
export function parseJsonBytes(bytes: Uint8Array): Result<JsonValue> {
  const text = decodeUtf8(bytes);
  if (text === undefined) return fail('json_invalid_unicode', 'input is not valid UTF-8');
  return parseStrictJson(text);
}

/** Strict JSON from raw bytes, with its canonical text (see readCanonicalJson). */
export function readCanonicalJsonBytes(bytes: Uint8Array): Result<CanonicalRead> {
  const text = decodeUtf8(bytes);
  if (text === undefined) return fail('json_invalid_unicode', 'input is not valid UTF-8');
  return readCanonicalJson(text);
}
