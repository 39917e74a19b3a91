/**
 * Compiled policy packs, cached by pack id (a content id, so one id is one exact pack). The cache
 * holds at most POLICY_CACHE_ENTRIES_MAX packs and drops the least recently used. A pack that
 * does not compile is never cached: asking again compiles again and fails the same way.
 */
import type { PolicyPack } from '../invariants/k8-policy-pack-schema.js';
import { POLICY_CACHE_ENTRIES_MAX } from '../limits.js';
import { assert, type Result } from '../result.js';
import { type CompiledPolicy, compilePolicyUncached } from './policy-compile.js';

export class PolicyCache {
  private readonly entries = new Map<string, CompiledPolicy>();

  constructor(readonly capacity: number = POLICY_CACHE_ENTRIES_MAX) {
    assert(Number.isInteger(capacity) && capacity >= 1, 'a policy cache holds at least one pack');
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The compiled pack with this id, compiling it on a miss. A hit trusts the id: the object
   * passed is not re-read, so the answer is always the pack the id names.
   */
  compile(pack: PolicyPack): Result<CompiledPolicy> {
    const held = this.entries.get(pack.id);
    if (held !== undefined) {
      // Map order is insertion order: moving the entry to the end marks it recently used.
      this.entries.delete(pack.id);
      this.entries.set(pack.id, held);
      return { ok: true, value: held };
    }
    const compiled = compilePolicyUncached(pack);
    if (!compiled.ok) return compiled;
    // Keyed by the id of the compiled (checked) pack, which checkPolicyPack proved is its content.
    this.entries.set(compiled.value.pack.id, compiled.value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return compiled;
  }

  clear(): void {
    this.entries.clear();
  }
}

const SHARED_CACHE = new PolicyCache();

/** Checks and compiles a pack once per pack id, in a process-wide PolicyCache. */
export function compilePolicy(pack: PolicyPack): Result<CompiledPolicy> {
  return SHARED_CACHE.compile(pack);
}
