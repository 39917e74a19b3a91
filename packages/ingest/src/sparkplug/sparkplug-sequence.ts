/**
 * The birth/death sequence number (bdSeq) as a Sparkplug B edge node carries it: a metric of its
 * NBIRTH and NDEATH, whose match tells which session a death certificate ends. Kept apart from the
 * tracker because the edge node that publishes births needs the metric's name too.
 */
import type { SparkplugPayload } from './sparkplug-codec.js';

/** The metric a birth certificate carries the birth/death sequence number in. */
export const SPARKPLUG_BDSEQ_METRIC = 'bdSeq';

/** The bdSeq metric's value as a bigint, whatever integer datatype carried it. */
export function bdSeqOf(payload: SparkplugPayload): bigint | undefined {
  const metric = payload.metrics.find((m) => m.name === SPARKPLUG_BDSEQ_METRIC);
  const v = metric?.value;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (metric?.wire?.field === 'long_value') return metric.wire.value;
  if (metric?.wire?.field === 'int_value') return BigInt(metric.wire.value);
  return undefined;
}
