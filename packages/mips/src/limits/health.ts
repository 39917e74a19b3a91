/**
 * Bounds of the health MIPs (health/): mip-hlt/hrv-short-term@1.0.0. Gates follow the Task Force
 * of the ESC and NASPE, "Heart rate variability: standards of measurement, physiological
 * interpretation and clinical use", Circulation 1996;93:1043–1065 (here "Task Force 1996"). Model
 * constants (the *_MEAN / *_SD of a feature) describe the case generator's honest and cheating
 * populations; they were measured on generator seed 7, never on the benchmark's seeds 1 and 2.
 */

/** Task Force 1996 §"Time domain": short-term recordings are standardised to 5 minutes. */
export const HEALTH_WINDOW_MS = 300_000;
/** How far the claimed window may differ from 5 minutes (device start/stop latency). */
export const HEALTH_WINDOW_TOLERANCE_MS = 5_000;
/** Least span of the beats (first to last) in a 5-minute recording: at most 5 s of lost edges. */
export const HEALTH_SPAN_MIN_MS = 290_000;
/** Task Force 1996: RR intervals outside a physiological range are artefacts, never NN. */
export const HEALTH_RR_MIN_MS = 300;
export const HEALTH_RR_MAX_MS = 2_000;
/** Malik et al., Eur Heart J 1989;10:1060: an interval differing > 20 % from its reference is not NN. */
export const HEALTH_ARTEFACT_RELATIVE_MAX = 0.2;
/** Intervals in the centred local median that is the 20 % rule's reference (odd). */
export const HEALTH_ARTEFACT_MEDIAN_INTERVALS = 11;
/**
 * Most share of intervals removed as artefacts or ectopic beats before the 5-minute RMSSD / SDNN
 * is undefined: Task Force 1996 requires editing and warns that edited share biases the measures;
 * Peltola, Front Physiol 2012;3:148 shows RMSSD bias above a few per cent. 10 % is this MIP's gate.
 */
export const HEALTH_ARTEFACT_FRACTION_MAX = 0.1;
/** Most RR intervals one series may hold: 5 min at 200 bpm is 1000. */
export const HEALTH_INTERVALS_MAX = 1_200;
/** Least RR intervals for the measures to be defined: 5 min at 30 bpm. */
export const HEALTH_INTERVALS_MIN = 150;
/** Task Force 1996 recommends 250–500 Hz for ECG R-wave fiducial points. */
export const HEALTH_ECG_SAMPLING_HZ_MIN = 250;
/** Choi & Shin, Physiol Meas 2017;38:586: PPG pulse-rate variability is unusable below 25 Hz. */
export const HEALTH_PPG_SAMPLING_HZ_MIN = 25;
export const HEALTH_SAMPLING_HZ_MAX = 10_000;
/** Longest device model text in the device evidence. */
export const HEALTH_DEVICE_MODEL_CHARS_MAX = 64;
/** Largest RMSSD or SDNN a claim may state, ms (far above any resting adult). */
export const HEALTH_METRIC_MS_MAX = 1_000;
/** Claimed RMSSD / SDNN are rounded to 0.1 ms: the honest difference from the recomputation. */
export const HEALTH_CLAIM_ROUNDING_SD_MS = 0.05;
/** The altered-values cheating model: a claimed value off by 3–40 % of the recomputed one. */
export const HEALTH_ALTERED_RELATIVE_MIN = 0.03;
export const HEALTH_ALTERED_RELATIVE_MAX = 0.4;
/** Share of alterations that inflate (the rest deflate). */
export const HEALTH_ALTERED_UP_SHARE = 0.8;
/** Chance an honest device counts its excluded beats differently from this MIP's rule. */
export const HEALTH_ARTEFACT_COUNT_MISMATCH_HONEST = 0.001;
/** Chance a hidden-artefact series happens to hold no artefact the 20 % rule finds. */
export const HEALTH_ARTEFACT_COUNT_MATCH_CHEAT = 0.02;
/** Resting heart rate bounds (bpm) and the uncertainty of those bounds. */
export const HEALTH_RESTING_HR_MAX_BPM = 100;
export const HEALTH_RESTING_HR_MIN_BPM = 40;
export const HEALTH_RESTING_HR_BOUND_SD_BPM = 5;
/** RMSSD / SDNN: √2 for white noise, at most 2; sinus rhythm stays below this bound. */
export const HEALTH_RMSSD_SDNN_RATIO_MAX = 1.8;
export const HEALTH_RMSSD_SDNN_RATIO_BOUND_SD = 0.1;
/** Honest device clock offset of the recording's start from the claimed window start, sd ms. */
export const HEALTH_START_OFFSET_SD_MS = 1_000;
/** A replayed recording's start is anywhere within ± this of the window start (ms). */
export const HEALTH_REPLAY_OFFSET_RANGE_MS = 30 * 24 * 3_600_000;
/** Share of replays whose producer rewrote the recording start to fit the new window. */
export const HEALTH_REPLAY_START_REWRITTEN = 0.3;
/** Share of honest claims made from ECG (the rest PPG); a PPG relabelled as ECG always says ECG. */
export const HEALTH_ECG_SHARE = 0.5;
/**
 * Relative weight of each cheating model among the claims that pass the gates: its share of
 * cheating cases (equal) × the share that passes (replays of other lengths and hidden artefacts
 * above 10 % are refused). Measured on generator seed 7.
 */
