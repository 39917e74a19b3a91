/**
 * Every bound a coordination contract enforces (docs/spec/contracts.md). Units are the last word
 * of each name. Kept beside the contract code so the kernel's limits.ts stays the list of
 * envelope bounds; exported from the kernel index as `contractLimits`.
 */

/** Fewest parties a contract names: a buyer and a producer at least. */
export const CONTRACT_PARTIES_MIN = 2;
/** Most parties one contract names (buyer, producers, verifiers, operators, the authority). */
export const CONTRACT_PARTIES_MAX = 32;
/** Most milestones one contract lists; a contract without milestones has one, `main`. */
export const CONTRACT_MILESTONES_MAX = 64;
/** Longest milestone id, in characters. */
export const CONTRACT_MILESTONE_ID_CHARS_MAX = 64;
/** Longest milestone title, reason or note, in UTF-16 code units. */
export const CONTRACT_TEXT_CHARS_MAX = 1024;
/** Longest unit a price is quoted per (`kWh`, `kg`, `h`), in characters. */
export const CONTRACT_UNIT_CHARS_MAX = 32;
/**
 * Longest price per unit, in decimal digits of minor units. With CONTRACT_QUANTITY_INTEGER_DIGITS_MAX
 * it keeps price × quantity of one evidence item far below the kernel's 38-digit amounts.
 */
export const CONTRACT_PRICE_DIGITS_MAX = 18;
/** Most integer digits of a quantity (`12345.5` has 5). */
export const CONTRACT_QUANTITY_INTEGER_DIGITS_MAX = 18;
/**
 * Most fraction digits of a quantity. Quantities are exact decimals scaled by 10^this; an amount
 * is price × quantity rounded down to a whole minor unit (the payer never pays a fraction).
 */
export const CONTRACT_QUANTITY_FRACTION_DIGITS = 6;
/** Most proofs one evidence event names. */
export const CONTRACT_EVIDENCE_PROOFS_MAX = 64;
/**
 * Most proofs one milestone collects (one receipt per evidence item holds at most 64, well inside
 * the kernel's PROOFS_PER_RECEIPT_MAX); bounds what one replay keeps per milestone.
 */
export const CONTRACT_MILESTONE_PROOFS_MAX = 256;
/** Most events one contract's history holds; replay reads them all. */
export const CONTRACT_EVENTS_MAX = 10_000;
/** Longest challenge window: 90 days. */
export const CONTRACT_CHALLENGE_WINDOW_MS_MAX = 90 * 24 * 60 * 60 * 1000;
/**
 * How far an event's `at` may lie after the replay's `nowMs`: clocks of signers disagree a little,
 * but an event dated well in the future would pre-empt deadlines nobody has reached yet.
 */
export const CONTRACT_EVENT_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** The milestone a contract without `milestones` runs. */
export const CONTRACT_DEFAULT_MILESTONE = 'main';
