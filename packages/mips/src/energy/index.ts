/** The energy MIPs' public surface, re-exported by the package index. */

export type { ClearSky } from './clear-sky.js';
export { ceilingIrradiance, clearSkyAt, ineichenPerez, relativeAirmass } from './clear-sky.js';
export { ENERGY_CHEAT_MODELS, type EnergyCheatModel } from './energy-cheat-shares.js';
export {
  ENERGY_GENERATION_MIP,
  ENERGY_PREDICATE,
  ENERGY_TECHNOLOGIES,
  ENERGY_UNIT,
  type EnergyClaim,
  EnergyClaimSchema,
  type EnergyClaimValue,
  type EnergyDevice,
  type IrradianceEvidence,
  IrradianceEvidenceSchema,
  type MeterEvidence,
  MeterEvidenceSchema,
  type RegisterEvidence,
  RegisterEvidenceSchema,
  registerWh,
} from './energy-claim-schema.js';
export { ENERGY_GENERATION_MODULE } from './energy-module.js';
export { ENERGY_EVIDENCE_ROLES, ENERGY_MEDIA_TYPES } from './energy-roles.js';
export {
  ENERGY_METHOD,
  ENERGY_PRIOR,
  ENERGY_SETTLE_QUANTILE,
  verifyGeneration,
} from './energy-verify.js';
export { ENERGY_SOLAR_CONSTANT_W_M2, type SolarPosition, solarPosition } from './solar-position.js';
