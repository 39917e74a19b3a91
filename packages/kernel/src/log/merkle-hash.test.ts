import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  REFERENCE_LEAF_DATA,
  REFERENCE_LEAF_HASHES,
  REFERENCE_NODE_HASHES,
  REFERENCE_ROOTS,
} from '../../test/log-test-support.js';
import { concatBytes, toHex } from '../bytes.js';
import { EMPTY_ROOT, hashChildren, hashLeaf, nodeKey } from './merkle-hash.js';

describe('RFC 6962 hashing', () => {
  it('hashes the reference leaves to the published level-0 hashes', () => {
    expect(REFERENCE_LEAF_DATA.map((data) => toHex(hashLeaf(data)))).toEqual(
      REFERENCE_NODE_HASHES[0]!.map(toHex),
    );
  });

  it('hashes children to the published level-1 hash', () => {
    const [first, second] = REFERENCE_LEAF_HASHES;
    expect(hashChildren(first!, second!)).toEqual(REFERENCE_NODE_HASHES[1]![0]);
  });

  it('has the published empty root, SHA-256 of nothing', () => {
    expect(EMPTY_ROOT).toEqual(REFERENCE_ROOTS[0]);
    expect(toHex(EMPTY_ROOT)).toBe(createHash('sha256').digest('hex'));
  });

  it('separates leaves from nodes (0x00 and 0x01 prefixes)', () => {
    const [left, right] = REFERENCE_LEAF_HASHES;
    const asLeaf = hashLeaf(concatBytes(left!, right!));
    expect(asLeaf).not.toEqual(hashChildren(left!, right!));
    const independent = createHash('sha256')
      .update(new Uint8Array([1]))
      .update(left!);
    expect(toHex(hashChildren(left!, right!))).toBe(independent.update(right!).digest('hex'));
  });

  it('returns plain Uint8Arrays of 32 bytes', () => {
    const hash = hashLeaf(new Uint8Array([1, 2, 3]));
    expect(hash).toBeInstanceOf(Uint8Array);
    expect(hash.length).toBe(32);
  });

  it('refuses child hashes of the wrong length (a bug, so it throws)', () => {
    expect(() => hashChildren(new Uint8Array(31), REFERENCE_LEAF_HASHES[0]!)).toThrow();
  });

  it('gives distinct keys to distinct nodes', () => {
    expect(nodeKey({ level: 1, index: 23 })).toBe('1/23');
    expect(nodeKey({ level: 1, index: 23 })).not.toBe(nodeKey({ level: 12, index: 3 }));
  });
});
