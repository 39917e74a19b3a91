/** Identity documents, key-rotation statements and revocation lists, version 1. */
import { type Static, Type } from '@sinclair/typebox';
import { FIELD_CHARS_MAX, REVOCATION_ENTRIES_MAX, SIGNATURES_PER_PROOF_MAX } from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';

const Signatures = Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX });

export const ATTESTATION_LEVELS = ['software', 'tpm', 'secure-enclave'] as const;
export type AttestationLevel = (typeof ATTESTATION_LEVELS)[number];

export const IdentityDocumentSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('identity'),
    id: ContentIdSchema,
    subject: DidSchema,
    role: Type.Union(
      ['node', 'device', 'person', 'organization', 'coordinator', 'federation', 'log'].map((role) =>
        Type.Literal(role),
      ),
    ),
    name: Type.Optional(Type.String({ maxLength: FIELD_CHARS_MAX })),
    attestation: Type.Object(
      {
        level: Type.Union(ATTESTATION_LEVELS.map((level) => Type.Literal(level))),
        root: Type.Optional(DidSchema),
        evidence: Type.Optional(ContentIdSchema),
      },
      {
        additionalProperties: false,
        description: 'hardware levels name the root that endorses the key',
      },
    ),
    calibration: Type.Optional(
      Type.Object(
        { certificate: ContentIdSchema, issuer: DidSchema, validUntil: TimestampSchema },
        {
          additionalProperties: false,
          description: 'for measuring devices: the calibration record',
        },
      ),
    ),
    issuedAt: TimestampSchema,
    validUntil: Type.Optional(TimestampSchema),
    signatures: Signatures,
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}identity-v1.json`,
    title: 'Mycel identity document v1',
  },
);

export const KeyRotationSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('key-rotation'),
    id: ContentIdSchema,
    subject: DidSchema,
    previous: DidSchema,
    next: DidSchema,
    effectiveAt: TimestampSchema,
    signatures: Signatures,
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}key-rotation-v1.json`,
    title: 'Mycel key rotation v1',
  },
);

export const REVOCATION_REASONS = ['compromised', 'superseded', 'retired', 'unspecified'] as const;

export const RevocationListSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('revocation-list'),
    id: ContentIdSchema,
    issuer: DidSchema,
    sequence: Type.Integer({ minimum: 0 }),
    issuedAt: TimestampSchema,
    entries: Type.Array(
      Type.Object(
        {
          key: DidSchema,
          revokedAt: TimestampSchema,
          reason: Type.Union(REVOCATION_REASONS.map((reason) => Type.Literal(reason))),
        },
        { additionalProperties: false },
      ),
      { maxItems: REVOCATION_ENTRIES_MAX },
    ),
    signatures: Signatures,
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}revocation-list-v1.json`,
    title: 'Mycel revocation list v1',
  },
);

export type IdentityDocument = Static<typeof IdentityDocumentSchema>;
export type KeyRotation = Static<typeof KeyRotationSchema>;
export type RevocationList = Static<typeof RevocationListSchema>;
