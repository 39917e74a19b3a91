/**
 * RFC 8785 (JSON Canonicalization Scheme): members sorted by UTF-16 code units (§3.2.3), no
 * whitespace, numbers in ECMAScript shortest round-trip form (§3.2.2.3, which is what
 * JSON.stringify prints for a finite double, with -0 as 0), strings with minimal escaping
 * (§3.2.2.2, again JSON.stringify's behaviour for well-formed strings). Signatures and content
 * ids are computed over these bytes.
 *
 * Hand-written rather than the `canonicalize` package for one measured reason: a proof's id
 * covers its body while the log stores the whole envelope, and serialising each top-level
 * member once serves both (docs/decisions/0003-canonical-json.md). The package remains the
 * slow twin in the differential test.
 */
import { utf8 } from '../bytes.js';
import type { JsonValue } from './strict-json.js';

export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return canonicalScalar(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]!);
    }
    return `${out}]`;
  }
  return assembleObject(canonicalMembers(value), undefined);
}

export function canonicalBytes(value: JsonValue): Uint8Array {
  return utf8(canonicalJson(value));
}

/** Each member of an object as `"name":value`, in canonical order. */
export function canonicalMembers(object: {
  readonly [key: string]: JsonValue;
}): [string, string][] {
  const keys = Object.keys(object).sort();
  const members: [string, string][] = [];
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue; // absent optional field, as JSON.stringify drops it
    members.push([key, `${canonicalScalar(key)}:${canonicalJson(member)}`]);
  }
  return members;
}

/** Joins members made by canonicalMembers, leaving out the names in `omit`. */
export function assembleObject(
  members: readonly (readonly [string, string])[],
  omit: ReadonlySet<string> | undefined,
): string {
  let out = '{';
  let first = true;
  for (const [key, text] of members) {
    if (omit?.has(key)) continue;
    if (!first) out += ',';
    out += text;
    first = false;
  }
  return `${out}}`;
}

function canonicalScalar(value: string | number | boolean | null): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new Error('assertion failed: canonical JSON has only finite numbers');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' && !value.isWellFormed()) {
    throw new Error('assertion failed: canonical JSON strings are well-formed UTF-16');
  }
  return JSON.stringify(value);
}
