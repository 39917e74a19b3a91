import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes.js';
import type { Checkpoint } from '../log/checkpoint.js';
import { hashLeaf } from '../log/merkle-hash.js';
import { naiveConsistencyProof, naiveInclusionProof, naiveRoot } from '../log/naive-merkle.js';
import { checkAppendOnly, checkLogged } from './k5-append-only.js';

const ORIGIN = 'test.mycel.dev/k5';
const entries = Array.from({ length: 40 }, (_, n) => utf8(`entry ${n}`));
const leaves = entries.map(hashLeaf);

function checkpointOf(leafHashes: readonly Uint8Array[], origin = ORIGIN): Checkpoint {
  return { origin, size: leafHashes.length, root: naiveRoot(leafHashes), extensions: [] };
}

describe('K5 append-only history (checkAppendOnly, checkLogged)', () => {
  it('holds: every pair of checkpoints of a growing log is consistent', () => {
    for (const older of [1, 7, 8, 13, 32]) {
      for (const newer of [older, 33, 40]) {
        const proof = naiveConsistencyProof(older, leaves.slice(0, newer));
        expect(
          checkAppendOnly(
            checkpointOf(leaves.slice(0, older)),
            checkpointOf(leaves.slice(0, newer)),
            proof,
          ).ok,
        ).toBe(true);
      }
    }
  });

  it('holds: every entry is provably in the checkpointed tree', () => {
    const checkpoint = checkpointOf(leaves);
    for (let index = 0; index < entries.length; index++) {
      expect(
        checkLogged(entries[index]!, index, naiveInclusionProof(index, leaves), checkpoint).ok,
      ).toBe(true);
    }
  });

  it('caught: a fork (the same first 20 entries, then a different 21st) is not consistent', () => {
    const forked = [
      ...leaves.slice(0, 20),
      hashLeaf(utf8('rewritten entry 20')),
      ...leaves.slice(21),
    ];
    const older = checkpointOf(leaves.slice(0, 25));
    const newer = checkpointOf(forked);
    for (const proof of [naiveConsistencyProof(25, forked), naiveConsistencyProof(25, leaves)]) {
      const result = checkAppendOnly(older, newer, proof);
      expect(result.ok ? 'ok' : result.error.code).toBe('log_consistency_proof_invalid');
    }
  });

  it('caught: checkpoints of two different logs, and an entry that is not where the proof says', () => {
    const result = checkAppendOnly(
      checkpointOf(leaves.slice(0, 5)),
      checkpointOf(leaves, 'other.example/log'),
      [],
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('checkpoint_origin_mismatch');
    const misplaced = checkLogged(
      entries[3]!,
      4,
      naiveInclusionProof(4, leaves),
      checkpointOf(leaves),
    );
    expect(misplaced.ok ? 'ok' : misplaced.error.code).toBe('log_inclusion_proof_invalid');
    const altered = checkLogged(
      utf8('entry 3 (altered)'),
      3,
      naiveInclusionProof(3, leaves),
      checkpointOf(leaves),
    );
    expect(altered.ok ? 'ok' : altered.error.code).toBe('log_inclusion_proof_invalid');
  });
});
