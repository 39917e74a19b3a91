import { describe, expect, it } from 'vitest';
import {
  KNOWN_CONSISTENCY_PROOFS,
  KNOWN_INCLUSION_PROOFS,
  REFERENCE_LEAF_HASHES,
  REFERENCE_ROOTS,
} from '../../test/log-test-support.js';
import { toHex } from '../bytes.js';
import { EMPTY_ROOT } from './merkle-hash.js';
import { naiveConsistencyProof, naiveInclusionProof, naiveRoot } from './naive-merkle.js';

const hexes = (hashes: readonly Uint8Array[]) => hashes.map(toHex);

describe('naive RFC 6962 twin against the published reference data', () => {
  it('computes the published root for every tree size 0..8', () => {
    for (let size = 0; size <= 8; size++) {
      expect(toHex(naiveRoot(REFERENCE_LEAF_HASHES.slice(0, size)))).toBe(
        toHex(REFERENCE_ROOTS[size]!),
      );
    }
  });

  it('computes the published inclusion proofs', () => {
    for (const { index, size, proof } of KNOWN_INCLUSION_PROOFS) {
      const leaves = REFERENCE_LEAF_HASHES.slice(0, size);
      expect(hexes(naiveInclusionProof(index, leaves)), `${index}/${size}`).toEqual(hexes(proof));
    }
  });

  it('computes the published consistency proofs', () => {
    for (const { oldSize, newSize, proof } of KNOWN_CONSISTENCY_PROOFS) {
      const leaves = REFERENCE_LEAF_HASHES.slice(0, newSize);
      expect(hexes(naiveConsistencyProof(oldSize, leaves)), `${oldSize}/${newSize}`).toEqual(
        hexes(proof),
      );
    }
  });

  it('gives empty consistency proofs from size 0 and between equal sizes', () => {
    expect(naiveConsistencyProof(0, REFERENCE_LEAF_HASHES)).toEqual([]);
    expect(naiveConsistencyProof(8, REFERENCE_LEAF_HASHES)).toEqual([]);
  });

  it('returns a copy of the empty root, never the shared constant', () => {
    const root = naiveRoot([]);
    expect(root).toEqual(EMPTY_ROOT);
    expect(root).not.toBe(EMPTY_ROOT);
  });

  it('throws on indices and sizes outside the tree (callers are tests and the vector script)', () => {
    expect(() => naiveInclusionProof(8, REFERENCE_LEAF_HASHES)).toThrow();
    expect(() => naiveInclusionProof(-1, REFERENCE_LEAF_HASHES)).toThrow();
    expect(() => naiveConsistencyProof(9, REFERENCE_LEAF_HASHES)).toThrow();
  });
});