export const HEALTH_GATE_PASS_ALTERED = 1;
/** Synthetic series: half white noise, half a pure oscillation (weighed as two sub-models). */
export const HEALTH_GATE_PASS_SYNTHETIC_WHITE = 0.5;
export const HEALTH_GATE_PASS_SYNTHETIC_REGULAR = 0.5;
export const HEALTH_GATE_PASS_ARTEFACTS = 0.39;
export const HEALTH_GATE_PASS_REPLAYED = 0.62;
export const HEALTH_GATE_PASS_PPG_AS_ECG = 1;
/**
 * Series structure: logit of the AR(2) residual share of the NN series. Honest sinus rhythm
 * (respiratory sinus arrhythmia, LF, drift) is predictable; white-noise synthesis is not, a pure
 * oscillation is all too predictable. PPG timing noise makes honest PPG series less predictable.
 * Measured on generator seed 7.
 */
export const HEALTH_AR_LOGIT_ECG_MEAN = 0.0;
export const HEALTH_AR_LOGIT_ECG_SD = 1.05;
export const HEALTH_AR_LOGIT_PPG_MEAN = 1.45;
export const HEALTH_AR_LOGIT_PPG_SD = 1.15;
export const HEALTH_AR_LOGIT_WHITE_MEAN = 5.3;
export const HEALTH_AR_LOGIT_WHITE_SD = 1.4;
/** A pure oscillation on an ECG grid is all but perfectly predictable; a PPG grid's coarse steps hide some of that. */
export const HEALTH_AR_LOGIT_REGULAR_ECG_MEAN = -4.85;
export const HEALTH_AR_LOGIT_REGULAR_ECG_SD = 1.05;
export const HEALTH_AR_LOGIT_REGULAR_PPG_MEAN = -1.4;
export const HEALTH_AR_LOGIT_REGULAR_PPG_SD = 1.4;
/**
 * Timing noise: z = log(P_band) − log(HEALTH_NOISE_BAND_SHARE · q + HEALTH_NOISE_PHYSIOLOGICAL_MS2),
 * P_band the NN series' power (ms²) in 0.42–0.5 cycles per beat, where beat-time jitter lives and
 * sinus rhythm has little power, and q = period² / 12 the sampling grid's quantisation variance.
 * ECG fiducial jitter is ~1 ms; PPG pulse-arrival jitter is 3–10 ms (Schäfer & Vagedes, Int J
 * Cardiol 2013;166:15). A fabricated series has none (too clean) or white noise (too rough).
 * Measured on generator seed 7.
 */
export const HEALTH_NOISE_BAND_SHARE = 0.627;
export const HEALTH_NOISE_PHYSIOLOGICAL_MS2 = 5;
export const HEALTH_NOISE_Z_ECG_MEAN = -0.08;
export const HEALTH_NOISE_Z_ECG_SD = 0.52;
export const HEALTH_NOISE_Z_PPG_MEAN = 0.81;
export const HEALTH_NOISE_Z_PPG_SD = 0.58;
export const HEALTH_NOISE_Z_PPG_AS_ECG_MEAN = 2.37;
export const HEALTH_NOISE_Z_PPG_AS_ECG_SD = 0.65;
export const HEALTH_NOISE_Z_WHITE_ECG_MEAN = 3.5;
export const HEALTH_NOISE_Z_WHITE_ECG_SD = 0.83;
export const HEALTH_NOISE_Z_WHITE_PPG_MEAN = 2.2;
export const HEALTH_NOISE_Z_WHITE_PPG_SD = 1.07;
export const HEALTH_NOISE_Z_REGULAR_ECG_MEAN = -1.98;
export const HEALTH_NOISE_Z_REGULAR_ECG_SD = 0.79;
export const HEALTH_NOISE_Z_REGULAR_PPG_MEAN = -0.31;
export const HEALTH_NOISE_Z_REGULAR_PPG_SD = 0.46;
/** The band (cycles per beat) of the timing-noise check. */
export const HEALTH_NOISE_BAND_LOW = 0.42;
export const HEALTH_NOISE_BAND_HIGH = 0.5;
/** Largest grid multiple of the sampling period the grid check looks for. */
export const HEALTH_GRID_MULTIPLE_MAX = 16;
/** Share of PPG-as-ECG cheats that re-quantise with dither (grid multiple 1). */
export const HEALTH_PPG_AS_ECG_DITHERED = 0.5;
/** RMSSD measurement sd from beat-time jitter, by device class (ms, for settlement). */
export const HEALTH_ECG_TIMING_SD_MS = 1.5;
export const HEALTH_PPG_TIMING_SD_MS = 6;
/** Prior P(claim true) for health producers, and its log-odds sd. */
export const HEALTH_PRIOR_P = 0.5;
export const HEALTH_PRIOR_LOG_ODDS_SD = 0.3;
