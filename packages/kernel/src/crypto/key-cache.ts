import type { KeyObject } from 'node:crypto';
import { KEY_CACHE_ENTRIES_MAX } from '../limits.js';
import type { Result } from '../result.js';
import type { DidKey } from './did-key.js';
import { importPublicKey } from './public-key.js';

/**
 * Imported public keys by fingerprint. Importing costs more than verifying a hash, and a log sees
 * the same few thousand keys over and over. Bounded: when full, the oldest entry leaves first.
 */
export class KeyCache {
  private readonly entries = new Map<string, Result<KeyObject>>();

  constructor(private readonly capacity = KEY_CACHE_ENTRIES_MAX) {}

  get(key: DidKey): Result<KeyObject> {
    const cached = this.entries.get(key.fingerprint);
    if (cached !== undefined) return cached;
    const imported = importPublicKey(key);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key.fingerprint, imported);
    return imported;
  }
}
