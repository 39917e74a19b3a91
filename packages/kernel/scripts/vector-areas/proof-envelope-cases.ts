/**
 * proof/ cases about the envelope itself: size and JSON parsing, shape (version, evidence
 * locality, MIP id, schema), the content id and the times. Only the issuer's key is involved.
 */
import { concatBytes, type JsonValue, limits, toHex, utf8 } from '../../src/index.js';
import {
  baseFields,
  NOW_MS,
  type ProofCase,
  proofText,
  STRANGER,
  signedProof,
  textCase,
  withMember,
} from './proof-fixtures.js';

/** Splits `text` around the first occurrence of `marker` (which must occur). */
function splitAt(text: string, marker: string): [string, string] {
  const position = text.indexOf(marker);
  if (position < 0) throw new Error(`marker ${marker} not found`);
  return [text.slice(0, position), text.slice(position + marker.length)];
}

/** Byte and JSON-level damage to the canonical text of the "valid" proof. */
export function parsingCases(): ProofCase[] {
  const text = proofText(signedProof(baseFields()));
  const [open, close] = splitAt(text, '"Alpha-meter-7"');
  return [
    textCase(
      'proof-oversize',
      `The "valid" proof padded with trailing spaces past PROOF_BYTES_MAX (${limits.PROOF_BYTES_MAX} bytes); size is checked before parsing.`,
      text.padEnd(limits.PROOF_BYTES_MAX + 1, ' '),
      'proof_oversize',
    ),
    textCase(
      'json-malformed',
      'The "valid" proof with its last "}" cut off.',
      text.slice(0, -1),
      'json_malformed',
    ),
    textCase(
      'json-duplicate-key',
      'The "valid" proof with a second "v" member: JSON.parse would keep one silently; a signed object must mean one thing.',
      `{"v":1,${text.slice(1)}`,
      'json_duplicate_key',
    ),
    textCase(
      'json-too-deep',
      'A claim value nested 40 arrays deep, beyond JSON_DEPTH_MAX (32).',
      text.replace('"value":1', `"value":${'['.repeat(40)}${']'.repeat(40)}`),
      'json_too_deep',
    ),
    textCase(
      'json-string-too-long',
      'A claim subject of 16385 characters, beyond JSON_STRING_CHARS_MAX (16384).',
      `${open}"${'a'.repeat(16 * 1024 + 1)}"${close}`,
      'json_string_too_long',
    ),
    textCase(
      'json-lone-surrogate-escape',
      'A claim subject holding the escape \\ud800 with no low surrogate after it (RFC 8785 §3.2.2.2 Note).',
      `${open}"meter-\\ud800"${close}`,
      'json_invalid_unicode',
    ),
    {
      name: 'json-invalid-utf8',
      rule: 'A claim subject holding the byte 0xff, which is not UTF-8 (I-JSON, RFC 7493 §2.1); given as proofHex because JSON text cannot carry it.',
      input: {
        nowMs: NOW_MS,
        proofHex: toHex(
          concatBytes(utf8(`${open}"meter-`), Uint8Array.of(0xff), utf8(`"${close}`)),
        ),
      },
      expected: { ok: false, code: 'json_invalid_unicode' },
    },
    textCase(
      'json-number-out-of-range',
      'A claim value of 1e400, which overflows an IEEE 754 double (RFC 8785 §3.2.2.3).',
      text.replace('"value":1', '"value":1e400'),
      'json_number_out_of_range',
    ),
  ];
}

/** Well-formed JSON that is not a well-formed, correctly identified, issuer-signed envelope. */
export function shapeCases(): ProofCase[] {
  const valid = signedProof(baseFields());
  const text = proofText(valid);
  const at = (fields: Parameters<typeof baseFields>[0]) =>
    proofText(signedProof(baseFields(fields)));
  const claim = baseFields().claim;
  return [
    textCase(
      'proof-schema-invalid-not-object',
      'An array instead of an envelope object.',
      '[]',
      'proof_schema_invalid',
    ),
    textCase(
      'proof-version-unsupported',
      'The "valid" proof with "v": 2.',
      text.replace('"v":1', '"v":2'),
      'proof_version_unsupported',
    ),
    textCase(
      'proof-evidence-inline',
      'An evidence entry carrying a "data" member with raw content next to its digest (K3: evidence stays in its vault).',
      proofText(
        withMember(valid, 'evidence', [{ ...baseFields().evidence![0]!, data: 'eyJrV2giOjF9' }]),
      ),
      'proof_evidence_inline',
    ),
    textCase(
      'mip-id-malformed',
      'A signed proof whose mip is "energy-generation", not mip-<domain>/<type>@<semver>.',
      at({ mip: 'energy-generation' }),
      'mip_id_malformed',
    ),
    textCase(
      'proof-schema-invalid-missing-field',
      'The "valid" proof without its "federation" member.',
      proofText(withMember(valid, 'federation', undefined)),
      'proof_schema_invalid',
    ),
    textCase(
      'proof-schema-invalid-unknown-field',
      'The "valid" proof with an extra top-level member "note" (additionalProperties: false).',
      proofText(withMember(valid, 'note', 'hello')),
      'proof_schema_invalid',
    ),
    textCase(
      'proof-id-mismatch',
      'The "valid" proof with its claim value changed from 1 to 2 and id and signatures kept.',
      proofText(withMember(valid, 'claim', { ...claim, value: 2 } as JsonValue)),
      'proof_id_mismatch',
    ),
    textCase(
      'signature-missing',
      'The "valid" proof with no signatures at all.',
      proofText(signedProof(baseFields(), [])),
      'signature_missing',
    ),
    textCase(
      'proof-issuer-signature-missing',
      'A proof signed only by a key other than its issuer (K1).',
      proofText(signedProof(baseFields(), [STRANGER])),
      'proof_issuer_signature_missing',
    ),
  ];
}

/** Signed envelopes whose dates are impossible, contradictory, in the future or past expiry. */
export function timeCases(): ProofCase[] {
  const at = (fields: Parameters<typeof baseFields>[0]) =>
    proofText(signedProof(baseFields(fields)));
  const claim = baseFields().claim;
  return [
    textCase(
      'proof-schema-invalid-impossible-date',
      'A signed proof issued on 2026-02-30, which matches the timestamp pattern but is no date.',
      at({ issuedAt: '2026-02-30T07:31:53Z' }),
      'proof_schema_invalid',
    ),
    textCase(
      'proof-issued-in-future',
      'A signed proof issued at 2026-11-28T08:05:01Z, more than CLOCK_SKEW_MS_MAX (5 minutes) after the verifier clock.',
      at({ issuedAt: '2026-11-28T08:05:01Z' }),
      'proof_issued_in_future',
    ),
    textCase(
      'proof-times-inconsistent-window',
      'A signed proof whose claim window ends before it starts.',
      at({
        claim: { ...claim, window: { start: '2026-11-28T07:30:00Z', end: '2026-11-28T07:00:00Z' } },
      }),
      'proof_times_inconsistent',
    ),
    textCase(
      'proof-times-inconsistent-expiry',
      'A signed proof that expires before it was issued.',
      at({ expiresAt: '2026-11-28T07:00:00Z' }),
      'proof_times_inconsistent',
    ),
    textCase(
      'proof-expired',
      'A signed proof that expired at 2026-11-28T07:59:59Z, one second before the verifier clock.',
      at({ expiresAt: '2026-11-28T07:59:59Z' }),
      'proof_expired',
    ),
  ];
}
