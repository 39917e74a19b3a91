/**
 * The SunSpec register map this adapter reads, written from the SunSpec Information Model's
 * model definitions: the 'SunS' marker at holding register 40000, then models back to back, each
 * `[ID, L, L registers of points]`, ending with ID 0xFFFF and L 0. Offsets below count from the
 * first point register (the one after L). Only the points the energy MIP needs are named.
 */

/** Base holding register (0-based protocol address) of the SunSpec map. */
export const SUNSPEC_BASE_ADDRESS = 40000;
/** 'SunS' as two big-endian words: 0x5375 ('Su'), 0x6E53 ('nS'). */
export const SUNSPEC_MARKER = [0x5375, 0x6e53] as const;
/** The end model's ID; its L is 0. */
export const SUNSPEC_END_MODEL_ID = 0xffff;
/** sunssf / int16 value meaning "not implemented". */
export const SUNSPEC_INT16_NOT_IMPLEMENTED = 0x8000;
/** uint16 / enum16 value meaning "not implemented". */
export const SUNSPEC_UINT16_NOT_IMPLEMENTED = 0xffff;
/** acc32 value meaning "not implemented" (an accumulator that was never counted). */
export const SUNSPEC_ACC32_NOT_IMPLEMENTED = 0;

/** Model 1, common: manufacturer, model, options, version, serial, device address. */
export const COMMON_MODEL = {
  id: 1,
  length: 65,
  points: { Mn: 0, Md: 16, Opt: 32, Vr: 40, SN: 48, DA: 64 },
  /** Registers (two characters each) of the string points. */
  strings: { Mn: 16, Md: 16, Opt: 8, Vr: 8, SN: 16 },
} as const;

/** Model 103, three-phase inverter (integer + scale factor). */
export const INVERTER_MODEL = {
  id: 103,
  length: 50,
  points: {
    A: 0,
    AphA: 1,
    AphB: 2,
    AphC: 3,
    A_SF: 4,
    PhVphA: 8,
    V_SF: 11,
    W: 12,
    W_SF: 13,
    Hz: 14,
    Hz_SF: 15,
    /** acc32: high word at 22, low word at 23. */
    WH: 22,
    WH_SF: 24,
    St: 36,
  },
} as const;

/** Model 203, wye-connected three-phase meter. */
export const METER_MODEL = {
  id: 203,
  length: 105,
  points: {
    A: 0,
    A_SF: 4,
    W: 16,
    W_SF: 20,
    /** acc32: total exported real energy, high word at 36. */
    TotWhExp: 36,
    /** acc32: total imported real energy, high word at 44. */
    TotWhImp: 44,
    TotWh_SF: 52,
  },
} as const;

/**
 * Model 302, irradiance (met station): one repeating block of uint16 W/m² points, no scale factor.
 */
export const IRRADIANCE_MODEL = {
  id: 302,
  length: 5,
  points: { GHI: 0, POAI: 1, DFI: 2, DNI: 3, OTI: 4 },
} as const;

/** Models this reader decodes, by ID. */
export const SUNSPEC_KNOWN_MODELS: ReadonlyMap<number, { readonly length: number }> = new Map<
  number,
  { readonly length: number }
>([
  [COMMON_MODEL.id, COMMON_MODEL],
  [INVERTER_MODEL.id, INVERTER_MODEL],
  [METER_MODEL.id, METER_MODEL],
  [IRRADIANCE_MODEL.id, IRRADIANCE_MODEL],
]);

/** Model 103 `St` (operating state) enumeration. */
export const INVERTER_STATES = {
  1: 'off',
  2: 'sleeping',
  3: 'starting',
  4: 'mppt',
  5: 'throttled',
  6: 'shutting-down',
  7: 'fault',
  8: 'standby',
} as const;
export type InverterState = (typeof INVERTER_STATES)[keyof typeof INVERTER_STATES];
