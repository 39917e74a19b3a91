/** The head row keeps the tree's frontier (at most 64 hashes) as one blob of 32-byte hashes. */
import type { Hash } from '@mycel/kernel';
import { StoreError } from './store-error.js';

const HASH_BYTES = 32;

export function packFrontier(frontier: readonly Hash[]): Uint8Array {
  const out = new Uint8Array(frontier.length * HASH_BYTES);
  for (const [index, hash] of frontier.entries()) out.set(hash, index * HASH_BYTES);
  return out;
}

export function unpackFrontier(bytes: Uint8Array): Hash[] {
  if (bytes.length % HASH_BYTES !== 0)
    throw new StoreError('store_corrupt', 'the stored frontier is not whole hashes');
  const out: Hash[] = [];
  for (let offset = 0; offset < bytes.length; offset += HASH_BYTES) {
    out.push(new Uint8Array(bytes.subarray(offset, offset + HASH_BYTES)));
  }
  return out;
}
