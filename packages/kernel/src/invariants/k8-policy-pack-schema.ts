/**
 * The policy pack, version 1 (ARCHITECTURE §4.2): a federation's signed, versioned statement of
 * what it accepts — pinned MIP versions, trust anchors, rules, split defaults and the coordinators
 * of its canopy with the colony each owns (docs/spec/mmp-canopy.md), the combination rule and
 * audit sampling bands (docs/spec/policy-packs.md). Under K8 a
 * federation's own pack alone decides acceptance inside it.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  COORDINATOR_URL_CHARS_MAX,
  COORDINATORS_PER_POLICY_PACK_MAX,
  EVIDENCE_CHALLENGE_TTL_MS_MAX,
  EVIDENCE_RETENTION_DAYS_MAX,
  EVIDENCE_RETENTION_DAYS_MIN,
  MIPS_PER_POLICY_PACK_MAX,
  POLICY_AUDIT_BANDS_MAX,
  POLICY_STAKE_MINOR_DIGITS_MAX,
  POLICY_VERIFIERS_K_MAX,
  RULE_EXPRESSION_CHARS_MAX,
  RULES_PER_POLICY_PACK_MAX,
  SIGNATURES_PER_PROOF_MAX,
  SPLIT_PARTIES_MAX,
  TRUST_ANCHORS_PER_POLICY_PACK_MAX,
} from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  MipIdSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import {
  AMOUNT_MINOR_PATTERN,
  BpsSchema,
  CURRENCY_PATTERN,
  SplitRoleSchema,
} from './k7-receipt-schema.js';
import { FederationIdSchema } from './k8-federation-id.js';

export const TRUST_ANCHOR_ROLES = [
  'hardware-root',
  'revocation-authority',
  'log',
  'verifier',
  // Opens evidence challenges: names the evidence and assigns the verifiers who may see it (K3).
  'dispute-authority',
] as const;
export type TrustAnchorRole = (typeof TRUST_ANCHOR_ROLES)[number];

export const PolicyMipSchema = Type.Object(
  {
    mip: MipIdSchema,
    settleable: Type.Boolean({
      description: 'false: accepted and logged, but mints no value (K6)',
    }),
    pMin: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'least reality-plane p to accept' }),
    ),
  },
  { additionalProperties: false, description: 'one exact MIP version the federation accepts' },
);

export const PolicyTrustAnchorSchema = Type.Object(
  {
    did: DidSchema,
    roles: Type.Array(Type.Union(TRUST_ANCHOR_ROLES.map((role) => Type.Literal(role))), {
      minItems: 1,
      maxItems: TRUST_ANCHOR_ROLES.length,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const PolicyRuleSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }),
    expression: Type.String({
      minLength: 1,
      maxLength: RULE_EXPRESSION_CHARS_MAX,
      description: 'a CEL expression over the decision variables (docs/spec/policy-packs.md)',
    }),
  },
  { additionalProperties: false },
);

export const SplitDefaultSchema = Type.Object(
  { role: SplitRoleSchema, bps: BpsSchema },
  {
    additionalProperties: false,
    description: 'e.g. a NodeCo session fee: owner 7000, operator 2000, protocol 1000',
  },
);

/** A colony id: a short lower-case label, unique within its federation's pack. */
export const COLONY_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,31}$';
export const PolicyCoordinatorSchema = Type.Object(
  {
    did: DidSchema,
    colony: Type.String({ pattern: COLONY_ID_PATTERN }),
    url: Type.Optional(
      Type.String({ pattern: '^https?://', maxLength: COORDINATOR_URL_CHARS_MAX }),
    ),
  },
  {
    additionalProperties: false,
    description: 'a coordinator of the federation and the one colony it owns',
  },
);

/**
 * What the federation's evidence vaults keep and to whom they disclose it (K3,
 * docs/spec/evidence-vault.md). `private` evidence never leaves its vault; `public` evidence is
 * given to anyone; `on-request` evidence is given only to the verifiers a challenge assigns,
 * where the challenge is signed by a trust anchor with the `dispute-authority` role, names the
 * evidence, and has not expired. Raw bytes are deleted `retentionDays` after they were stored.
 */
