/** The protocol reading sources of the gateway (OPC UA, Sparkplug B), gathered for the index. */

export * as sourceLimits from '../limits/sources.js';
export { combineReadingSources } from './combined-reading-source.js';
export {
  OpcuaReadingSource,
  type OpcuaReadingSourceOptions,
  revenueMeterNodes,
} from './opcua-reading-source.js';
export { opcuaMeterClock } from './simulated-opcua-meter.js';
export {
  SPARKPLUG_SITE_METRICS,
  SPARKPLUG_SITE_ROLES,
  type SparkplugSite,
  type SparkplugSiteFault,
  type SparkplugSiteOptions,
  startSparkplugSite,
} from './simulated-sparkplug-site.js';
export { type SiteSnapshot, siteSnapshot } from './site-snapshot.js';
export { SOURCE_ERROR_CODES, type SourceErrorCode } from './source-error-codes.js';
export {
  bindRoles,
  type RoleBinding,
  SOURCE_METER_POWER_METRIC,
  type SourceRole,
} from './source-roles.js';
export {
  SparkplugReadingSource,
  type SparkplugReadingSourceOptions,
  type SparkplugReadingSourceStart,
} from './sparkplug-reading-source.js';
