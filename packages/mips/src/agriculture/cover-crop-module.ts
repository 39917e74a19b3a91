/**
 * `mip-agr/practice-cover-crop@1.0.0` as a MipModule: the claim check for the kernel catalog
 * (schema, a closed ring, a small field, a window that ends after it starts) and the reality
 * verifier. An evidence document off its schema or a window over a year is a coded refusal; too
 * few cloud-free passes give a p with the verdict `inconclusive` (`insufficient_evidence`).
 */
import type { Static } from '@sinclair/typebox';
import { COVER_CROP_FIELD_SPAN_M_MAX, COVER_CROP_WINDOW_DAYS_MAX } from '../limits.js';
import type { MipModule, RealityInput } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { formBelief, type RealityResult } from '../probability/belief.js';
import { msOf, readEvidence, schemaChecker } from './agriculture-parts.js';
import { COVER_CROP_CHEATS, COVER_CROP_PRIOR, coverCropChecks } from './cover-crop-checks.js';
import { coverCropCases, coverCropVectors } from './cover-crop-generate.js';
import {
  COVER_CROP_MIP,
  COVER_CROP_NDVI_MEDIA,
  COVER_CROP_PHOTOS_MEDIA,
  COVER_CROP_PREDICATE,
  CoverCropClaimSchema,
  NdviTrajectorySchema,
  PhotoCapturesSchema,
} from './cover-crop-schema.js';
import { spanM } from './field-geometry.js';

type Claim = Static<typeof CoverCropClaimSchema>;
const claimShape = schemaChecker(CoverCropClaimSchema);
const photosShape = schemaChecker(PhotoCapturesSchema);
const ndviShape = schemaChecker(NdviTrajectorySchema);

export function checkCoverCropClaim(claim: unknown): string | undefined {
  const reason = claimShape(claim);
  if (reason !== undefined) return reason;
  const { value, window } = claim as Claim;
  const first = value.ring[0]!;
  const last = value.ring.at(-1)!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return '/value/ring the ring must end where it starts (RFC 7946 §3.1.6)';
  }
  if (spanM(value.ring) > COVER_CROP_FIELD_SPAN_M_MAX) {
    return `/value/ring the field spans over ${COVER_CROP_FIELD_SPAN_M_MAX} m`;
  }
  if (msOf(window.end) <= msOf(window.start)) return '/window the window must end after it starts';
  return undefined;
}

function verifyCoverCrop(input: RealityInput): MipsResult<RealityResult> {
  const claim = input.proof.claim as Claim;
  const photos = readEvidence<typeof PhotoCapturesSchema>(input.evidence, 'photos', photosShape);
  if (!photos.ok) return photos;
  const ndvi = readEvidence<typeof NdviTrajectorySchema>(input.evidence, 'ndvi', ndviShape);
  if (!ndvi.ok) return ndvi;
  const startMs = msOf(claim.window.start);
  const endMs = msOf(claim.window.end);
  if (endMs - startMs > COVER_CROP_WINDOW_DAYS_MAX * 86_400_000) {
    return mipsFail(
      'agriculture_window_too_long',
      `over ${COVER_CROP_WINDOW_DAYS_MAX} days`,
      '/claim/window',
    );
  }
  const judged = coverCropChecks({
    ring: claim.value.ring,
    startMs,
    endMs,
    photos: photos.value.captures,
    passes: ndvi.value.passes,
  });
  return {
    ok: true,
    value: formBelief({
      method: `${COVER_CROP_MIP}#mixture-v1`,
      prior: COVER_CROP_PRIOR,
      checks: judged.checks,
      ...(judged.insufficient ? { inconclusive: 'insufficient_evidence' } : {}),
    }),
  };
}

export const coverCropPracticeMip: MipModule = {
  id: COVER_CROP_MIP,
  title: 'Cover-crop practice: a field had a cover crop during a window',
  standards: [
    'RFC 7946 GeoJSON (field ring, [longitude, latitude])',
    'NDVI (Rouse et al. 1974) from Sentinel-2 L2A surface reflectance, bands B8/B4',
    'Sentinel-2 scene classification (SCL) cloud mask',
  ],
  claimSchema: CoverCropClaimSchema,
  predicates: [COVER_CROP_PREDICATE],
  evidence: [
    {
      role: 'photos',
      mediaType: COVER_CROP_PHOTOS_MEDIA,
      capture:
        "phone photos of the field: each photo's digest, capture time, GPS position and accuracy",
      calibration: 'none',
      required: true,
    },
    {
      role: 'ndvi',
      mediaType: COVER_CROP_NDVI_MEDIA,
      capture:
        "the field's mean NDVI and cloud share per satellite pass, recomputable from public imagery",
      calibration: 'none',
      required: true,
    },
  ],
  prior: COVER_CROP_PRIOR,
  cheatingModels: COVER_CROP_CHEATS,
  checkClaim: checkCoverCropClaim,
  verify: verifyCoverCrop,
  generate: coverCropCases,
  vectors: coverCropVectors,
};
