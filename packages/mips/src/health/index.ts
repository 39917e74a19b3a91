/** The health MIPs' public surface, re-exported by the package index. */

export type { HealthHrvCheatingModel } from './hrv-cases.js';
export { HEALTH_HRV_CHEATING_MODELS } from './hrv-cases.js';
export type {
  HealthDeviceClass,
  HealthHrvClaim,
  HealthHrvValue,
  HealthPosition,
} from './hrv-claim-schema.js';
export {
  checkHealthHrvClaim,
  HEALTH_DEVICE_CLASSES,
  HEALTH_HRV_MIP,
  HEALTH_HRV_PREDICATE,
  HEALTH_HRV_UNIT,
  HEALTH_POSITIONS,
  HEALTH_PSEUDONYM_PATTERN,
  HealthHrvClaimSchema,
  HealthHrvValueSchema,
  healthPseudonym,
} from './hrv-claim-schema.js';
export type { HealthDevice, HealthRrSeries } from './hrv-evidence.js';
export {
  HEALTH_DEVICE_MEDIA_TYPE,
  HEALTH_HRV_EVIDENCE,
  HEALTH_RR_SERIES_MEDIA_TYPE,
  HealthDeviceSchema,
  HealthRrSeriesSchema,
} from './hrv-evidence.js';
export type { HrvMeasures as HealthHrvMeasures } from './hrv-metrics.js';
export {
  artefactFlags as healthArtefactFlags,
  hrvMeasures as healthHrvMeasures,
} from './hrv-metrics.js';
export { HEALTH_HRV_MODULE, HEALTH_HRV_STANDARDS } from './hrv-module.js';
export { HEALTH_HRV_METHOD, HEALTH_HRV_PRIOR, verifyHealthHrv } from './hrv-verify.js';
