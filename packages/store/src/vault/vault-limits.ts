/** Every bound the evidence vault enforces (docs/spec/evidence-vault.md). Units are the last word. */
import { limits as kernelLimits } from '@mycel/kernel';

/**
 * Largest piece of raw evidence one put stores: 16 MiB, room for an hour of 1 Hz readings, a
 * photo or an RR series; larger evidence is split by its producer into several pieces.
 */
export const EVIDENCE_BYTES_MAX = 16 * 1024 * 1024;
/** Longest media type (RFC 6838 §4.2 allows 127 + 1 + 127 characters). */
export const EVIDENCE_MEDIA_TYPE_CHARS_MAX = 255;
/** Longest vault name and producer id; the same bounds as the kernel's evidence field and DIDs. */
export const VAULT_NAME_CHARS_MAX = kernelLimits.FIELD_CHARS_MAX;
export const EVIDENCE_PRODUCER_CHARS_MAX = kernelLimits.DID_CHARS_MAX;
/**
 * How far a disclosure request's requestedAt may lie from the vault's clock, either way: the
 * kernel's clock-skew bound. An older request is refused, so a copied request cannot be replayed
 * later (a fresh one needs the verifier's key).
 */
export const DISCLOSURE_REQUEST_AGE_MS_MAX = kernelLimits.CLOCK_SKEW_MS_MAX;
/** Most disclosure log entries one read returns; callers page with `after`. */
export const DISCLOSURE_LOG_PAGE_MAX = 1000;
/** Most pieces of evidence one expire() call deletes; call again until it returns fewer. */
export const EXPIRE_BATCH_MAX = 1000;
/** Milliseconds in a day, to turn the policy pack's retentionDays into a deadline. */
export const DAY_MS = 24 * 60 * 60 * 1000;
