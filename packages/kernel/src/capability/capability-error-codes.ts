/**
 * Errors of capability adverts (docs/spec/registry.md). The kernel's ERROR_CODES spreads this
 * table; it imports nothing, so the spread makes no import cycle.
 */
export const CAPABILITY_ERROR_CODES = {
  capability_schema_invalid: 'the capability advert does not match the capability advert schema',
  capability_id_mismatch: 'the capability advert id is not the content id of its body',
  capability_times_inconsistent:
    'the capability advert expiresAt is not after its issuedAt, or it is valid for longer than CAPABILITY_VALIDITY_MS_MAX',
  capability_signature_invalid:
    'the capability advert is not signed by its producer, or a signature on it does not verify',
  capability_expired: 'the capability advert has expired (expiresAt is not after now)',
  capability_not_yet_valid:
    'the capability advert issuedAt is further in the future than the clock skew allows',
  track_record_invalid:
    'a track record count is not a non-negative integer, or its confidence sum is not within 0..accepted',
} as const;
