/**
 * Asset ids name blobs by their bytes: `sha256:` and the lower-case hex SHA-256 of the bytes
 * themselves (not of a canonical JSON form: assets are opaque). An id also names the file the
 * blob is stored in, so only this exact shape is accepted: no path can hide in one.
 */
import { CONTENT_ID_PREFIX, digestOf, failWith, type Outcome, ok } from '@mycel/kernel';
import type { AssetErrorCode } from './asset-error-codes.js';

const ASSET_ID_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function assetIdOf(bytes: Uint8Array): string {
  return digestOf(bytes);
}

export function checkAssetId(id: unknown): Outcome<string, AssetErrorCode> {
  if (typeof id !== 'string' || !ASSET_ID_PATTERN.test(id)) {
    return failWith('asset_id_invalid', 'an asset id is sha256: and 64 lower-case hex digits');
  }
  return ok(id);
}

/** The 64 hex digits of a checked id. */
export function assetHex(id: string): string {
  return id.slice(CONTENT_ID_PREFIX.length);
}
