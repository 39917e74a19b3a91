/**
 * Every bound of the protocol reading sources. Units are the last word of each name. (Kept
 * beside the sources they bound; src/limits/ is shared by the adapters.)
 */

/**
 * Longest wall-clock wait, per read, for a Sparkplug stream to deliver every configured metric
 * for the read time. Messages cross a socket after the clock moves, so a read waits a little;
 * a device that says nothing within this is a missing reading, not a late one.
 */
export const SOURCE_SPARKPLUG_READ_WAIT_MS = 2_000;
/** How often, wall-clock, a waiting Sparkplug read looks again at what arrived. */
export const SOURCE_SPARKPLUG_POLL_MS = 5;
/** Most sources one combined source reads in one poll (a site has a handful of devices). */
export const SOURCE_COMBINED_MAX = 8;
