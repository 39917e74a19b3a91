/**
 * Every bound the Sparkplug B ingest enforces, so that a broker full of hostile publishers cannot
 * make the subscriber grow without limit. Units are the last word of each name.
 */

/** Largest MQTT payload decoded; a bigger one is refused before protobuf sees it. */
export const SPARKPLUG_PAYLOAD_BYTES_MAX = 256 * 1024;
/** Most metrics one payload may carry. */
export const SPARKPLUG_METRICS_PER_PAYLOAD_MAX = 4096;
/** Longest metric name, in UTF-16 code units. */
export const SPARKPLUG_METRIC_NAME_CHARS_MAX = 1024;
/** Longest group id, edge node id, device id or host id inside a topic, in UTF-16 code units. */
export const SPARKPLUG_ID_CHARS_MAX = 256;
/** Edge nodes (group_id/edge_node_id pairs) one stream tracker follows at once. */
export const SPARKPLUG_EDGE_NODES_MAX = 1024;
/** Devices one edge node may have born at once. */
export const SPARKPLUG_DEVICES_PER_NODE_MAX = 256;
/**
 * Continuity marks (births, deaths, breaks) kept per edge node. When the oldest are dropped the
 * node's history starts later, and an interval before it is answered sparkplug_history_evicted.
 */
export const SPARKPLUG_MARKS_PER_NODE_MAX = 4096;
/** Readings the subscriber keeps for interval queries; the oldest are dropped first. */
export const SPARKPLUG_READINGS_KEPT_MAX = 100_000;
/** Sequence numbers run 0..255 and wrap (Sparkplug 3.0): this is the modulus. */
export const SPARKPLUG_SEQ_MODULUS = 256;
/** How long the subscriber and the edge node simulator wait for the broker's CONNACK. */
export const SPARKPLUG_CONNECT_TIMEOUT_MS = 5_000;
/** MQTT keepalive of the subscriber and the simulator: how soon a silent peer is declared dead. */
export const SPARKPLUG_KEEPALIVE_S = 30;
