/**
 * @mycel/mips public surface: the claim schemas and checks of Mycel Interoperable Proof types. The
 * kernel interprets no domain meaning (K6); a verifier hands it a MipCatalog from here. Everything
 * a caller may use is named here; package.json `exports` blocks deep imports.
 */

export * from './agriculture/index.js';
export * from './energy/index.js';
export * from './health/index.js';
export * from './learning/index.js';
export * as mipsLimits from './limits.js';
export * from './manufacturing/index.js';
export type { AssessInput, Assessment } from './mechanism/assess-proof.js';
export { assessProof } from './mechanism/assess-proof.js';
export type { CalibrationOptions, CalibrationReport } from './mechanism/calibration-report.js';
export { calibrationReport, scoreCases } from './mechanism/calibration-report.js';
export { mipContentId, mipDescriptor } from './mechanism/mip-descriptor.js';
export type {
  EvidenceRole,
  GeneratedCase,
  MipModule,
  OpenedEvidence,
  RealityContext,
  RealityInput,
  VectorCase,
} from './mechanism/mip-module.js';
export type { MipRegistry, MipRegistryFields } from './mechanism/mip-registry.js';
export {
  buildMipRegistry,
  checkMipRegistry,
  checkModuleListed,
  MipRegistrySchema,
} from './mechanism/mip-registry.js';
export type { MipStandingInPack } from './mechanism/mip-standing.js';
export { mipCatalog, mipStanding, modulesById } from './mechanism/mip-standing.js';
export type { SuppliedEvidence } from './mechanism/verify-reality.js';
export {
  evidenceBytes,
  evidenceEntry,
  openEvidence,
  verifyCase,
  verifyReality,
} from './mechanism/verify-reality.js';
export type { MipsError, MipsErrorCode, MipsResult } from './mips-error-codes.js';
export { MIPS_ERROR_CODES } from './mips-error-codes.js';
export { MIPS_SCHEMAS } from './mips-schemas.js';
export * from './probability/index.js';
export * from './profiles/index.js';
export { REALITY_MIPS } from './reality-mips.js';
export type { UsageClaimValue, UsageLatencyClass } from './session/usage-claim-schema.js';
export {
  USAGE_LATENCY_CLASSES,
  USAGE_PREDICATE,
  USAGE_UNIT,
  UsageClaimSchema,
  UsageClaimValueSchema,
} from './session/usage-claim-schema.js';
export type { UsageProofFields } from './session/usage-proof.js';
export {
  buildUsageProof,
  checkUsageClaim,
  readUsage,
  SESSION_MIP_CATALOG,
  SESSION_USAGE_MIP,
  usageFee,
} from './session/usage-proof.js';
export type { UsageStage } from './session/usage-signatures.js';
export { checkUsageProof } from './session/usage-signatures.js';
