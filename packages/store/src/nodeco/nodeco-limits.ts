/** Every bound the NodeCo store enforces. Units are the last word of each name. */

/**
 * Largest NodeCo record or share transfer, in bytes of its canonical JSON (RFC 8785). The
 * kernel's DOCUMENT_BYTES_MAX: a record of SPLIT_PARTIES_MAX owners with long DIDs, payout
 * addresses and post-quantum signatures stays well inside it.
 */
export const NODECO_DOCUMENT_BYTES_MAX = 256 * 1024;
/**
 * Deepest nesting of arrays and objects in a stored document: the kernel's JSON_DEPTH_MAX, so a
 * document the kernel's strict reader accepted is never refused here for its depth.
 */
export const NODECO_DOCUMENT_DEPTH_MAX = 32;
/** Longest node DID, record id or transfer id: the kernel's DID_CHARS_MAX. */
export const NODECO_ID_CHARS_MAX = 256;
/**
 * Most share transfers one node's history holds. documents() returns the whole history (the
 * kernel replays it to know who holds what when), so it must stay a size one read can carry.
 */
export const NODECO_TRANSFERS_PER_NODE_MAX = 10_000;
