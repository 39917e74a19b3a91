/** The proof envelope, version 1 (docs/spec/proof-envelope.md). */
import { type Static, Type } from '@sinclair/typebox';
import {
  EVIDENCE_PER_PROOF_MAX,
  FIELD_CHARS_MAX,
  PARENTS_PER_PROOF_MAX,
  SIGNATURES_PER_PROOF_MAX,
  VERIFICATIONS_PER_PROOF_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  FieldSchema,
  MipIdSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import { VerificationSchema } from './verification-schema.js';

export const PROOF_VERSION = 1;

export const EVIDENCE_FIELDS = ['digest', 'mediaType', 'vault', 'disclosure'] as const;

export const EvidenceSchema = Type.Object(
  {
    digest: ContentIdSchema,
    mediaType: Type.String({
      pattern: '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$',
      maxLength: 255,
    }),
    vault: FieldSchema,
    disclosure: Type.Union([
      Type.Literal('private'),
      Type.Literal('on-request'),
      Type.Literal('public'),
    ]),
  },
  { additionalProperties: false, description: 'a reference to raw evidence held in a vault (K3)' },
);

export const WindowSchema = Type.Object(
  { start: TimestampSchema, end: TimestampSchema },
  { additionalProperties: false, description: 'half-open interval [start, end)' },
);

export const OutcomePatternSchema = Type.Object(
  {
    before: Type.Unknown(),
    intervention: Type.Unknown(),
    after: Type.Unknown(),
    delta: Type.Unknown(),
  },
  {
    additionalProperties: false,
    description: 'outcome claims: before -> intervention -> after -> delta',
  },
);

export const ClaimSchema = Type.Object(
  {
    subject: FieldSchema,
    predicate: FieldSchema,
    value: Type.Unknown({ description: 'any JSON value; its meaning belongs to the MIP' }),
    unit: Type.Optional(Type.String({ maxLength: 64 })),
    window: Type.Optional(WindowSchema),
    pattern: Type.Optional(OutcomePatternSchema),
  },
  { additionalProperties: false },
);

export const AttestationSchema = Type.Object(
  { issuer: DidSchema, device: Type.Optional(DidSchema), capturedAt: TimestampSchema },
  { additionalProperties: false },
);

export const RefsSchema = Type.Object(
  {
    contract: Type.Optional(ContentIdSchema),
    session: Type.Optional(Type.String({ minLength: 1, maxLength: FIELD_CHARS_MAX })),
    parents: Type.Optional(Type.Array(ContentIdSchema, { maxItems: PARENTS_PER_PROOF_MAX })),
  },
  { additionalProperties: false },
);

export const ProofSchema = Type.Object(
  {
    v: Type.Literal(PROOF_VERSION),
    id: ContentIdSchema,
    mip: MipIdSchema,
    federation: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,62}$' }),
    claim: ClaimSchema,
    attestation: AttestationSchema,
    evidence: Type.Array(EvidenceSchema, { maxItems: EVIDENCE_PER_PROOF_MAX }),
    refs: RefsSchema,
    issuedAt: TimestampSchema,
    expiresAt: Type.Optional(TimestampSchema),
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
    verifications: Type.Array(VerificationSchema, { maxItems: VERIFICATIONS_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}proof-v1.json`,
    title: 'Mycel proof envelope v1',
  },
);

export type Proof = Static<typeof ProofSchema>;
export type ProofBody = Omit<Proof, 'id' | 'signatures' | 'verifications'>;
export type Claim = Static<typeof ClaimSchema>;
export type Evidence = Static<typeof EvidenceSchema>;
