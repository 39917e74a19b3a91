/** The production-node profiles' public surface, re-exported by the package index. */

export { loadProfile, PRODUCTION_PROFILES } from './profile-catalog.js';
export { type CertifyInput, certifyProducer } from './profile-certify.js';
export { checkProfile } from './profile-check.js';
export {
  PROFILE_ERROR_CODES,
  type ProfileError,
  type ProfileErrorCode,
  type ProfileResult,
} from './profile-error-codes.js';
export {
  type ExampleEvidence,
  type ExampleOptions,
  microgridExample,
  type ProfileExample,
} from './profile-example.js';
export type { ProfileCertification, ProfileFound, ProfileMissing } from './profile-findings.js';
export { PROFILE_INTERFACES, type ProfileInterface } from './profile-interfaces.js';
export {
  CADENCE_PERIODS,
  type CadencePeriod,
  PROFILE_IDS,
  PROFILE_SCHEMA_ID,
  type ProductionProfile,
  ProductionProfileSchema,
  type ProfileCadence,
  type ProfileId,
  type ProfileMip,
} from './profile-schema.js';
