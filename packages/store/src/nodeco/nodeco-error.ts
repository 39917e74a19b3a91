/** Raises a NodeCo refusal as a StoreError (its codes are part of STORE_ERROR_CODES). */
import { StoreError } from '../store-error.js';
import type { NodeCoErrorCode } from './nodeco-error-codes.js';

export function nodecoError(code: NodeCoErrorCode, message: string): StoreError {
  return new StoreError(code, message);
}
