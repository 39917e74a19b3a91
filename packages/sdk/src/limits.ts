/** Every bound the OpenGrid client enforces, named once. Units are the last word of each name. */
import { wireLimits } from '@mycel/wire';

/** Default coordinator when neither the option nor OPENGRID_COORDINATOR names one. */
export const COORDINATOR_URL_DEFAULT = 'http://127.0.0.1:7800';
/** Default bound on openSession as a whole: probing, placement, retries, connecting, attaching. */
export const OPEN_SESSION_TIMEOUT_MS = 15_000;
/** Longest timeoutMs a caller may ask for. */
export const OPEN_SESSION_TIMEOUT_MS_MAX = 10 * 60 * 1000;

/** Attempts at opening a session (the first one included) when the grid pushes back. */
export const OPEN_RETRY_ATTEMPTS_DEFAULT = 4;
/** Most attempts a caller may ask for. */
export const OPEN_RETRY_ATTEMPTS_MAX = 16;
/** First pause between attempts when the grid gives no retryAfterMs; it doubles each attempt. */
export const OPEN_RETRY_BASE_DELAY_MS = 100;
/** Default cap on one pause between attempts (a longer retryAfterMs is cut to it). */
export const OPEN_RETRY_DELAY_MS_DEFAULT = 2_000;
/** Largest cap on one pause a caller may ask for. */
export const OPEN_RETRY_DELAY_MS_MAX = 60_000;

/** Landmarks probed before placement (the coordinator lists at most this many). */
export const LANDMARKS_PROBED_MAX = wireLimits.LANDMARKS_MAX;
/** Pings per landmark; the fastest one counts (the first also pays for the TCP handshake). */
export const LANDMARK_PINGS = 3;
/** One ping that takes longer than this is dropped. */
export const LANDMARK_PING_TIMEOUT_MS = 500;

/** Largest coordinator answer read (session tickets and landmark lists are far smaller). */
export const HTTP_RESPONSE_BYTES_MAX = 256 * 1024;

/** Turns that may wait behind the running one; one more fails with turn_in_progress. */
export const TURNS_QUEUED_MAX = 16;
/** Chunks of one turn held for a caller who does not read them; beyond, the turn is cancelled. */
export const TURN_CHUNKS_BUFFERED_MAX = 10_000;
/** How long close() waits for the node to confirm before dropping the socket. */
export const SESSION_CLOSE_TIMEOUT_MS = 2_000;
/**
 * Default for how often the client pings the node. A ping unanswered by the next one drops the
 * socket (and resumes the session), so a node cut off silently is noticed within two intervals.
 */
export const SESSION_PING_INTERVAL_MS = 10_000;
/** Shortest pingIntervalMs a caller may ask for (tests and the devnet detect partitions fast). */
export const SESSION_PING_INTERVAL_MS_MIN = 50;
/** Longest pingIntervalMs a caller may ask for. */
export const SESSION_PING_INTERVAL_MS_MAX = 5 * 60 * 1000;

/**
 * Default bound on one resume, from losing the node to being attached again: asking the
 * coordinator (which first waits to confirm the node's failure), connecting, attaching.
 */
export const RESUME_TIMEOUT_MS = 30_000;
/** Shortest resume.timeoutMs a caller may ask for. */
export const RESUME_TIMEOUT_MS_MIN = 1;
/** Longest resume.timeoutMs a caller may ask for. */
export const RESUME_TIMEOUT_MS_MAX = 10 * 60 * 1000;
/** First pause between resume requests when the grid gives no retryAfterMs; it doubles. */
export const RESUME_RETRY_BASE_DELAY_MS = 25;
/** Longest pause between two resume requests; a longer retryAfterMs is cut to it. */
export const RESUME_RETRY_DELAY_MS_MAX = 2_000;

/**
 * Slack when checking a node's usage proofs against the time this client has been attached to it:
 * a session's last second is billed once started (docs/spec/settlement.md §1), so an honest
 * node's seconds may exceed the attached time by up to one second; the rest is for clocks that
 * tick at slightly different rates.
 */
export const USAGE_SECONDS_SKEW_MS = 2_000;
/** Countersigned usage proofs a session keeps for the caller (session.usage); the oldest go. */
export const USAGE_PROOFS_KEPT_MAX = 1024;

// --- seed list of coordinators (seed-coordinators.ts; issue 6, H4) ---

/**
 * How long one probe of a seed coordinator may take when a client ranks its seed list; a slower
 * coordinator ranks after those that answered (docs/spec/mmp-switching.md §5).
 */
export const SEED_PROBE_TIMEOUT_MS = 2_000;
