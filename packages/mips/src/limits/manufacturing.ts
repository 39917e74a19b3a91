/**
 * Bounds and model constants of the manufacturing MIP `mip-mfg/lot-conformance@1.0.0`
 * (manufacturing/). Each number is either a structural limit of the claim and its evidence, a rule
 * of the standards the checks follow (ANSI/NCSL Z540.3, ISO 14253-1, ISO 22514-2, Western Electric
 * 1956, Bissell 1990), or a parameter of a check's honest/cheating model, measured on seed-1 cases
 * of the generator (docs/spec/mip-manufacturing.md lists them).
 */

/** Longest production window one lot claim may cover: 31 days. */
export const MFG_WINDOW_MS_MAX = 31 * 24 * 60 * 60 * 1000;
/** Fewest measurements a Cpk is computed from (below this Bissell's normal approximation fails). */
export const MFG_SAMPLE_SIZE_MIN = 12;
/** Most measurements one series may hold. */
export const MFG_SAMPLE_SIZE_MAX = 2000;
/** Largest subgroup of an X̄-R chart (the d2/D4 table of ASTM E2587 goes to 10 here). */
export const MFG_SUBGROUP_SIZE_MAX = 10;
/** Most gauges (and calibration certificates) one lot names. */
export const MFG_GAUGES_MAX = 32;
/** Most audit re-measurements one audit piece may hold. */
export const MFG_AUDIT_PAIRS_MAX = 200;
/** Largest lot, in parts, and largest machine cycle counter value (kept within exact doubles). */
export const MFG_PART_COUNT_MAX = 100_000_000;
export const MFG_CYCLE_COUNTER_MAX = Number.MAX_SAFE_INTEGER;
/** Most parts one machine cycle makes (multi-cavity moulds, multi-spindle lathes). */
export const MFG_PARTS_PER_CYCLE_MAX = 256;
/** Longest id text (lot, part number, gauge, certificate, characteristic name). */
export const MFG_ID_CHARS_MAX = 128;
/** Highest Cpk a claim may state (beyond this a tolerance is effectively unused). */
export const MFG_CPK_MAX = 20;

/** Least test-uncertainty ratio, tolerance span / (2 × expanded uncertainty): ANSI/NCSL Z540.3 4:1. */
export const MFG_TUR_MIN = 4;
/** Clock disagreement allowed between a measurement time and a certificate's validity, ms. */
export const MFG_CALIBRATION_CLOCK_SKEW_MS = 60 * 60 * 1000;
/** Rounding a producer may apply to the claimed Cpk: two decimals, ± half a step (plus float slack). */
export const MFG_CPK_ROUNDING = 0.0051;
/** Largest sampling gap, as a multiple of the median gap between subgroups (edges count double). */
export const MFG_SAMPLING_GAP_RATIO_MAX = 1.5;

/** P(an honest lot fails a near-deterministic check): clock faults, transcription slips. */
export const MFG_HONEST_SLIP_RATE = 1e-4;
/** Share of honest lots scrapped between machine cycles and the good-part count (0 … 3 %). */
export const MFG_SCRAP_SHARE_MAX = 0.03;
/** The part-count inflation model: good parts claimed 5 … 30 % above the machine's cycles. */
export const MFG_COUNT_INFLATION_LOW = 0.05;
export const MFG_COUNT_INFLATION_HIGH = 0.3;
/** The Cpk inflation model: the claimed Cpk above the data's by 0.03 … 1.5. */
export const MFG_CPK_INFLATION_LOW = 0.03;
export const MFG_CPK_INFLATION_HIGH = 1.5;
/** P(the Cpk-inflation cheat's own data already meets the target) (generator: 30 %). */
export const MFG_INFLATED_DATA_MEETS_TARGET = 0.3;
/** P(the cherry-picking cheat states the full sample size while sending fewer values) (50 %). */
export const MFG_CHERRY_SIZE_MISMATCH = 0.5;
/** P(a cherry-picked series shows no sampling gap beyond the allowed ratio) (seed-1 measurement). */
export const MFG_CHERRY_GAPS_HIDDEN = 0.007;
/** P(a fabricated series is less variable than the gauge's repeatability) (seed-1 measurement). */
export const MFG_FABRICATED_BELOW_REPEATABILITY = 0.44;
/**
 * Beta priors of the audit agreement rate (En ≤ 1, ISO/IEC 17043): honest producers agree about
 * 97 % of the time (k = 2 uncertainties, plus quantisation); fabricated values agree about 36 %,
 * as chance allows. Both are beta-binomial maximum-likelihood fits to 1,800 seed-1 audits each.
 */
export const MFG_AUDIT_HONEST_BETA: readonly [number, number] = [77, 2.4];
export const MFG_AUDIT_FABRICATED_BETA: readonly [number, number] = [6.7, 12];
/** Share of generated lots that carry an audit re-measurement: a federation's audit sampling rate. */
export const MFG_AUDIT_SHARE = 0.6;
