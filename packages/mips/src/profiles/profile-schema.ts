/**
 * The production-node profile, version 1: an open design's promise of what a certified producer
 * emits. It names the MIPs the node must emit and how often, the evidence roles each proof must
 * carry, the interfaces its readings arrive over, how strongly the capturing identity must be
 * attested, and what its capability advert must say. The five profiles are data files
 * (packages/mips/profiles/<id>.json) checked against this schema and against the shipped MIPs.
 */
import { ATTESTATION_LEVELS, SCHEMA_BASE_URI } from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { MipIdSchema } from '../kernel-parts.js';
import {
  PROFILE_CADENCE_COUNT_MAX,
  PROFILE_CADENCE_PERIOD_MS,
  PROFILE_DESCRIPTION_CHARS_MAX,
  PROFILE_EVIDENCE_ROLES_MAX,
  PROFILE_INTERFACES_MAX,
  PROFILE_MIPS_MAX,
  PROFILE_TITLE_CHARS_MAX,
} from '../limits/profiles.js';

/** The profiles this package ships, in the order they are listed. */
export const PROFILE_IDS = [
  'microgrid',
  'microfactory',
  'microfarm',
  'microschool',
  'microclinic',
] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export const PROFILE_SCHEMA_ID = `${SCHEMA_BASE_URI}production-profile-v1.json`;

export const CADENCE_PERIODS = Object.keys(PROFILE_CADENCE_PERIOD_MS) as CadencePeriod[];
export type CadencePeriod = keyof typeof PROFILE_CADENCE_PERIOD_MS;

/** A name: an interface key or an evidence role ('modbus-tcp-sunspec', 'rr-series'). */
const NAME_PATTERN = '^[a-z0-9][a-z0-9.-]{0,63}$';
/** A unit of what is sold, spelled as a capability advert's price unit ('kWh', 'lot'). */
const UNIT_PATTERN = '^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$';
/** A media type, as the proof envelope's evidence entries spell it. */
const MEDIA_TYPE_PATTERN = '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$';

/** The kernel's MIP id schema, typed as the string it is. */
const ProfileMipIdSchema = Type.Unsafe<string>(MipIdSchema);

const TextSchema = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

export const ProfileCadenceSchema = Type.Object(
  {
    atLeast: Type.Integer({ minimum: 1, maximum: PROFILE_CADENCE_COUNT_MAX }),
    per: Type.Union(CADENCE_PERIODS.map((period) => Type.Literal(period))),
  },
  {
    additionalProperties: false,
    description: 'at least `atLeast` usable proofs captured in the period that ends now',
  },
);

export const ProfileEvidenceSchema = Type.Object(
  {
    role: Type.String({ pattern: NAME_PATTERN }),
    mediaType: Type.String({ pattern: MEDIA_TYPE_PATTERN, maxLength: 255 }),
  },
  {
    additionalProperties: false,
    description: "one of the MIP module's evidence roles, which every proof must carry",
  },
);

export const ProfileMipSchema = Type.Object(
  {
    mip: ProfileMipIdSchema,
    cadence: ProfileCadenceSchema,
    evidence: Type.Array(ProfileEvidenceSchema, {
      minItems: 1,
      maxItems: PROFILE_EVIDENCE_ROLES_MAX,
    }),
  },
  { additionalProperties: false, description: 'a MIP the node must emit, exactly this version' },
);

export const ProfileAdvertSchema = Type.Object(
  {
    priceUnit: Type.String({ pattern: UNIT_PATTERN }),
  },
  {
    additionalProperties: false,
    description:
      'the advert names the profile id, lists every required MIP and interface, has a locality, and prices per this unit',
  },
);

export const ProductionProfileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.Literal(PROFILE_SCHEMA_ID)),
    v: Type.Literal(1),
    id: Type.Union(PROFILE_IDS.map((id) => Type.Literal(id))),
    title: TextSchema(PROFILE_TITLE_CHARS_MAX),
    description: TextSchema(PROFILE_DESCRIPTION_CHARS_MAX),
    mips: Type.Array(ProfileMipSchema, { minItems: 1, maxItems: PROFILE_MIPS_MAX }),
    interfaces: Type.Array(Type.String({ pattern: NAME_PATTERN }), {
      minItems: 1,
      maxItems: PROFILE_INTERFACES_MAX,
      uniqueItems: true,
    }),
    attestation: Type.Object(
      { level: Type.Union(ATTESTATION_LEVELS.map((level) => Type.Literal(level))) },
      {
        additionalProperties: false,
        description:
          'least attestation level of the identity that captures each proof: its device, else its issuer',
      },
    ),
    advert: ProfileAdvertSchema,
  },
  {
    additionalProperties: false,
    $id: PROFILE_SCHEMA_ID,
    title: 'Mycel production-node profile v1',
  },
);

export type ProductionProfile = Static<typeof ProductionProfileSchema>;
export type ProfileMip = Static<typeof ProfileMipSchema>;
export type ProfileCadence = Static<typeof ProfileCadenceSchema>;
