/** The shared probability toolkit every MIP forms its confidence with. */
export type {
  BeliefInput,
  Prior,
  RealityResult,
  RealityVerdict,
  SettleQuantity,
} from './belief.js';
export { conservativeQuantity, formBelief } from './belief.js';
export { betaBinomialLogLikelihood, betaCdf, betaQuantile, logBeta, logGamma } from './beta.js';
export type { CalibrationBin, ScoredCase } from './calibration.js';
export {
  brierScore,
  calibrationBins,
  expectedCalibrationError,
  rejectionRates,
  thresholdForFalseRejection,
} from './calibration.js';
export type {
  CheatWeights,
  DensityMixtureInput,
  MixtureFeature,
  MixtureStep,
} from './cheat-mixture.js';
export {
  densityMixtureStep,
  evenCheatWeights,
  logProbability,
  logSumExp,
  mixtureModel,
  mixtureStep,
  passFailModel,
  sequentialMixtureChecks,
} from './cheat-mixture.js';
export type {
  AuditInput,
  EvidenceCheck,
  HardBoundInput,
  LikelihoodRatioInput,
  LogDensity,
} from './evidence-check.js';
export {
  audit,
  corroborated,
  hardBound,
  likelihoodRatio,
  normalModel,
  shiftedNormalModel,
} from './evidence-check.js';
export { clampLogOdds, logit, sigmoid } from './log-odds.js';
export { erfc, logNormalCdf, normalCdf, normalLogPdf, normalQuantile } from './normal.js';
export type { Random } from './random.js';
export { seededRandom } from './random.js';
