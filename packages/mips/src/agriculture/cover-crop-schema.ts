/**
 * The claim and evidence documents of `mip-agr/practice-cover-crop@1.0.0`. The claim: field
 * `subject`, bounded by one closed GeoJSON ring (RFC 7946 §3.1.6, `[longitude, latitude]`), had
 * a cover crop of `crop` from planting (window start) to termination (window end). Evidence:
 * photo capture records (the photo's digest, time, GPS position and accuracy; the photo itself
 * stays in the vault) and a vegetation-index trajectory: the field's mean NDVI and cloud share
 * per satellite pass (e.g. Sentinel-2 L2A, where anyone can recompute it).
 */
import { Type } from '@sinclair/typebox';
import { TimestampSchema as KernelTimestamp } from '../kernel-parts.js';
import {
  COVER_CROP_CROP_CHARS_MAX,
  COVER_CROP_FIELD_ID_CHARS_MAX,
  COVER_CROP_GPS_ACCURACY_M_MAX,
  COVER_CROP_PASSES_MAX,
  COVER_CROP_PHOTOS_MAX,
  COVER_CROP_RING_POSITIONS_MAX,
  COVER_CROP_RING_POSITIONS_MIN,
} from '../limits.js';

export const COVER_CROP_MIP = 'mip-agr/practice-cover-crop@1.0.0';
export const COVER_CROP_PREDICATE = 'practice-cover-crop';
export const COVER_CROP_PHOTOS_MEDIA = 'application/vnd.mycel.agriculture.photo-captures+json';
export const COVER_CROP_NDVI_MEDIA = 'application/vnd.mycel.agriculture.ndvi-trajectory+json';

const TimestampSchema = Type.Unsafe<string>(KernelTimestamp);
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });

export const CoverCropClaimSchema = Type.Object(
  {
    subject: Type.String({
      pattern: '^[A-Za-z0-9:._-]+$',
      minLength: 1,
      maxLength: COVER_CROP_FIELD_ID_CHARS_MAX,
    }),
    predicate: Type.Literal(COVER_CROP_PREDICATE),
    value: Type.Object(
      {
        crop: Type.String({ minLength: 1, maxLength: COVER_CROP_CROP_CHARS_MAX }),
        ring: Type.Array(Type.Tuple([Longitude, Latitude]), {
          minItems: COVER_CROP_RING_POSITIONS_MIN,
          maxItems: COVER_CROP_RING_POSITIONS_MAX,
        }),
      },
      { additionalProperties: false },
    ),
    /** Planting (start) to termination (end). */
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PhotoCapturesSchema = Type.Object(
  {
    captures: Type.Array(
      Type.Object(
        {
          photoDigest: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
          capturedAt: TimestampSchema,
          lon: Longitude,
          lat: Latitude,
          /** Horizontal accuracy radius, m (68 %), as phones report it. */
          accuracyM: Type.Number({ exclusiveMinimum: 0, maximum: COVER_CROP_GPS_ACCURACY_M_MAX }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: COVER_CROP_PHOTOS_MAX },
    ),
  },
  { additionalProperties: false },
);

export const NdviTrajectorySchema = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 64 }),
    passes: Type.Array(
      Type.Object(
        {
          date: TimestampSchema,
          meanNdvi: Type.Number({ minimum: -1, maximum: 1 }),
          cloudFraction: Type.Number({ minimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: COVER_CROP_PASSES_MAX },
    ),
  },
  { additionalProperties: false },
);
