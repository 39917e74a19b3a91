/** The agriculture MIPs' public surface, re-exported by the package index. */
export { AGRICULTURE_PARTIES } from './agriculture-parts.js';
export {
  COLD_CHAIN_CHEATS,
  COLD_CHAIN_OFFSET_DETECTED,
  COLD_CHAIN_PRIOR,
  meanKineticTemperature,
} from './cold-chain-checks.js';
export { coldChainCase, coldChainCases, coldChainVectors } from './cold-chain-generate.js';
export { checkColdChainClaim, coldChainCustodyMip } from './cold-chain-module.js';
export {
  COLD_CHAIN_EVENTS_MEDIA,
  COLD_CHAIN_LOGGER_MEDIA,
  COLD_CHAIN_MIP,
  COLD_CHAIN_PREDICATE,
  COLD_CHAIN_PROBE_METADATA,
  COLD_CHAIN_UNIT,
  ColdChainClaimSchema,
  EpcisDocumentSchema,
  LoggerSchema,
} from './cold-chain-schema.js';
export { COVER_CROP_CHEATS, COVER_CROP_PRIOR } from './cover-crop-checks.js';
export { coverCropCase, coverCropCases, coverCropVectors } from './cover-crop-generate.js';
export { checkCoverCropClaim, coverCropPracticeMip } from './cover-crop-module.js';
export {
  COVER_CROP_MIP,
  COVER_CROP_NDVI_MEDIA,
  COVER_CROP_PHOTOS_MEDIA,
  COVER_CROP_PREDICATE,
  CoverCropClaimSchema,
  NdviTrajectorySchema,
  PhotoCapturesSchema,
} from './cover-crop-schema.js';
export { localPlane, signedDistanceM, spanM } from './field-geometry.js';
