/**
 * Bounds of production-node profiles (profiles/): the size of a profile document, the cadence
 * periods a profile may require, and how much one certification examines. A bound here decides
 * which profiles load and which producers certify; docs/spec/production-profiles.md cites them.
 */

/** Longest profile title, in UTF-16 code units. */
export const PROFILE_TITLE_CHARS_MAX = 120;
/** Longest profile description, in UTF-16 code units. */
export const PROFILE_DESCRIPTION_CHARS_MAX = 2000;
/** Most MIPs one profile requires. */
export const PROFILE_MIPS_MAX = 16;
/** Most evidence roles a profile requires of one MIP's proofs. */
export const PROFILE_EVIDENCE_ROLES_MAX = 16;
/** Most interfaces one profile names (a capability advert lists at most 16). */
export const PROFILE_INTERFACES_MAX = 16;
/** Largest cadence count: more proofs than this per period is a stream, not a cadence. */
export const PROFILE_CADENCE_COUNT_MAX = 100_000;

/**
 * The cadence periods, in ms. A month is 30 days and a year 365: a cadence is a floor on output,
 * so a period that is a little short of the calendar's only makes the floor a little stricter.
 */
export const PROFILE_CADENCE_PERIOD_MS = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
} as const;

/** Most proofs one certification examines (a year of 15-minute intervals is 35 040). */
export const PROFILE_CERTIFY_PROOFS_MAX = 100_000;
/** Most capability adverts one certification examines. */
export const PROFILE_CERTIFY_ADVERTS_MAX = 256;
/** Most findings listed per kind of problem; the rest are counted in one summary finding. */
export const PROFILE_FINDINGS_PER_CODE_MAX = 20;
