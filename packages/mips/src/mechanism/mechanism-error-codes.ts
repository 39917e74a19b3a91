/** Error codes of the MIP mechanism: evidence opening, the MIP registry and policy pinning. */
export const MECHANISM_ERROR_CODES = {
  evidence_digest_mismatch: 'a piece of evidence does not hash to the digest its proof names',
  evidence_missing: 'a digest the proof names was not supplied to the verifier',
  evidence_role_missing: 'the proof carries no evidence of a role its MIP requires',
  evidence_role_duplicate:
    'two evidence entries have the media type of one role: which one counts would be left to list order',
  evidence_role_unknown:
    'an evidence entry has a media type that none of the MIP\u2019s roles uses',
  evidence_unreadable:
    'a piece of evidence is not the strict JSON its role requires, or is too large',
  mip_not_in_module: 'the proof names another MIP than the module asked to verify it',
  mip_claim_invalid: 'the claim does not match its MIP\u2019s claim schema',
  mip_version_not_accepted: 'the federation\u2019s policy pack does not accept this MIP version',
  mip_registry_invalid:
    'the MIP registry document is malformed, unsigned or signed by an untrusted key',
  mip_registry_entry_mismatch: 'a MIP module does not match the registry entry of its id',
} as const;
