/**
 * The capability advert, version 1 (issue 8, docs/spec/registry.md): a producer's signed
 * statement of what it can do — the MIPs it emits, the interfaces its readings arrive over,
 * where it is and at what price per unit. An advert says nothing about quality: a registry ranks
 * it by the producer's verified history (reputation.ts), never by what the advert claims.
 */
import { type Static, Type } from '@sinclair/typebox';
import { FederationIdSchema } from '../invariants/k8-federation-id.js';
import { SIGNATURES_PER_PROOF_MAX } from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  MipIdSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import {
  CAPABILITY_CAPACITY_MAX,
  CAPABILITY_INTERFACES_MAX,
  CAPABILITY_LABEL_CHARS_MAX,
  CAPABILITY_MIPS_MAX,
  CAPABILITY_NAME_CHARS_MAX,
  CAPABILITY_PRICE_DIGITS_MAX,
} from './capability-limits.js';

/** A lower-case name: an interface ('modbus-tcp-sunspec') or a profile id ('microgrid'). */
export const CAPABILITY_NAME_PATTERN = `^[a-z0-9][a-z0-9.-]{0,${CAPABILITY_NAME_CHARS_MAX - 1}}$`;
/** A unit of what is sold: 'kWh', 'kg', 'lesson', 'm3' … letters, digits and . / _ -. */
export const CAPABILITY_UNIT_PATTERN = `^[A-Za-z0-9][A-Za-z0-9./_-]{0,${CAPABILITY_NAME_CHARS_MAX - 1}}$`;
/** Minor units per unit, without leading zeros, so one price has one spelling. */
export const CAPABILITY_PRICE_MINOR_PATTERN = `^(0|[1-9][0-9]{0,${CAPABILITY_PRICE_DIGITS_MAX - 1}})$`;
/** An ISO 4217 alphabetic code. */
export const CAPABILITY_CURRENCY_PATTERN = '^[A-Z]{3}$';
/** Free text without control characters. */
export const CAPABILITY_LABEL_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';

export const CapabilityLocalitySchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS 84 latitude, degrees' }),
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'WGS 84 longitude, degrees' }),
    label: Type.String({
      minLength: 1,
      maxLength: CAPABILITY_LABEL_CHARS_MAX,
      pattern: CAPABILITY_LABEL_PATTERN,
      description: 'the city or site name',
    }),
  },
  { additionalProperties: false },
);

export const CapabilityPriceSchema = Type.Object(
  {
    minor: Type.String({ pattern: CAPABILITY_PRICE_MINOR_PATTERN, description: 'per unit' }),
    currency: Type.String({ pattern: CAPABILITY_CURRENCY_PATTERN }),
    unit: Type.String({ pattern: CAPABILITY_UNIT_PATTERN, description: "e.g. 'kWh'" }),
  },
  { additionalProperties: false, description: 'price per unit in minor units of the currency' },
);

export const CapabilityCapacitySchema = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: CAPABILITY_CAPACITY_MAX }),
    unit: Type.String({ pattern: CAPABILITY_UNIT_PATTERN }),
    per: Type.Union([Type.Literal('hour'), Type.Literal('day')]),
  },
  { additionalProperties: false, description: 'how much it can deliver per hour or per day' },
);

export const CapabilityAdvertSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('capability'),
    id: ContentIdSchema,
    federation: FederationIdSchema,
    producer: DidSchema,
    profile: Type.Optional(
      Type.String({
        pattern: CAPABILITY_NAME_PATTERN,
        description: "a production-node profile id, e.g. 'microgrid'",
      }),
    ),
    mips: Type.Array(MipIdSchema, {
      minItems: 1,
      maxItems: CAPABILITY_MIPS_MAX,
      uniqueItems: true,
      description: 'the MIPs the producer emits',
    }),
    interfaces: Type.Array(Type.String({ pattern: CAPABILITY_NAME_PATTERN }), {
      maxItems: CAPABILITY_INTERFACES_MAX,
      uniqueItems: true,
      description: "e.g. 'modbus-tcp-sunspec', 'mqtt-sparkplug-b', 'opc-ua'",
    }),
    locality: CapabilityLocalitySchema,
    price: CapabilityPriceSchema,
    capacity: Type.Optional(CapabilityCapacitySchema),
    issuedAt: TimestampSchema,
    expiresAt: TimestampSchema,
    signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
  },
  {
    additionalProperties: false,
    $id: `${SCHEMA_BASE_URI}capability-v1.json`,
    title: 'Mycel capability advert v1',
  },
);

export type CapabilityAdvert = Static<typeof CapabilityAdvertSchema>;
export type CapabilityLocality = Static<typeof CapabilityLocalitySchema>;
export type CapabilityPrice = Static<typeof CapabilityPriceSchema>;
export type CapabilityCapacity = Static<typeof CapabilityCapacitySchema>;
