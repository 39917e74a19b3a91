/** Codes of the asset plane: content-addressed blobs and signed agent bundles. */
export const ASSET_ERROR_CODES = [
  'asset_id_invalid',
  'asset_hash_mismatch',
  'asset_too_large',
  'asset_fetch_failed',
  'asset_write_failed',
  'agent_directory_invalid',
  'agent_bundle_malformed',
  'agent_bundle_too_large',
  'agent_bundle_hash_mismatch',
  'agent_bundle_signature_invalid',
] as const;

export type AssetErrorCode = (typeof ASSET_ERROR_CODES)[number];

export const ASSET_ERROR_MEANINGS: { readonly [code in AssetErrorCode]: string } = {
  asset_id_invalid: 'an asset id is sha256: followed by 64 lower-case hex digits',
  asset_hash_mismatch: 'the bytes do not hash to the asset id they were stored or fetched under',
  asset_too_large: 'the blob is larger than the asset store accepts',
  asset_fetch_failed: 'the asset could not be fetched from its source',
  asset_write_failed: 'the asset or an installed bundle could not be written to disk',
  agent_directory_invalid:
    'an agent directory needs agent.json and only regular files with plain relative names',
  agent_bundle_malformed: 'the agent bundle is not a canonical, well-formed bundle document',
  agent_bundle_too_large: 'the agent bundle or its files are larger than allowed',
  agent_bundle_hash_mismatch: 'the bundle bytes or its body do not match the id they claim',
  agent_bundle_signature_invalid: 'the bundle has no valid signature by its publisher key',
};
