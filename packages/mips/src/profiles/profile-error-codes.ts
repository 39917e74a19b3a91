/**
 * Every code a production-node profile can give: loading a profile, and each thing a
 * certification can find missing. Codes are protocol: snake_case, named after the broken rule,
 * never reused with another meaning. `mycel profile certify` prints them as they are.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';

export const PROFILE_ERROR_CODES = {
  profile_unknown: 'no production-node profile has this id',
  profile_invalid:
    'the profile document does not match the profile schema, or names a MIP, evidence role, media type or interface this build does not ship',
  profile_input_oversize:
    'more proofs or adverts were given to one certification than PROFILE_CERTIFY_PROOFS_MAX / PROFILE_CERTIFY_ADVERTS_MAX',
  profile_proof_invalid:
    'a proof fails the kernel integrity plane (schema, id, times, signatures, MIP claim schema); the detail names the kernel code',
  profile_producer_mismatch:
    'a proof or advert is issued by another identity than the producer being certified',
  profile_mip_missing: 'no usable proof of a MIP the profile requires',
  profile_mip_version_mismatch:
    'proofs of a required MIP type exist, but of another version than the one the profile names',
  profile_cadence_unmet:
    'fewer usable proofs of a required MIP in the last period than the profile’s cadence requires',
  profile_evidence_role_missing:
    'a proof lists no evidence entry with the media type of an evidence role the profile requires',
  profile_attestation_unmet:
    'the identity that captured a proof (its device, else its issuer) is attested below the level the profile requires',
  profile_advert_missing: 'no capability advert names this profile',
  profile_advert_invalid:
    'a capability advert naming this profile fails the kernel advert check (schema, id, times, producer signature)',
  profile_advert_incomplete:
    'the producer’s advert does not list a required MIP or interface, or prices in another unit than the profile’s',
  profile_advert_expired: 'the producer’s advert naming this profile has expired',
} as const;

export type ProfileErrorCode = keyof typeof PROFILE_ERROR_CODES;
export type ProfileError = CodedError<ProfileErrorCode>;
export type ProfileResult<T> = Outcome<T, ProfileErrorCode>;

export function profileFail(
  code: ProfileErrorCode,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: ProfileError } {
  return failWith(code, message, path);
}
