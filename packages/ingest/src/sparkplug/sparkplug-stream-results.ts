/**
 * What the Sparkplug B stream tracker answers: the receipt of one message (its metrics, the
 * breaks it caused, the problems that did not break the stream), and the continuity verdict on an
 * interval. Kept apart so the subscriber and the readings log can name them without the tracker.
 */
import type { CodedError } from '@mycel/kernel';
import type { SparkplugBreakCode, SparkplugErrorCode } from './sparkplug-error-codes.js';
import type { SparkplugResolvedMetric } from './sparkplug-metric-definitions.js';
import type { SparkplugMessageType, SparkplugStreamRef } from './sparkplug-topic.js';

/** One thing that broke a stream, at the time it was received. */
export interface SparkplugBreak {
  readonly code: SparkplugBreakCode;
  readonly atMs: number;
  readonly group: string;
  readonly edge: string;
  /** Set when only this device's stream broke; absent when the whole edge node's did. */
  readonly device?: string;
  readonly message: string;
}

/** What one received message did. */
export interface SparkplugReceipt {
  readonly type?: SparkplugMessageType;
  readonly ref?: SparkplugStreamRef;
  readonly seq?: number;
  /** The bdSeq of the session the message belongs to. */
  readonly bdSeq?: bigint;
  readonly payloadTimestampMs?: number;
  /** Metrics of births and data of live streams, ready to become readings. */
  readonly metrics: readonly SparkplugResolvedMetric[];
  readonly breaks: readonly SparkplugBreak[];
  /** Problems that did not break the stream (an unknown alias, a bad topic, a full tracker). */
  readonly errors: readonly CodedError<SparkplugErrorCode>[];
}

/** The answer to "was [from, to) covered by one unbroken session of this stream?". */
export type SparkplugContinuity =
  | { readonly continuous: true; readonly bdSeq: bigint }
  | {
      readonly continuous: false;
      readonly code: SparkplugErrorCode;
      readonly message: string;
      readonly atMs?: number;
    };
