/** The manufacturing MIPs' public surface, re-exported by the package index (names prefixed mfg). */
export { MFG_CHEATING_MODELS } from './lot-checks.js';
export {
  MFG_LENGTH_UNITS,
  MFG_LOT_CONFORMANCE_MIP,
  MFG_LOT_PREDICATE,
  MFG_LOT_UNIT,
  type MfgLotClaim,
  MfgLotClaimSchema,
  type MfgLotClaimValue,
} from './lot-claim-schema.js';
export { MFG_LOT_EVIDENCE_ROLES, mfgLotConformanceModule } from './lot-conformance-module.js';
export {
  MFG_AUDIT_MEDIA_TYPE,
  MFG_CERTIFICATES_MEDIA_TYPE,
  MFG_COUNTERS_MEDIA_TYPE,
  MFG_SERIES_MEDIA_TYPE,
} from './lot-evidence-schema.js';
export {
  generateLotCase as mfgGenerateLotCase,
  generateLotCases as mfgGenerateLotCases,
} from './lot-generator.js';
export {
  MFG_LOT_METHOD,
  MFG_LOT_PRIOR,
  verifyLotConformance as mfgVerifyLotConformance,
} from './lot-verify.js';
export {
  chartSeries as mfgChartSeries,
  cpkOf as mfgCpk,
  cpkStandardError as mfgCpkStandardError,
  westernElectricSignal as mfgWesternElectricSignal,
} from './spc-statistics.js';
