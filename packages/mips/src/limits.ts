/**
 * Every bound the MIP checks enforce, in one place. Units are the last word of each name. A bound
 * here is part of a MIP's claim schema or verifier: changing it changes which claims verify.
 * Each domain keeps its bounds in limits/<domain>.ts, re-exported here.
 */
export * from './limits/agriculture.js';
export * from './limits/energy.js';
export * from './limits/health.js';
export * from './limits/learning.js';
export * from './limits/manufacturing.js';
export * from './limits/profiles.js';

// --- mip-session/usage (session/usage-claim-schema.ts) ---

/** Most seconds one usage proof may meter: a period is minutes long, a month is far beyond it. */
export const USAGE_SECONDS_MAX = 31 * 24 * 60 * 60;
/** Most turns one usage proof may count. */
export const USAGE_TURNS_MAX = 10_000_000;
/** Longest session id a usage claim names (OpenGrid sids are 22 characters). */
export const USAGE_SESSION_ID_CHARS_MAX = 64;
/** Longest agent reference: a built-in name, `name@version`, or `sha256:<64 hex>`. */
export const USAGE_AGENT_CHARS_MAX = 160;
/** Highest placement epoch a usage claim may name (an exact integer everywhere). */
export const USAGE_EPOCH_MAX = 2 ** 31 - 1;

// --- the probability toolkit (probability/) ---

/** Log-odds are clamped to ±this, so p stays within about 1e-9 of 0 and 1. */
export const LOG_ODDS_ABS_MAX = 20;
/** One check moves the log-odds by at most this much: no single model's tail decides alone. */
export const CHECK_LOG_LR_ABS_MAX = 15;
/** z of the reported interval for p: 1.645 gives a two-sided 90 % interval. */
export const BELIEF_INTERVAL_Z = 1.645;
/** Least p for a `pass` verdict. */
export const VERDICT_PASS_P_MIN = 0.9;
/** Most p for a `fail` verdict; between the two the verdict is `inconclusive`. */
export const VERDICT_FAIL_P_MAX = 0.1;
/** Equal-width bins of the expected calibration error. */
export const CALIBRATION_BINS = 10;

// --- the MIP mechanism (mechanism/) ---

/** Most bytes of one piece of raw evidence a verifier opens. */
export const EVIDENCE_BYTES_MAX = 4 * 1024 * 1024;
/** Most MIPs one registry document lists. */
export const REGISTRY_MIPS_MAX = 256;
/** Longest MIP title a registry entry carries. */
export const REGISTRY_TITLE_CHARS_MAX = 200;
/** Least conservative p (the interval's lower end) to accept when the pack's entry sets no pMin. */
export const DEFAULT_P_MIN = 0.9;
