/**
 * The capability registry's codes (docs/spec/registry.md), raised as RegistryError. Opening a
 * registry can also fail with the store's own codes (store_options_invalid, store_url_invalid,
 * store_unavailable), raised as StoreError. This file imports nothing.
 */
export const REGISTRY_ERROR_CODES = {
  registry_advert_invalid:
    'the advert fails the kernel check (schema, times or id); the message names the kernel code',
  registry_advert_unsigned:
    'the advert is not signed by its producer, or a signature on it does not verify',
  registry_advert_expired: 'the advert has expired, or is issued further ahead than the clock skew',
  registry_advert_stale:
    'the registry holds an advert of this producer and federation issued at the same time or later',
  registry_outcome_invalid:
    'an outcome field is out of range: proofId, producer, mip, p in [0, 1], at, or an overturned proof that was refused',
  registry_outcome_conflict:
    'an outcome with this proofId is recorded with other content, or an update would clear a dispute or an overturn',
  registry_query_invalid:
    'a query field does not match its pattern or range, or the limit is beyond REGISTRY_SEARCH_LIMIT_MAX',
} as const;

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_CODES;
