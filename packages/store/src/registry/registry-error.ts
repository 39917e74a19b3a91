/** A registry refusal: a stable code from REGISTRY_ERROR_CODES and a message. */
import type { RegistryErrorCode } from './registry-error-codes.js';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
