/**
 * The claim of `mip-enr/generation-interval@1.0.0`: a device exported `wh` watt-hours in the
 * half-open window [start, end) of at most one hour, read as the difference of two readings of
 * its lifetime energy accumulator (SunSpec model 103 `WH` or model 203 `TotWhExp`, each with its
 * scale factor). The device's attributes follow EnergyTag granular certificates (technology,
 * capacity, location, commissioning date); the meter is named only by the hash of its serial.
 */
import { type Static, Type } from '@sinclair/typebox';
import { TimestampSchema } from '../kernel-parts.js';
import {
  ENERGY_ID_CHARS_MAX,
  ENERGY_RATED_POWER_W_MAX,
  ENERGY_REGISTER_RAW_MAX,
  ENERGY_SCALE_FACTOR_FIELD_ABS_MAX,
} from '../limits.js';

export const ENERGY_GENERATION_MIP = 'mip-enr/generation-interval@1.0.0';
/** The device exported energy to the grid side of its inverter or meter. */
export const ENERGY_PREDICATE = 'exported-energy';
export const ENERGY_UNIT = 'Wh';
/** Technologies this MIP's physics covers (EnergyTag technology names). */
export const ENERGY_TECHNOLOGIES = ['solar-pv'] as const;

/** A SunSpec scale factor field: int16 in the schema; the verifier refuses beyond ±10. */
export const ScaleFactorSchema = Type.Integer({
  minimum: -ENERGY_SCALE_FACTOR_FIELD_ABS_MAX,
  maximum: ENERGY_SCALE_FACTOR_FIELD_ABS_MAX,
});
export const RegisterRawSchema = Type.Integer({ minimum: 0, maximum: ENERGY_REGISTER_RAW_MAX });

/** One accumulator reading as the claim states it: raw register value × 10^sf Wh. */
export const RegisterReadingSchema = Type.Object(
  { raw: RegisterRawSchema, sf: ScaleFactorSchema },
  { additionalProperties: false },
);

export const EnergyDeviceSchema = Type.Object(
  {
    technology: Type.Union(ENERGY_TECHNOLOGIES.map((name) => Type.Literal(name))),
    /** Inverter rated AC output, W. */
    ratedAcPowerW: Type.Number({ exclusiveMinimum: 0, maximum: ENERGY_RATED_POWER_W_MAX }),
    /** PV array nameplate at STC, W (DC). */
    nameplateDcW: Type.Number({ exclusiveMinimum: 0, maximum: ENERGY_RATED_POWER_W_MAX }),
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
      },
      { additionalProperties: false },
    ),
    commissioned: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    /** `sha256:` + hex of the meter serial's SHA-256: the serial itself never travels. */
    meterIdHash: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);

export const EnergyClaimValueSchema = Type.Object(
  {
    wh: Type.Number({ minimum: 0 }),
    register: Type.Object(
      {
        model: Type.Union([Type.Literal(103), Type.Literal(203)]),
        point: Type.Union([Type.Literal('WH'), Type.Literal('TotWhExp')]),
        start: RegisterReadingSchema,
        end: RegisterReadingSchema,
      },
      { additionalProperties: false },
    ),
    device: EnergyDeviceSchema,
  },
  { additionalProperties: false },
);

export const EnergyClaimSchema = Type.Object(
  {
    subject: Type.String({
      pattern: '^[A-Za-z0-9:._-]+$',
      minLength: 1,
      maxLength: ENERGY_ID_CHARS_MAX,
    }),
    predicate: Type.Literal(ENERGY_PREDICATE),
    value: EnergyClaimValueSchema,
    unit: Type.Literal(ENERGY_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'mip-enr-generation-interval-claim' },
);

/** The claim, with the window's timestamps typed as the strings they are. */
export type EnergyClaim = Omit<Static<typeof EnergyClaimSchema>, 'window'> & {
  window: { start: string; end: string };
};
export type EnergyClaimValue = Static<typeof EnergyClaimValueSchema>;
export type EnergyDevice = Static<typeof EnergyDeviceSchema>;

// --- raw evidence (JSON bytes in the producer's vault) ---

const TimeMs = Type.Integer({ minimum: 0, maximum: 8.64e15 });

/** Inverter reads every ~5 min: the accumulator and an instantaneous AC power sample. */
export const RegisterEvidenceSchema = Type.Object(
  {
    model: Type.Union([Type.Literal(103), Type.Literal(203)]),
    point: Type.Union([Type.Literal('WH'), Type.Literal('TotWhExp')]),
    reads: Type.Array(
      Type.Object(
        {
          tMs: TimeMs,
          wh: RegisterRawSchema,
          whSf: ScaleFactorSchema,
          w: Type.Number({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 4096 },
    ),
  },
  { additionalProperties: false },
);

/** The revenue meter's `TotWhExp` reads (SunSpec model 203), and whether it shares the logger. */
export const MeterEvidenceSchema = Type.Object(
  {
    model: Type.Literal(203),
    point: Type.Literal('TotWhExp'),
    sameLogger: Type.Boolean(),
    reads: Type.Array(
      Type.Object(
        { tMs: TimeMs, wh: RegisterRawSchema, whSf: ScaleFactorSchema },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 4096 },
    ),
  },
  { additionalProperties: false },
);

/** Plane-of-array irradiance: each sample is the mean W/m² over the cadence before `tMs`. */
export const IrradianceEvidenceSchema = Type.Object(
  {
    plane: Type.Literal('poa'),
    cadenceMs: Type.Integer({ minimum: 1000, maximum: 3_600_000 }),
    samples: Type.Array(
      Type.Object(
        { tMs: TimeMs, wm2: Type.Number({ minimum: 0, maximum: 2000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 4096 },
    ),
  },
  { additionalProperties: false },
);

export type RegisterEvidence = Static<typeof RegisterEvidenceSchema>;
export type MeterEvidence = Static<typeof MeterEvidenceSchema>;
export type IrradianceEvidence = Static<typeof IrradianceEvidenceSchema>;

/** Wh of a SunSpec reading: raw × 10^sf. */
export function registerWh(raw: number, sf: number): number {
  return raw * 10 ** sf;
}
