/**
 * The claim of `mip-hlt/hrv-short-term@1.0.0`: a pseudonymous subject's 5-minute resting RMSSD
 * and SDNN (Task Force of the ESC and NASPE, Circulation 1996;93:1043). The subject is a keyed
 * pseudonym, never a person's data: the schema admits no field beyond the ones below, so a name,
 * birth date or record number cannot ride along in the claim.
 */
import { createHmac } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TimestampSchema } from '../kernel-parts.js';
import { HEALTH_INTERVALS_MAX, HEALTH_METRIC_MS_MAX } from '../limits.js';

export const HEALTH_HRV_MIP = 'mip-hlt/hrv-short-term@1.0.0';
export const HEALTH_HRV_PREDICATE = 'hrv-short-term';
/** The unit of both claimed measures. */
export const HEALTH_HRV_UNIT = 'ms';
export const HEALTH_DEVICE_CLASSES = ['ecg', 'ppg'] as const;
export type HealthDeviceClass = (typeof HEALTH_DEVICE_CLASSES)[number];
export const HEALTH_POSITIONS = ['supine', 'seated'] as const;
export type HealthPosition = (typeof HEALTH_POSITIONS)[number];

/**
 * `pseud:` + base64url (no padding) of HMAC-SHA-256(key, local subject id): 43 characters. The key
 * stays with the data controller (the clinic or the subject's own wallet); without it the
 * pseudonym links nothing, with it the controller can re-identify its own subjects only.
 */
export const HEALTH_PSEUDONYM_PATTERN = '^pseud:[A-Za-z0-9_-]{43}$';

export function healthPseudonym(key: Uint8Array, localSubjectId: string): string {
  if (key.length < 32) throw new Error('assertion failed: a pseudonym key has at least 32 bytes');
  return `pseud:${createHmac('sha256', key).update(localSubjectId, 'utf8').digest('base64url')}`;
}

const Metric = Type.Number({ exclusiveMinimum: 0, maximum: HEALTH_METRIC_MS_MAX });

export const HealthHrvValueSchema = Type.Object(
  {
    /** Root mean square of successive NN differences, ms, rounded to 0.1 ms. */
    rmssdMs: Metric,
    /** Standard deviation of the NN intervals (n − 1), ms, rounded to 0.1 ms. */
    sdnnMs: Metric,
    /** RR intervals excluded as artefacts or ectopic beats by the 20 % rule. */
    artefactCount: Type.Integer({ minimum: 0, maximum: HEALTH_INTERVALS_MAX }),
    deviceClass: Type.Union(HEALTH_DEVICE_CLASSES.map((name) => Type.Literal(name))),
    position: Type.Union(HEALTH_POSITIONS.map((name) => Type.Literal(name))),
  },
  { additionalProperties: false },
);
export type HealthHrvValue = Static<typeof HealthHrvValueSchema>;

export const HealthHrvClaimSchema = Type.Object(
  {
    subject: Type.String({ pattern: HEALTH_PSEUDONYM_PATTERN }),
    predicate: Type.Literal(HEALTH_HRV_PREDICATE),
    value: HealthHrvValueSchema,
    unit: Type.Literal(HEALTH_HRV_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'mip-hlt/hrv-short-term@1.0.0 claim' },
);
export type HealthHrvClaim = Static<typeof HealthHrvClaimSchema>;

const claimShape = TypeCompiler.Compile(HealthHrvClaimSchema);

/** undefined when the claim matches the schema, else the first mismatch as `<path> <message>`. */
export function checkHealthHrvClaim(claim: unknown): string | undefined {
  if (claimShape.Check(claim)) return undefined;
  const first = claimShape.Errors(claim).First();
  return `${first?.path || '/'} ${first?.message ?? 'does not match the hrv-short-term claim'}`;
}
