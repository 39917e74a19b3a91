/**
 * Bounds of the learning MIPs (learning/): `mip-edu/mastery@1.0.0`. Structural bounds decide which
 * inputs are refused; the model constants below them are the verifier's honest and cheating
 * models, which the case generator draws from (docs/spec/mip-learning.md says where each comes from).
 */

// --- structure: what a mastery claim and its evidence may hold ---

/** Longest window one mastery claim may cover: a school term and a half. */
export const LEARNING_WINDOW_MS_MAX = 180 * 24 * 60 * 60 * 1000;
/**
 * Fewest responses a mastery claim may rest on: mastery is never declared on fewer than three
 * opportunities (the "three correct in a row" floor of tutoring practice); below it the posterior
 * is mostly the item bank's prior.
 */
export const LEARNING_RESPONSES_MIN = 3;
/** Most responses one claim may carry. */
export const LEARNING_RESPONSES_MAX = 2000;
/** Most skills and items one item bank may describe. */
export const LEARNING_SKILLS_MAX = 500;
export const LEARNING_ITEMS_MAX = 5000;
/** Longest skill, item, bank or statement id. */
export const LEARNING_ID_CHARS_MAX = 128;
/** Least and most mastery threshold a claim may name (Corbett & Anderson 1995 used 0.95). */
export const LEARNING_THRESHOLD_MIN = 0.8;
export const LEARNING_THRESHOLD_MAX = 0.999;
/**
 * Non-degenerate knowledge-tracing parameters: P(G) ≤ 0.3 and P(S) ≤ 0.1, the bounds of the
 * Cognitive Tutor fits (Corbett & Anderson 1995) that keep a model out of the degenerate region
 * Baker, Corbett & Aleven (2008) describe; and P(G) + P(S) < 1, without which a correct answer
 * is no evidence of knowing the skill.
 */
export const LEARNING_GUESS_MAX = 0.3;
export const LEARNING_SLIP_MAX = 0.1;
/**
 * Every BKT parameter lies in [this, 1 − this]: a parameter of exactly 0 or 1 makes an answer
 * impossible under the model (the filter would divide by zero), and no fit is that sure.
 */
export const LEARNING_PARAMETER_MIN = 1e-4;
/** Item time norms: the median answer time in seconds and the sd of its natural log. */
export const LEARNING_ITEM_MEDIAN_SECONDS_MIN = 1;
export const LEARNING_ITEM_MEDIAN_SECONDS_MAX = 3600;
export const LEARNING_TIME_LOG_SD_MIN = 0.1;
export const LEARNING_TIME_LOG_SD_MAX = 1.5;
/** Longest single answer duration, in seconds. */
export const LEARNING_DURATION_SECONDS_MAX = 24 * 60 * 60;

// --- the verifier's models (matched by the case generator) ---

/**
 * A claimed P(L) may exceed the recomputed one by at most this (floating-point order of a
 * producer's own recomputation); above it the claim is inflated.
 */
export const LEARNING_POSTERIOR_TOLERANCE = 1e-6;
/** Sd of the settled P(L) from uncertainty in the fitted parameters (Baker et al. 2008 report fit spread of this order). */
export const LEARNING_SETTLE_SD = 0.02;
/** Sd of a learner's own speed on the log-time scale (how much faster or slower than the norm). */
export const LEARNING_SPEED_LOG_SD = 0.35;
/** An answer script: median answer time (s), sd of its log across scripts, and its per-answer jitter. */
export const LEARNING_SCRIPT_MEDIAN_SECONDS = 1.5;
export const LEARNING_SCRIPT_LOG_SD = 0.4;
export const LEARNING_SCRIPT_JITTER_LOG_SD = 0.15;
/** A learner reading from a leaked answer key answers this much faster on the log scale (no deliberation). */
export const LEARNING_KEY_SPEED_LOG_SHIFT = -0.3;
/** Share of answers a script or an answer-key reader gets right (mistyped answers are the rest). */
export const LEARNING_CHEAT_CORRECT_RATE = 0.98;
/**
 * Share of replays that rewrite actor, ids and timestamps consistently: indistinguishable from an
 * honest record in one proof, so they only lower p through this share.
 */
export const LEARNING_REPLAY_REWRITTEN_SHARE = 0.25;
/** The prior: share of mastery claims that are honest, and its sd on the log-odds scale. */
export const LEARNING_PRIOR_P = 0.8;
export const LEARNING_PRIOR_LOG_ODDS_SD = 0.3;
/** Sd of the response-pattern check's log-ratio from model uncertainty (it widens the interval only). */
export const LEARNING_PATTERN_LOG_LR_SD = 0.25;
/** The case generator's tutor gives up on a learner who has not reached mastery after this many answers. */
export const LEARNING_SIMULATION_ANSWERS_MAX = 60;
