/**
 * The raw evidence of a lot-conformance proof, one JSON document per role: the measurement series
 * (subgroups, each with its time, first machine cycle, gauge and values), the gauges' calibration
 * certificates, the machine's cycle counters at lot start and end, and an optional audit
 * re-measurement. Evidence is attacker-controlled input: each piece is checked against its schema
 * here before any number in it is used.
 */
import type { JsonValue } from '@mycel/kernel';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DidSchema as KernelDid, TimestampSchema as KernelTimestamp } from '../kernel-parts.js';
import {
  MFG_AUDIT_PAIRS_MAX,
  MFG_CYCLE_COUNTER_MAX,
  MFG_GAUGES_MAX,
  MFG_ID_CHARS_MAX,
  MFG_PARTS_PER_CYCLE_MAX,
  MFG_SAMPLE_SIZE_MAX,
  MFG_SUBGROUP_SIZE_MAX,
} from '../limits.js';
import { type MipsErrorCode, type MipsResult, mipsFail } from '../mips-error-codes.js';
import { MFG_LENGTH_UNITS } from './lot-claim-schema.js';

const MEDIA = 'application/vnd.mycel.manufacturing';
export const MFG_SERIES_MEDIA_TYPE = `${MEDIA}.measurement-series+json`;
export const MFG_CERTIFICATES_MEDIA_TYPE = `${MEDIA}.calibration-certificates+json`;
export const MFG_COUNTERS_MEDIA_TYPE = `${MEDIA}.machine-counters+json`;
export const MFG_AUDIT_MEDIA_TYPE = `${MEDIA}.audit-remeasurement+json`;

/** The kernel's timestamp and did:key schemas, typed as the strings they are. */
const TimestampSchema = Type.Unsafe<string>(KernelTimestamp);
const DidSchema = Type.Unsafe<string>(KernelDid);
const Id = Type.String({ minLength: 1, maxLength: MFG_ID_CHARS_MAX });
const Length = Type.Number({ minimum: -1e9, maximum: 1e9 });
const Positive = Type.Number({ exclusiveMinimum: 0, maximum: 1e9 });
const Unit = Type.Union(MFG_LENGTH_UNITS.map((unit) => Type.Literal(unit)));
const Cycle = Type.Integer({ minimum: 0, maximum: MFG_CYCLE_COUNTER_MAX });

export const MfgSeriesSchema = Type.Object(
  {
    characteristic: Id,
    unit: Unit,
    /** Subgroups in time order: m parts made on consecutive cycles, measured on one gauge. */
    subgroups: Type.Array(
      Type.Object(
        {
          /** When the subgroup was measured. */
          at: TimestampSchema,
          /** The machine cycle that made the subgroup's first part. */
          firstCycle: Cycle,
          gauge: Id,
          values: Type.Array(Length, { minItems: 1, maxItems: MFG_SUBGROUP_SIZE_MAX }),
        },
        { additionalProperties: false },
      ),
      { maxItems: MFG_SAMPLE_SIZE_MAX },
    ),
  },
  { additionalProperties: false },
);

export const MfgCertificatesSchema = Type.Object(
  {
    unit: Unit,
    certificates: Type.Array(
      Type.Object(
        {
          gauge: Id,
          certificate: Id,
          validFrom: TimestampSchema,
          validUntil: TimestampSchema,
          /** Expanded uncertainty U (k = 2) of the gauge as used (GUM, ISO 14253-1). */
          expandedUncertainty: Positive,
          /** Repeatability standard deviation from the gauge study (ISO 22514-7, AIAG MSA). */
          repeatability: Positive,
          resolution: Positive,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MFG_GAUGES_MAX },
    ),
  },
  { additionalProperties: false },
);

const CounterRead = Type.Object(
  { at: TimestampSchema, cycle: Cycle },
  { additionalProperties: false },
);

export const MfgCountersSchema = Type.Object(
  {
    machine: DidSchema,
    partsPerCycle: Type.Integer({ minimum: 1, maximum: MFG_PARTS_PER_CYCLE_MAX }),
    start: CounterRead,
    end: CounterRead,
  },
  { additionalProperties: false },
);

export const MfgAuditSchema = Type.Object(
  {
    auditor: DidSchema,
    /** The auditor's expanded uncertainty U (k = 2). */
    expandedUncertainty: Positive,
    remeasured: Type.Array(
      Type.Object(
        {
          /** Index of the re-measured value in the series, counting subgroup by subgroup. */
          index: Type.Integer({ minimum: 0, maximum: MFG_SAMPLE_SIZE_MAX }),
          value: Length,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MFG_AUDIT_PAIRS_MAX },
    ),
  },
  { additionalProperties: false },
);

export type MfgSeries = Static<typeof MfgSeriesSchema>;
export type MfgSubgroup = MfgSeries['subgroups'][number];
export type MfgCertificates = Static<typeof MfgCertificatesSchema>;
export type MfgCertificate = MfgCertificates['certificates'][number];
export type MfgCounters = Static<typeof MfgCountersSchema>;
export type MfgAudit = Static<typeof MfgAuditSchema>;

function parser<T extends TSchema>(schema: T, code: MipsErrorCode, role: string) {
  const compiled = TypeCompiler.Compile(schema);
  return (value: JsonValue | undefined): MipsResult<Static<T>> => {
    if (compiled.Check(value)) return { ok: true, value: value as Static<T> };
    const first = compiled.Errors(value).First();
    return mipsFail(code, `${role}: ${first?.path || '/'} ${first?.message ?? 'malformed'}`);
  };
}

export const parseMfgSeries = parser(MfgSeriesSchema, 'manufacturing_series_invalid', 'series');
export const parseMfgCertificates = parser(
  MfgCertificatesSchema,
  'manufacturing_certificates_invalid',
  'certificates',
);
export const parseMfgCounters = parser(
  MfgCountersSchema,
  'manufacturing_counters_invalid',
  'counters',
);
export const parseMfgAudit = parser(MfgAuditSchema, 'manufacturing_audit_invalid', 'audit');
