/**
 * The checks of `mip-agr/practice-cover-crop@1.0.0`: where the photos were taken (inside the
 * field, allowing for GPS accuracy), when (inside the window), and whether the field's NDVI
 * after establishment looks like a cover-crop canopy or like bare soil. The features are weighed
 * against the mixture of cheating models (probability/cheat-mixture.ts); every model number is stated here
 * and in docs/spec/mip-agriculture.md, and it is the case generator's (cover-crop-generate.ts).
 */
import type { Static } from '@sinclair/typebox';
import {
  COVER_CROP_CAPTURE_SLACK_MS,
  COVER_CROP_CLOUD_FRACTION_MAX,
  COVER_CROP_ESTABLISHMENT_DAYS,
  COVER_CROP_USABLE_PASSES_MIN,
} from '../limits.js';
import {
  logProbability as logP,
  type MixtureFeature,
  sequentialMixtureChecks,
} from '../probability/cheat-mixture.js';
import { type EvidenceCheck, hardBound } from '../probability/evidence-check.js';
import { normalLogPdf } from '../probability/normal.js';
import { msOf } from './agriculture-parts.js';
import type { NdviTrajectorySchema, PhotoCapturesSchema } from './cover-crop-schema.js';
import { type Position, signedDistanceM } from './field-geometry.js';

/** Share of cover-crop claims that are true before any check (practice programmes' base rate). */
export const COVER_CROP_PRIOR = { p: 0.75, logOddsSd: 0.3 } as const;

export const COVER_CROP_CHEATS = [
  'no-cover-crop',
  'photos-other-field',
  'photos-outside-window',
] as const;

const DAY_MS = 86_400_000;
/** P(a photo > 3.09 accuracy radii outside the ring | honest): a GPS blunder. */
const PHOTO_OUTSIDE_HONEST = 1e-3;
/** P(a capture time outside the window | honest): a phone clock set wrong. */
const PHOTO_LATE_HONEST = 1e-3;
/** Established cover crop: field NDVI plateau ~ N(0.62, 0.08) (cereal rye / legume mixes). */
const CANOPY_NDVI_MEAN = 0.62;
const CANOPY_NDVI_SD = 0.08;
/** No cover crop: bare soil, residue and winter weeds ~ N(0.20, 0.05). */
const BARE_NDVI_MEAN = 0.2;
const BARE_NDVI_SD = 0.05;
/** One pass's deviation from the field's plateau (atmosphere, residual cloud, BRDF). */
const PASS_NDVI_SD = 0.04;

export interface CoverCropFacts {
  readonly ring: readonly Position[];
  readonly startMs: number;
  readonly endMs: number;
  readonly photos: Static<typeof PhotoCapturesSchema>['captures'];
  readonly passes: Static<typeof NdviTrajectorySchema>['passes'];
}

export interface CoverCropJudgement {
  readonly checks: EvidenceCheck[];
  /** Fewer usable established-canopy passes than the minimum: insufficient evidence. */
  readonly insufficient: boolean;
}

function feature(
  name: string,
  value: number,
  honest: number,
  special: Partial<Record<(typeof COVER_CROP_CHEATS)[number], number>>,
  measured: MixtureFeature['measured'],
): MixtureFeature {
  return { name, value, honest, cheats: special, ...(measured ? { measured } : {}) };
}

/** The photo furthest outside the field in accuracy radii, as a hard bound on its distance. */
function worstPhoto(facts: CoverCropFacts): EvidenceCheck {
  let worst = facts.photos[0]!;
  let worstZ = Number.POSITIVE_INFINITY;
  let worstD = 0;
  for (const photo of facts.photos) {
    const d = signedDistanceM(facts.ring, photo.lon, photo.lat);
    if (d / photo.accuracyM < worstZ) {
      worstZ = d / photo.accuracyM;
      worstD = d;
      worst = photo;
    }
  }
  return hardBound({
    name: 'photo-distance-margin',
    value: worstD,
    bound: 0,
    boundSd: worst.accuracyM,
    direction: 'at-least',
    measured: { photos: facts.photos.length, worstInsideM: worstD, accuracyM: worst.accuracyM },
  });
}

export function coverCropChecks(facts: CoverCropFacts): CoverCropJudgement {
  const place = worstPhoto(facts);
  const outside = place.violated === true;
  const late = facts.photos.filter((photo) => {
    const t = msOf(photo.capturedAt);
    return (
      t < facts.startMs - COVER_CROP_CAPTURE_SLACK_MS ||
      t > facts.endMs + COVER_CROP_CAPTURE_SLACK_MS
    );
  }).length;
  const established = facts.startMs + COVER_CROP_ESTABLISHMENT_DAYS * DAY_MS;
  const usable = facts.passes.filter((pass) => {
    const t = msOf(pass.date);
    return (
      t >= established && t <= facts.endMs && pass.cloudFraction <= COVER_CROP_CLOUD_FRACTION_MAX
    );
  });
  const n = usable.length;
  const meanNdvi = n === 0 ? 0 : usable.reduce((sum, pass) => sum + pass.meanNdvi, 0) / n;
  const features: MixtureFeature[] = [
    feature(
      'photos-inside-field',
      outside ? 0 : 1,
      logP(outside ? PHOTO_OUTSIDE_HONEST : 1 - PHOTO_OUTSIDE_HONEST),
      { 'photos-other-field': logP(outside ? 1 : 0) },
      { worstInsideM: (place.measured as { value: number }).value },
    ),
    feature(
      'photos-inside-window',
      late === 0 ? 1 : 0,
      logP(late === 0 ? 1 - PHOTO_LATE_HONEST : PHOTO_LATE_HONEST),
      { 'photos-outside-window': logP(late === 0 ? 0 : 1) },
      { photos: facts.photos.length, outsideWindow: late },
    ),
  ];
  if (n >= COVER_CROP_USABLE_PASSES_MIN) {
    const bare = normalLogPdf(
      meanNdvi,
      BARE_NDVI_MEAN,
      Math.hypot(BARE_NDVI_SD, PASS_NDVI_SD / Math.sqrt(n)),
    );
    features.push(
      feature(
        'ndvi-established-canopy',
        meanNdvi,
        normalLogPdf(
          meanNdvi,
          CANOPY_NDVI_MEAN,
          Math.hypot(CANOPY_NDVI_SD, PASS_NDVI_SD / Math.sqrt(n)),
        ),
        { 'no-cover-crop': bare, 'photos-other-field': bare, 'photos-outside-window': bare },
        { usablePasses: n, meanNdvi, canopyMean: CANOPY_NDVI_MEAN, bareMean: BARE_NDVI_MEAN },
      ),
    );
  }
  const weights = Object.fromEntries(COVER_CROP_CHEATS.map((c) => [c, 1]));
  const checks = sequentialMixtureChecks(features, weights);
  // The photo bound joins p only when broken; its margin is reported either way.
  checks.push(
    outside
      ? place
      : {
          ...place,
          logLikelihoodRatio: 0,
          note: 'inside the field allowing for GPS accuracy: p unchanged',
        },
  );
  if (n < COVER_CROP_USABLE_PASSES_MIN) {
    checks.push({
      name: 'ndvi-established-canopy',
      measured: { usablePasses: n, usablePassesMin: COVER_CROP_USABLE_PASSES_MIN },
      logLikelihoodRatio: 0,
      sd: 0,
      note: `only ${n} cloud-free passes after establishment: NDVI not judged, p unchanged`,
    });
  }
  return { checks, insufficient: n < COVER_CROP_USABLE_PASSES_MIN };
}