export const PolicyEvidenceSchema = Type.Object(
  {
    retentionDays: Type.Integer({
      minimum: EVIDENCE_RETENTION_DAYS_MIN,
      maximum: EVIDENCE_RETENTION_DAYS_MAX,
      description: 'days raw evidence bytes are kept after they were stored',
    }),
    onRequestTo: Type.Literal('challenge-verifiers', {
      description: 'who may receive on-request evidence: verifiers an open challenge assigns',
    }),
    challengeTtlMsMax: Type.Integer({
      minimum: 1,
      maximum: EVIDENCE_CHALLENGE_TTL_MS_MAX,
      description: 'longest a challenge may stay open, from openedAt to expiresAt',
    }),
  },
  { additionalProperties: false, description: 'retention and disclosure of raw evidence (K3)' },
);

/**
 * The combination rule (ARCHITECTURE §4.2): a proof is accepted only when at least `verifiersK`
 * distinct trust anchors with the `verifier` role returned `pass` with p ≥ pMin. A MIP's own
 * `pMin` (in `mips`) overrides this one for that MIP (docs/spec/policy-packs.md).
 */
export const PolicyAcceptanceSchema = Type.Object(
  {
    verifiersK: Type.Integer({
      minimum: 1,
      maximum: POLICY_VERIFIERS_K_MAX,
      description: 'least number of distinct verifier anchors that must pass the proof',
    }),
    pMin: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'least p a verifier result needs to count, unless the MIP sets its own',
    }),
  },
  { additionalProperties: false, description: 'k-of-n verifiers, each with p ≥ pMin' },
);

const RateSchema = Type.Number({ minimum: 0, maximum: 1, description: 'a fraction 0..1' });

/** Producers whose reputation is below `below` are audited at least at `rate`. */
export const ReputationBandSchema = Type.Object(
  { below: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), rate: RateSchema },
  { additionalProperties: false },
);

/** Proofs with at least `atLeastMinor` at stake, in `currency`, are audited at least at `rate`. */
export const StakeBandSchema = Type.Object(
  {
    currency: Type.String({ pattern: CURRENCY_PATTERN }),
    atLeastMinor: Type.String({
      pattern: AMOUNT_MINOR_PATTERN,
      maxLength: POLICY_STAKE_MINOR_DIGITS_MAX,
    }),
    rate: RateSchema,
  },
  { additionalProperties: false },
);

/**
 * Audit sampling (docs/spec/policy-packs.md): the rate is the highest of `baseRate` and every
 * band that matches the decision, so band order never matters. An `audit-rate` rule may refine it.
 */
export const PolicyAuditSchema = Type.Object(
  {
    baseRate: RateSchema,
    byReputation: Type.Optional(
      Type.Array(ReputationBandSchema, { minItems: 1, maxItems: POLICY_AUDIT_BANDS_MAX }),
    ),
    byStake: Type.Optional(
      Type.Array(StakeBandSchema, { minItems: 1, maxItems: POLICY_AUDIT_BANDS_MAX }),
    ),
  },
  { additionalProperties: false, description: 'audit sampling rates by reputation and stake' },
);

export const PolicyPackSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('policy-pack'),
    id: ContentIdSchema,
    federation: FederationIdSchema,
    version: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    issuedAt: TimestampSchema,
    mips: Type.Array(PolicyMipSchema, { maxItems: MIPS_PER_POLICY_PACK_MAX }),
    trustAnchors: Type.Array(PolicyTrustAnchorSchema, {
      maxItems: TRUST_ANCHORS_PER_POLICY_PACK_MAX,
    }),
    rules: Type.Optional(Type.Array(PolicyRuleSchema, { maxItems: RULES_PER_POLICY_PACK_MAX })),
    splitDefaults: Type.Optional(
      Type.Array(SplitDefaultSchema, { minItems: 1, maxItems: SPLIT_PARTIES_MAX }),
    ),
    coordinators: Type.Optional(
      Type.Array(PolicyCoordinatorSchema, { maxItems: COORDINATORS_PER_POLICY_PACK_MAX }),
    ),
    evidence: Type.Optional(PolicyEvidenceSchema),
    acceptance: Type.Optional(PolicyAcceptanceSchema),
    audit: Type.Optional(PolicyAuditSchema),
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}policy-pack-v1.json`,
    title: 'Mycel policy pack v1',
  },
);

export type PolicyPack = Static<typeof PolicyPackSchema>;
export type PolicyMip = Static<typeof PolicyMipSchema>;
export type PolicyCoordinator = Static<typeof PolicyCoordinatorSchema>;
export type PolicyEvidence = Static<typeof PolicyEvidenceSchema>;
export type PolicyAcceptance = Static<typeof PolicyAcceptanceSchema>;
export type PolicyAudit = Static<typeof PolicyAuditSchema>;
export type PolicyRule = Static<typeof PolicyRuleSchema>;
