/**
 * The two signed objects of evidence disclosure (K3, docs/spec/evidence-vault.md). A challenge is
 * signed by a federation's dispute authority: it names evidence by digest and assigns the
 * verifiers who may see it until it expires. A disclosure request is signed by one verifier:
 * it asks one vault for one piece of evidence, under one challenge (or none, for public
 * evidence). Neither carries evidence bytes: only digests travel.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  EVIDENCE_CHALLENGE_DIGESTS_MAX,
  EVIDENCE_CHALLENGE_REASON_CHARS_MAX,
  EVIDENCE_CHALLENGE_VERIFIERS_MAX,
  SIGNATURES_PER_PROOF_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import { FederationIdSchema } from './k8-federation-id.js';

export const EvidenceChallengeSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('evidence-challenge'),
    id: ContentIdSchema,
    federation: FederationIdSchema,
    authority: DidSchema,
    digests: Type.Array(ContentIdSchema, {
      minItems: 1,
      maxItems: EVIDENCE_CHALLENGE_DIGESTS_MAX,
      uniqueItems: true,
    }),
    verifiers: Type.Array(DidSchema, {
      minItems: 1,
      maxItems: EVIDENCE_CHALLENGE_VERIFIERS_MAX,
      uniqueItems: true,
    }),
    openedAt: TimestampSchema,
    expiresAt: TimestampSchema,
    reason: Type.Optional(Type.String({ maxLength: EVIDENCE_CHALLENGE_REASON_CHARS_MAX })),
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}evidence-challenge-v1.json`,
    title: 'Mycel evidence challenge v1',
  },
);

export const DisclosureRequestSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('disclosure-request'),
    id: ContentIdSchema,
    digest: ContentIdSchema,
    verifier: DidSchema,
    challenge: Type.Optional(ContentIdSchema),
    requestedAt: TimestampSchema,
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}disclosure-request-v1.json`,
    title: 'Mycel evidence disclosure request v1',
  },
);

export type EvidenceChallenge = Static<typeof EvidenceChallengeSchema>;
export type DisclosureRequest = Static<typeof DisclosureRequestSchema>;
