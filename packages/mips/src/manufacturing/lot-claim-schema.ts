/**
 * The claim of `mip-mfg/lot-conformance@1.0.0`: lot `subject`, made on `machine` in the window,
 * meets `characteristic` with a process capability Cpk of at least `cpkTarget`; the producer's
 * own Cpk from `sampleSize` measurements is `cpkClaimed` (ISO 22514-2, AIAG PPAP: 1.33 / 1.67).
 */
import { Type } from '@sinclair/typebox';
import { DidSchema, TimestampSchema } from '../kernel-parts.js';
import {
  MFG_CPK_MAX,
  MFG_ID_CHARS_MAX,
  MFG_PART_COUNT_MAX,
  MFG_SAMPLE_SIZE_MAX,
  MFG_SAMPLE_SIZE_MIN,
  MFG_SUBGROUP_SIZE_MAX,
} from '../limits.js';

export const MFG_LOT_CONFORMANCE_MIP = 'mip-mfg/lot-conformance@1.0.0';
export const MFG_LOT_PREDICATE = 'lot-conformance';
/** The claimed quantity is the dimensionless capability index. */
export const MFG_LOT_UNIT = 'cpk';
/** Units a characteristic may be measured in (lengths, the usual dimensional characteristics). */
export const MFG_LENGTH_UNITS = ['mm', 'um', 'in'] as const;

const Id = Type.String({
  pattern: '^[A-Za-z0-9._:/-]+$',
  minLength: 1,
  maxLength: MFG_ID_CHARS_MAX,
});
const Finite = Type.Number({ minimum: -1e9, maximum: 1e9 });

export const MfgCharacteristicSchema = Type.Object(
  {
    name: Id,
    unit: Type.Union(MFG_LENGTH_UNITS.map((unit) => Type.Literal(unit))),
    lsl: Finite,
    usl: Finite,
    nominal: Finite,
  },
  { additionalProperties: false },
);

export const MfgLotClaimValueSchema = Type.Object(
  {
    partNumber: Id,
    characteristic: MfgCharacteristicSchema,
    /** Measurements the Cpk was computed from. */
    sampleSize: Type.Integer({ minimum: MFG_SAMPLE_SIZE_MIN, maximum: MFG_SAMPLE_SIZE_MAX }),
    /** 1: individuals and moving range chart; 2 … 10: X̄-R chart. */
    subgroupSize: Type.Integer({ minimum: 1, maximum: MFG_SUBGROUP_SIZE_MAX }),
    cpkClaimed: Type.Number({ minimum: 0, maximum: MFG_CPK_MAX }),
    cpkTarget: Type.Number({ minimum: 0, maximum: MFG_CPK_MAX }),
    /** Good parts in the lot. */
    partCount: Type.Integer({ minimum: 1, maximum: MFG_PART_COUNT_MAX }),
    machine: DidSchema,
  },
  { additionalProperties: false },
);

export const MfgLotClaimSchema = Type.Object(
  {
    /** The lot id. */
    subject: Id,
    predicate: Type.Literal(MFG_LOT_PREDICATE),
    value: MfgLotClaimValueSchema,
    unit: Type.Literal(MFG_LOT_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export interface MfgCharacteristic {
  readonly name: string;
  readonly unit: (typeof MFG_LENGTH_UNITS)[number];
  readonly lsl: number;
  readonly usl: number;
  readonly nominal: number;
}

export interface MfgLotClaimValue {
  readonly partNumber: string;
  readonly characteristic: MfgCharacteristic;
  readonly sampleSize: number;
  readonly subgroupSize: number;
  readonly cpkClaimed: number;
  readonly cpkTarget: number;
  readonly partCount: number;
  readonly machine: string;
}

export interface MfgLotClaim {
  readonly subject: string;
  readonly predicate: typeof MFG_LOT_PREDICATE;
  readonly value: MfgLotClaimValue;
  readonly unit: typeof MFG_LOT_UNIT;
  readonly window: { readonly start: string; readonly end: string };
}
