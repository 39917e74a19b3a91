/**
 * Federation checks answer with mesh codes (MESH_ERROR_CODES) or pass the kernel's K8 codes
 * through unchanged (treaty_expired, treaty_signature_missing, …: docs/spec/error-codes.md).
 */
import type { ErrorCode, Outcome } from '@mycel/kernel';
import type { MeshErrorCode } from '../mesh-error.js';

export type FederationCode = MeshErrorCode | ErrorCode;
export type FederationResult<T> = Outcome<T, FederationCode>;

export function federationFail(
  code: FederationCode,
  message: string,
): { readonly ok: false; readonly error: { code: FederationCode; message: string } } {
  return { ok: false, error: { code, message } };
}
