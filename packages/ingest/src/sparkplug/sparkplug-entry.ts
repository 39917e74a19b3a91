/** Everything the Sparkplug B ingest exports, gathered so the package index needs one block. */
export * from '../limits/sparkplug.js';
export {
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  type SparkplugMetric,
  type SparkplugMetricInput,
  type SparkplugPayload,
  type SparkplugPayloadInput,
  type SparkplugPropertyValue,
} from './sparkplug-codec.js';
export {
  applyDatatype,
  datatypeName,
  SPARKPLUG_DATATYPES,
  type SparkplugDataTypeName,
  type SparkplugValue,
  type SparkplugWireValue,
} from './sparkplug-datatypes.js';
export {
  type SparkplugEdgeNode,
  type SparkplugEdgeNodeOptions,
  type SparkplugMetricDefinition,
  type SparkplugPublishOverrides,
  startSparkplugEdgeNode,
} from './sparkplug-edge-node.js';
export {
  SPARKPLUG_BREAK_CODES,
  SPARKPLUG_ERROR_CODES,
  type SparkplugBreakCode,
  type SparkplugErrorCode,
} from './sparkplug-error-codes.js';
export {
  SPARKPLUG_UNIT_PROPERTY,
  type SparkplugResolvedMetric,
} from './sparkplug-metric-definitions.js';
export {
  type SparkplugInterval,
  SparkplugReadingLog,
  type SparkplugReadingOptions,
  sparkplugReadings,
} from './sparkplug-readings.js';
export { SPARKPLUG_BDSEQ_METRIC } from './sparkplug-sequence.js';
export { SparkplugStreamTracker } from './sparkplug-stream.js';
export type {
  SparkplugBreak,
  SparkplugContinuity,
  SparkplugReceipt,
} from './sparkplug-stream-results.js';
export {
  type SparkplugSubscriber,
  type SparkplugSubscriberOptions,
  type SparkplugSubscriberStats,
  startSparkplugSubscriber,
} from './sparkplug-subscriber.js';
export {
  parseSparkplugTopic,
  SPARKPLUG_NAMESPACE,
  type SparkplugMessageType,
  type SparkplugStreamRef,
  type SparkplugTopic,
  sparkplugTopic,
} from './sparkplug-topic.js';
