/** Building blocks shared by every signed object's schema. */
import { FormatRegistry, Type } from '@sinclair/typebox';
import { CONTENT_ID_PATTERN } from '../crypto/content-id.js';
import { DID_CHARS_MAX, FIELD_CHARS_MAX, MIP_ID_CHARS_MAX } from '../limits.js';
import { MIP_ID_PATTERN } from '../mip/mip-id.js';
import { parseTimestamp, TIMESTAMP_PATTERN } from '../time.js';

export const SCHEMA_BASE_URI = 'https://mycel.dev/schemas/';

export const ContentIdSchema = Type.String({
  pattern: CONTENT_ID_PATTERN,
  description: 'sha256: + lower-case hex SHA-256 of the RFC 8785 canonical bytes',
});

// The pattern alone admits impossible dates such as 2026-02-30; the format check rejects them,
// so every timestamp that passes a schema parses (TypeBox asks this registry for `format`).
FormatRegistry.Set('date-time', (value) => parseTimestamp(value) !== undefined);

export const TimestampSchema = Type.String({
  pattern: TIMESTAMP_PATTERN,
  format: 'date-time',
  description: 'RFC 3339 UTC timestamp ending in Z, at most millisecond precision',
});

export const DidSchema = Type.String({
  pattern: '^did:key:z[1-9A-HJ-NP-Za-km-z]+$',
  maxLength: DID_CHARS_MAX,
  description: 'a did:key identifier',
});

export const KidSchema = Type.String({
  pattern: '^did:key:z[1-9A-HJ-NP-Za-km-z]+#z[1-9A-HJ-NP-Za-km-z]+$',
  maxLength: 2 * DID_CHARS_MAX,
  description: '<identity did:key>#<signing key fingerprint>',
});

export const MipIdSchema = Type.String({
  pattern: MIP_ID_PATTERN,
  maxLength: MIP_ID_CHARS_MAX,
  description: 'mip-<domain>/<type>@<semver>, e.g. mip-energy/generation-interval@1.0.0',
});

export const FieldSchema = Type.String({ minLength: 1, maxLength: FIELD_CHARS_MAX });

export const SignatureSchema = Type.Object(
  {
    kid: KidSchema,
    alg: Type.Union([Type.Literal('Ed25519'), Type.Literal('ES256')]),
    sig: Type.String({
      pattern: '^[A-Za-z0-9_-]{86}$',
      description: '64 bytes, base64url, unpadded',
    }),
  },
  { additionalProperties: false },
);
