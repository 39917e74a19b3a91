/** mip-agr/practice-cover-crop@1.0.0: honest fields pass, each cheating model is caught, refusals are coded. */
import { describe, expect, it } from 'vitest';
import {
  COVER_CROP_NDVI_MEDIA,
  COVER_CROP_PHOTOS_MEDIA,
  checkCoverCropClaim,
  coverCropCase,
  coverCropPracticeMip as mip,
  signedDistanceM,
} from '../../src/index.js';
import { codeOf, type Doc, docsOf, edited, resultOf } from './agriculture-fixtures.js';

const honest = coverCropCase('honest', 21);
const check = (result: ReturnType<typeof resultOf>, name: string) =>
  result.checks.find((c) => c.name === name)!;

function refusedUnchanged(generated: ReturnType<typeof coverCropCase>): string {
  const before = structuredClone({ proof: generated.proof, docs: [...docsOf(generated)] });
  const code = codeOf(mip, generated);
  expect({ proof: generated.proof, docs: [...docsOf(generated)] }).toEqual(before);
  return code;
}

/** Every pass clouded over. */
const clouds = (fraction: number) => (docs: Map<string, Doc>) => {
  for (const pass of docs.get(COVER_CROP_NDVI_MEDIA).passes) pass.cloudFraction = fraction;
};

describe('field geometry', () => {
  const ring: Array<[number, number]> = [
    [10, 50],
    [10.01, 50],
    [10.01, 50.01],
    [10, 50.01],
    [10, 50],
  ];
  it('a point in the middle is inside by half the short side', () => {
    // 0.005° of latitude is 556.6 m; 0.005° of longitude at 50° N is 357.8 m.
    expect(signedDistanceM(ring, 10.005, 50.005)).toBeCloseTo(357.8, 0);
  });
  it('a point beyond the east edge is outside by its distance', () => {
    expect(signedDistanceM(ring, 10.011, 50.005)).toBeCloseTo(-71.6, 0);
  });
});

describe('cover-crop honest fields', () => {
  it.each([21, 41, 42, 43])('seed %i passes', (seed) => {
    const result = resultOf(mip, coverCropCase('honest', seed));
    expect(result.verdict).toBe('pass');
    expect(result.p).toBeGreaterThan(0.9);
    expect(result.method).toBe('mip-agr/practice-cover-crop@1.0.0#mixture-v1');
  });

  it('every check says what it measured and how it moved p', () => {
    const result = resultOf(mip, honest);
    expect(result.checks.map((c) => c.name)).toEqual([
      'photos-inside-field',
      'photos-inside-window',
      'ndvi-established-canopy',
      'photo-distance-margin',
    ]);
    for (const c of result.checks) expect(c.note.length).toBeGreaterThan(10);
    const ndvi = check(result, 'ndvi-established-canopy').measured as Doc;
    expect(ndvi.usablePasses).toBeGreaterThanOrEqual(3);
    expect(ndvi.meanNdvi).toBeGreaterThan(0.4);
  });

  it('too few cloud-free passes: inconclusive for insufficient evidence, not false', () => {
    const result = resultOf(mip, edited(honest, clouds(0.9)));
    expect(result.verdict).toBe('inconclusive');
    expect(result.reason).toBe('insufficient_evidence');
    expect(result.p).toBeGreaterThan(0.5);
    expect((check(result, 'ndvi-established-canopy').measured as Doc).usablePasses).toBe(0);
  });
});

describe('cover-crop cheating models', () => {
  it('no-cover-crop: bare-soil NDVI fails', () => {
    const result = resultOf(mip, coverCropCase('no-cover-crop', 21));
    expect(result.verdict).toBe('fail');
    expect((check(result, 'ndvi-established-canopy').measured as Doc).meanNdvi).toBeLessThan(0.35);
  });

  it('photos-other-field: photos outside the polygon fail, even under cloud', () => {
    const result = resultOf(mip, edited(coverCropCase('photos-other-field', 23), clouds(0.9)));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'photo-distance-margin').violated).toBe(true);
    expect((check(result, 'photos-inside-field').measured as Doc).worstInsideM).toBeLessThan(-50);
  });

  it('photos-outside-window: last season photos fail, even under cloud', () => {
    const result = resultOf(mip, edited(coverCropCase('photos-outside-window', 24), clouds(0.9)));
    expect(result.p).toBeLessThan(0.1);
    expect((check(result, 'photos-inside-window').measured as Doc).outsideWindow).toBeGreaterThan(
      0,
    );
  });

  it('a photo moved 40 m outside the field with 5 m accuracy fails', () => {
    const moved = edited(honest, (docs, claim) => {
      const [lon, lat] = claim.value.ring[0];
      const photo = docs.get(COVER_CROP_PHOTOS_MEDIA).captures[0];
      photo.accuracyM = 5;
      // Beyond the first corner, away from the field's centre.
      const [cLon, cLat] = claim.value.ring[2];
      const d = Math.hypot(lon - cLon, lat - cLat);
      photo.lon = lon + ((lon - cLon) / d) * 0.0006;
      photo.lat = lat + ((lat - cLat) / d) * 0.0006;
    });
    expect(resultOf(mip, moved).p).toBeLessThan(0.1);
  });
});

describe('cover-crop refusals', () => {
  it('agriculture_evidence_invalid: a photo without its accuracy', () => {
    const bad = edited(honest, (docs) => {
      delete docs.get(COVER_CROP_PHOTOS_MEDIA).captures[0].accuracyM;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_evidence_invalid');
  });

  it('agriculture_evidence_invalid: an NDVI above 1', () => {
    const bad = edited(honest, (docs) => {
      docs.get(COVER_CROP_NDVI_MEDIA).passes[0].meanNdvi = 1.5;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_evidence_invalid');
  });

  it('agriculture_window_too_long: a window over a year', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.window.end = '2029-01-01T00:00:00Z';
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_window_too_long');
  });

  it('mip_claim_invalid: a ring that does not close', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.value.ring.pop();
    });
    expect(refusedUnchanged(bad)).toBe('mip_claim_invalid');
    expect(checkCoverCropClaim(bad.proof.claim)).toMatch(/must end where it starts/);
  });

  it('mip_claim_invalid: a field wider than 5 km', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.value.ring[1] = [claim.value.ring[1][0] + 0.2, claim.value.ring[1][1]];
    });
    expect(refusedUnchanged(bad)).toBe('mip_claim_invalid');
    expect(checkCoverCropClaim(bad.proof.claim)).toMatch(/spans over 5000 m/);
  });
});

describe('cover-crop vectors', () => {
  it('vectors: honest passes, the three cheats fail, the cloudy edge is inconclusive', () => {
    const verdicts = mip.vectors().map((v) => resultOf(mip, v.case).verdict);
    expect(verdicts).toEqual(['pass', 'fail', 'fail', 'fail', 'inconclusive']);
  });
});
