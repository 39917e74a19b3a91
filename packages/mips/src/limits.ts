/**
 * Every bound the MIP checks enforce, in one place. Units are the last word of each name. A bound
 * here is part of a MIP's claim schema: changing it changes which claims verify.
 */

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
