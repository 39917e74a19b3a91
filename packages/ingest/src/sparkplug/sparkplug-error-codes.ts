/**
 * Every code a caller of the Sparkplug B ingest can get, stable and snake_case. Codes marked
 * "breaks continuity" are also the codes an interval query answers with when the stream behind
 * an interval was not provably unbroken.
 */
import {
  SPARKPLUG_EDGE_NODES_MAX,
  SPARKPLUG_METRICS_PER_PAYLOAD_MAX,
  SPARKPLUG_PAYLOAD_BYTES_MAX,
} from '../limits/sparkplug.js';

export const SPARKPLUG_ERROR_CODES = {
  // Topics and payloads.
  sparkplug_topic_invalid:
    'the topic is not spBv1.0/{group}/{type}/{edge}[/{device}] with a known type and clean ids',
  sparkplug_payload_invalid:
    'the payload bytes are not a Sparkplug B protobuf Payload (breaks continuity)',
  sparkplug_payload_too_large: `the payload is over ${SPARKPLUG_PAYLOAD_BYTES_MAX} bytes (breaks continuity)`,
  sparkplug_metrics_too_many: `the payload has more than ${SPARKPLUG_METRICS_PER_PAYLOAD_MAX} metrics (breaks continuity)`,
  sparkplug_metric_invalid:
    'a metric has no name and no alias, an unknown datatype, or a value that does not fit its datatype',
  sparkplug_metric_unknown:
    'a data metric names an alias or name its birth certificate did not define',
  sparkplug_seq_invalid:
    'a message that must carry seq 0..255 has none or one out of range (breaks continuity)',
  sparkplug_bdseq_missing: 'a birth or death certificate has no bdSeq metric (breaks continuity)',
  // Continuity (each breaks continuity).
  sparkplug_sequence_gap: 'a seq number is not the previous one plus one modulo 256',
  sparkplug_death_mid_interval:
    'a death certificate (NDEATH or DDEATH) arrived inside the interval',
  sparkplug_data_before_birth:
    'data (or a device birth) arrived for a node or device with no live birth',
  sparkplug_rebirth: 'a new birth certificate started another session inside the interval',
  sparkplug_bdseq_mismatch: "a death certificate's bdSeq is not the one of the live birth",
  sparkplug_subscriber_offline:
    'the subscriber lost its broker connection and may have missed messages',
  sparkplug_stream_not_alive: 'the node or device had no live birth at the start of the interval',
  // Interval queries.
  sparkplug_interval_invalid:
    'the interval is not [from, to) with from < to, in integer milliseconds',
  sparkplug_interval_open:
    'the interval has not ended yet, so the stream may still break inside it',
  sparkplug_history_evicted:
    'the interval starts before the oldest history the tracker still holds',
  // Resources and configuration.
  sparkplug_edge_nodes_too_many: `more than ${SPARKPLUG_EDGE_NODES_MAX} edge nodes (or too many devices on one node) to track`,
  sparkplug_device_unknown:
    'no device identity (did:key) is configured for this stream, so no readings are emitted',
  sparkplug_broker_unreachable: 'the MQTT broker did not accept the connection in time',
  sparkplug_edge_node_closed: 'the edge node simulator is no longer connected',
} as const;

export type SparkplugErrorCode = keyof typeof SPARKPLUG_ERROR_CODES;

/** The codes that mean "this interval's readings did not come from one unbroken stream". */
export const SPARKPLUG_BREAK_CODES = [
  'sparkplug_payload_invalid',
  'sparkplug_payload_too_large',
  'sparkplug_metrics_too_many',
  'sparkplug_seq_invalid',
  'sparkplug_bdseq_missing',
  'sparkplug_sequence_gap',
  'sparkplug_death_mid_interval',
  'sparkplug_data_before_birth',
  'sparkplug_rebirth',
  'sparkplug_bdseq_mismatch',
  'sparkplug_subscriber_offline',
] as const satisfies readonly SparkplugErrorCode[];
export type SparkplugBreakCode = (typeof SPARKPLUG_BREAK_CODES)[number];
