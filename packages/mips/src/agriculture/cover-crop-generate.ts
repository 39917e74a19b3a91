/**
 * Synthetic labelled fields for `mip-agr/practice-cover-crop@1.0.0`. A field is a rotated
 * rectangle of 150–700 m sides; the window runs 120–200 days from planting. Honest: 2–6 photos
 * taken inside the field during the window, GPS error of sd accuracy/2 per axis; a Sentinel-2
 * style pass every 5 days whose cloud share depends on the season (3 in 10 to 19 in 20 cloudy);
 * NDVI climbs from soil to a plateau ~ N(0.62, 0.08) by day 30, each pass ±0.04. Cheating models
 * (truth false, every one with a bare field, plateau ~ N(0.20, 0.05)): no-cover-crop (honest-looking
 * photos), photos-other-field (photos from a field 100–1500 m beyond this one's edge) and
 * photos-outside-window (last or next season's photos of this field).
 */
import { digestOf, formatTimestamp } from '@mycel/kernel';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase, VectorCase } from '../mechanism/mip-module.js';
import { type Random, seededRandom } from '../probability/random.js';
import { AGRICULTURE_PARTIES, packCase } from './agriculture-parts.js';
import { COVER_CROP_CHEATS, COVER_CROP_PRIOR } from './cover-crop-checks.js';
import {
  COVER_CROP_MIP,
  COVER_CROP_NDVI_MEDIA,
  COVER_CROP_PHOTOS_MEDIA,
  COVER_CROP_PREDICATE,
} from './cover-crop-schema.js';
import { localPlane } from './field-geometry.js';

const DAY = 86_400_000;
const CROPS = ['cereal rye', 'crimson clover', 'hairy vetch', 'oats', 'radish and rye mix'];

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function caseOf(random: Random, label: string): GeneratedCase {
  const lat0 = random.uniform(30, 55);
  const lon0 = random.uniform(-120, 30);
  const plane = localPlane([lon0, lat0]);
  const width = random.uniform(150, 700);
  const height = random.uniform(150, 700);
  const angle = random.uniform(0, Math.PI);
  const place = (u: number, v: number): [number, number] =>
    plane.toLonLat(
      u * Math.cos(angle) - v * Math.sin(angle),
      u * Math.sin(angle) + v * Math.cos(angle),
    );
  const corners = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(
    ([a, b]) =>
      place((a! * width) / 2, (b! * height) / 2).map((x) => round(x, 7)) as [number, number],
  );
  const ring = [...corners, corners[0]!];
  const startMs =
    Date.UTC(2026, 8, 1) + random.integer(0, 45) * DAY + random.integer(6, 18) * 3_600_000;
  const endMs = startMs + random.integer(120, 200) * DAY;
  // Photos: where and when.
  const away = label === 'photos-other-field';
  const offsetAngle = random.uniform(0, 2 * Math.PI);
  const offset = Math.hypot(width, height) / 2 + random.uniform(100, 1500);
  const photos = Array.from({ length: random.integer(2, 6) }, () => {
    const accuracyM = round(random.uniform(3, 15), 1);
    let u = random.uniform(-width / 2 + 5, width / 2 - 5);
    let v = random.uniform(-height / 2 + 5, height / 2 - 5);
    if (away) {
      u = offset * Math.cos(offsetAngle) + random.uniform(-80, 80);
      v = offset * Math.sin(offsetAngle) + random.uniform(-80, 80);
    }
    const [lon, lat] = place(
      u + random.normal(0, accuracyM / 2),
      v + random.normal(0, accuracyM / 2),
    );
    let t = random.uniform(startMs, endMs);
    if (label === 'photos-outside-window') {
      t = random.chance(0.7)
        ? startMs - random.uniform(30, 365) * DAY
        : endMs + random.uniform(2, 60) * DAY;
    }
    return {
      photoDigest: digestOf(
        Uint8Array.from([
          random.integer(0, 255),
          random.integer(0, 255),
          random.integer(0, 255),
          random.integer(0, 255),
        ]),
      ),
      capturedAt: formatTimestamp(Math.round(t / 1000) * 1000),
      lon: round(lon, 7),
      lat: round(lat, 7),
      accuracyM,
    };
  });
  // NDVI: soil to plateau by day 30 under a cover crop; bare soil and weeds otherwise.
  const truth = label === 'honest';
  const plateau = truth ? random.normal(0.62, 0.08) : random.normal(0.2, 0.05);
  const cloudiness = random.uniform(0.3, 0.95);
  const passes = [];
  for (let day = random.integer(1, 5); day * DAY <= endMs - startMs; day += 5) {
    const level = truth ? 0.15 + (plateau - 0.15) * Math.min(1, day / 30) : plateau;
    const cloudFraction = random.chance(cloudiness)
      ? random.uniform(0.31, 1)
      : random.uniform(0, 0.3);
    const clear = level + random.normal(0, 0.04);
    passes.push({
      date: formatTimestamp(startMs - (startMs % DAY) + day * DAY + 10.5 * 3_600_000),
      meanNdvi: round(
        Math.max(-1, Math.min(1, clear * (1 - cloudFraction) + 0.05 * cloudFraction)),
        4,
      ),
      cloudFraction: round(cloudFraction, 3),
    });
  }
  return packCase({
    mip: COVER_CROP_MIP,
    label,
    truth,
    claim: {
      subject: `field:${random.integer(10000, 99999)}-${random.integer(1, 40)}`,
      predicate: COVER_CROP_PREDICATE,
      value: { crop: random.pick(CROPS), ring },
      window: { start: formatTimestamp(startMs), end: formatTimestamp(endMs) },
    },
    issuer: random.pick(AGRICULTURE_PARTIES),
    capturedAtMs: endMs + DAY,
    nowMs: endMs + 10 * DAY,
    documents: [
      [COVER_CROP_PHOTOS_MEDIA, { captures: photos }],
      [COVER_CROP_NDVI_MEDIA, { product: 'sentinel-2-l2a', passes }],
    ],
  });
}

/** `count` cases: 75 % honest (the prior), the rest evenly over the cheating models. */
export function coverCropCases(random: Random, count: number): GeneratedCase[] {
  return caseLabels(count, COVER_CROP_PRIOR.p, COVER_CROP_CHEATS).map((label) =>
    caseOf(random, label),
  );
}

/** One case of `label` from a fixed seed. */
export function coverCropCase(label: string, seed: number): GeneratedCase {
  return caseOf(seededRandom(seed), label);
}

export function coverCropVectors(): VectorCase[] {
  const vector = (name: string, description: string, label: string, seed: number) => ({
    name,
    description,
    case: coverCropCase(label, seed),
  });
  return [
    vector('cover-crop-honest', 'an honest cover crop, NDVI at a canopy plateau', 'honest', 21),
    vector('cover-crop-bare', 'no cover crop: bare-soil NDVI', 'no-cover-crop', 21),
    vector('cover-crop-other-field', 'photos taken in another field', 'photos-other-field', 23),
    vector('cover-crop-outside-window', "last season's photos", 'photos-outside-window', 24),
    vector(
      'cover-crop-cloudy',
      'edge: too few cloud-free passes, insufficient evidence',
      'honest',
      22,
    ),
  ];
}
