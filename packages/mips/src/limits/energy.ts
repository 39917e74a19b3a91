/**
 * Bounds and model constants of the energy MIP `mip-enr/generation-interval@1.0.0` (energy/).
 * Each number is either a structural limit of the claim (SunSpec register ranges, the one-hour
 * window) or a parameter of a check's honest/cheating model; docs/spec/mip-energy.md cites them.
 */

/** Longest claim window: one hour (EnergyTag GC Scheme: hourly granular certificates). */
export const ENERGY_WINDOW_MS_MAX = 60 * 60 * 1000;
/** SunSpec scale factors (sunssf) a verifier accepts: 10^−10 … 10^10 (SunSpec Information Model). */
export const ENERGY_SCALE_FACTOR_MIN = -10;
export const ENERGY_SCALE_FACTOR_MAX = 10;
/** Widest raw scale-factor field the schema admits (sunssf is int16); beyond ±10 is refused. */
export const ENERGY_SCALE_FACTOR_FIELD_ABS_MAX = 32767;
/** Largest raw accumulator register value (SunSpec acc32 / acc64, kept within exact doubles). */
export const ENERGY_REGISTER_RAW_MAX = Number.MAX_SAFE_INTEGER;
/** Most readings one evidence piece may carry (5-minute cadence over an hour is 13). */
export const ENERGY_READINGS_MAX = 4096;
/** Largest rated AC power a device may claim, W (utility-scale plant block). */
export const ENERGY_RATED_POWER_W_MAX = 1e9;
/** Longest device or meter id text. */
export const ENERGY_ID_CHARS_MAX = 128;

/** Relative tolerance (1 sd) of nameplate/rated AC power (IEC 62109 / datasheet ±3 %). */
export const ENERGY_RATED_POWER_TOLERANCE = 0.03;
/** Relative sd of the clear-sky ceiling (fixed turbidity, sea level, cloud enhancement). */
export const ENERGY_CLEAR_SKY_CEILING_SD = 0.08;
/** Linke turbidity the ceiling uses: a very clean sky, so the ceiling stays above real skies. */
export const ENERGY_CEILING_LINKE_TURBIDITY = 2;
/** Highest AC performance ratio (DC derate × inverter efficiency) an array reaches. */
export const ENERGY_PERFORMANCE_RATIO_MAX = 0.95;
/** Share of ground-reflected irradiance the ceiling adds on top of direct + diffuse. */
export const ENERGY_CEILING_ALBEDO_SHARE = 0.1;
/** Step of the ceiling's numerical integral over the window, ms. */
export const ENERGY_CEILING_STEP_MS = 60 * 1000;
/** Irradiance of the array's STC rating, W/m² (IEC 61215 standard test conditions). */
export const ENERGY_STC_IRRADIANCE_W_M2 = 1000;

/** Honest AC performance ratio of an array: mean and sd (IEC 61724-1 PR, fleet studies). */
export const ENERGY_PERFORMANCE_RATIO_MEAN = 0.81;
export const ENERGY_PERFORMANCE_RATIO_SD = 0.035;
/** Relative sd of an hourly plane-of-array pyranometer sum (ISO 9060 class A, calibrated). */
export const ENERGY_PYRANOMETER_SD = 0.02;
/** Least expected energy, as a share of rated × duration, for the irradiance ratio to be used. */
export const ENERGY_RATIO_EXPECTED_SHARE_MIN = 0.01;
/** The inflation cheating model: the true energy raised by 5 … 50 %. */
export const ENERGY_INFLATION_LOW = 0.05;
export const ENERGY_INFLATION_HIGH = 0.5;
/** The fabricated-readings model: the ratio measured/expected anywhere in this shift range. */
export const ENERGY_FABRICATED_SHIFT_LOW = -0.7;
export const ENERGY_FABRICATED_SHIFT_HIGH = 1.5;

/** AC losses between the inverter and the revenue meter: mean and sd (cabling, transformer). */
export const ENERGY_METER_LOSS_MEAN = 0.0125;
export const ENERGY_METER_LOSS_SD = 0.004;
/** Relative sd of an inverter's own energy accumulator (inverter metering ±1 %). */
export const ENERGY_INVERTER_METERING_SD = 0.01;
/** Relative sd of a revenue meter (IEC 62053-22 class 0.2 S). */
export const ENERGY_REVENUE_METER_SD = 0.002;
/** Shared-failure weight when the meter is read by the inverter's own data logger. */
export const ENERGY_SHARED_LOGGER_FAILURE = 0.5;

/** Sampling cadence of register, power and irradiance reads, ms (5 minutes). */
export const ENERGY_SAMPLE_CADENCE_MS = 5 * 60 * 1000;
/** Clock error an honest logger keeps within, ms (NTP-disciplined logger: 1 sd). */
export const ENERGY_CLOCK_SD_MS = 5000;
/** The first/last accumulator read must lie within this of the window edge, ms. */
export const ENERGY_EDGE_READ_MS_MAX = 2 * 60 * 1000;
/** Relative sd of the power-sample integral against the accumulator increment. */
export const ENERGY_POWER_INTEGRAL_SD = 0.06;
/** Share of honest 5-minute power samples a logger drops (a gap). */
export const ENERGY_GAP_RATE_HONEST = 0.02;
/** Honest sd of the log ratio (5-min accumulator increment / irradiance-expected energy). */
export const ENERGY_STEP_RATIO_SD = 0.024;
/** Extra sd of ln(step-ratio dispersion) beyond sampling: cloud timing, clipping edges. */
export const ENERGY_STEP_SHAPE_MODEL_SD = 0.15;
/** Least power (share of rating) at which an inverter counts as producing, for step checks. */
export const ENERGY_POWERED_SHARE_MIN = 0.02;
/** Least expected increment, in register quanta, for an unchanged register to count as frozen. */
export const ENERGY_FROZEN_QUANTA_MIN = 3;
