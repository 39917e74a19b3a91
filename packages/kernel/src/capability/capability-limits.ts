/**
 * Every bound a capability advert and the reputation formula use (docs/spec/registry.md). Units
 * are the last word of each name. Kept beside the advert so the kernel's limits.ts stays the
 * list of envelope bounds; exported from the kernel index as `capabilityLimits`.
 */

/** Most MIPs one advert says its producer emits. */
export const CAPABILITY_MIPS_MAX = 64;
/** Most physical interfaces one advert lists (modbus-tcp-sunspec, mqtt-sparkplug-b, opc-ua, …). */
export const CAPABILITY_INTERFACES_MAX = 16;
/** Longest interface name, production-node profile id, or unit, in characters. */
export const CAPABILITY_NAME_CHARS_MAX = 64;
/** Longest locality label (a city or a site name), in UTF-16 code units. */
export const CAPABILITY_LABEL_CHARS_MAX = 128;
/** Longest price per unit, in decimal digits of minor units. */
export const CAPABILITY_PRICE_DIGITS_MAX = 30;
/** Largest capacity amount an advert may state (per hour or per day, in its own unit). */
export const CAPABILITY_CAPACITY_MAX = 1e12;
/**
 * Longest time an advert may stay valid, from issuedAt to expiresAt: about a year. A producer
 * re-signs its advert at least that often, so a registry never ranks a forgotten one.
 */
export const CAPABILITY_VALIDITY_MS_MAX = 366 * 24 * 60 * 60 * 1000;

// Reputation (reputation.ts).
/** Weight of one lost dispute against the producer, in refused proofs. */
export const REPUTATION_DISPUTE_LOST_WEIGHT = 10;
/** Weight of one overturned proof (its value reversed), in refused proofs. */
export const REPUTATION_OVERTURNED_WEIGHT = 10;
/** The lower quantile of the Beta posterior reputation reports (a conservative 5 %). */
export const REPUTATION_QUANTILE = 0.05;
