/**
 * merkle/: RFC 6962 Merkle trees. One file per tree size: the root, the inclusion proof of every
 * leaf (or a sample for large trees) and consistency proofs from earlier sizes, each carrying the
 * roots needed to verify it.
 *
 * For the certificate-transparency reference tree the published values (ct-reference-data.ts)
 * are written wherever they exist; everything else comes from the kernel's naive twin, a direct
 * transcription of RFC 6962 §2.1 (naiveRoot, naiveInclusionProof, naiveConsistencyProof), and the
 * generator refuses to run if the twin disagrees with any published value.
 */
import {
  fromHex,
  type Hash,
  hashLeaf,
  naiveConsistencyProof,
  naiveInclusionProof,
  naiveRoot,
  toHex,
  utf8,
} from '../../src/index.js';
import {
  CT_CONSISTENCY_PROOFS,
  CT_INCLUSION_PROOFS,
  CT_LEAF_DATA,
  CT_LEAF_HASHES,
  CT_ROOTS,
  CT_SOURCE,
} from '../../test/ct-reference-data.js';
import type { Vector } from './vector-file.js';

/** Generated trees: leaf i is the UTF-8 text of the decimal number i. */
export const GENERATED_TREE_SIZES = [1000, 4097] as const;
const GENERATED_INCLUSION_INDICES = [
  0, 1, 2, 255, 256, 511, 512, 999, 1000, 2047, 2048, 4095, 4096,
];
const GENERATED_OLD_SIZES = [1, 2, 3, 7, 8, 255, 256, 257, 511, 512, 999, 1000, 2048, 4096, 4097];

export function generatedLeafData(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, index) => utf8(String(index)));
}

function checked(
  published: readonly string[] | undefined,
  computed: readonly Hash[],
  what: string,
) {
  const computedHex = computed.map(toHex);
  if (published !== undefined && published.join() !== computedHex.join()) {
    throw new Error(
      `naive twin disagrees with ${CT_SOURCE} on ${what}: kernel bug or typing error`,
    );
  }
  return computedHex;
}

export function merkleVectors(): Map<string, Vector> {
  const vectors = new Map<string, Vector>();
  const leafData = CT_LEAF_DATA.map((hex) => fromHex(hex)!);
  const leafHashes = leafData.map(hashLeaf);
  checked(CT_LEAF_HASHES, leafHashes, 'the leaf hashes');
  for (let size = 1; size <= CT_LEAF_DATA.length; size++) {
    const hashes = leafHashes.slice(0, size);
    checked([CT_ROOTS[size]!], [naiveRoot(hashes)], `the root of size ${size}`);
    const inclusion = Array.from({ length: size }, (_, index) => ({
      index,
      proof: checked(
        CT_INCLUSION_PROOFS.get(`${index}/${size}`),
        naiveInclusionProof(index, hashes),
        `the inclusion proof ${index}/${size}`,
      ),
    }));
    const consistency = Array.from({ length: size + 1 }, (_, oldSize) => ({
      oldSize,
      oldRoot: CT_ROOTS[oldSize]!,
      proof: checked(
        CT_CONSISTENCY_PROOFS.get(`${oldSize}/${size}`),
        naiveConsistencyProof(oldSize, hashes),
        `the consistency proof ${oldSize}/${size}`,
      ),
    }));
    vectors.set(`ct-reference-size-${size}`, {
      description:
        `RFC 6962 §2.1 tree of the first ${size} leaves of the certificate-transparency reference ` +
        `set (${CT_SOURCE} testonly/constants.go LeafInputs). Leaf hashes and root are published ` +
        '(NodeHashes, RootHashes); proofs are published where testonly/reference_test.go and ' +
        'proof/verify_test.go list them (inclusion 0/1, 0/2, 1/2, 2/3, 1/5, 0/8, 5/8; consistency ' +
        '1/1, 1/8, 2/5, 6/8, 6/7) and otherwise come from the RFC 6962 §2.1.1 and §2.1.2 ' +
        'definitions, checked equal to every published one. Consistency from size 0 is the empty ' +
        'proof against the empty-tree root SHA-256().',
      input: { leafData: CT_LEAF_DATA.slice(0, size) },
      expected: {
        leafHashes: CT_LEAF_HASHES.slice(0, size),
        root: CT_ROOTS[size]!,
        inclusionProofs: inclusion,
        consistencyProofs: consistency,
      },
    });
  }
  for (const size of GENERATED_TREE_SIZES)
    vectors.set(`generated-size-${size}`, generatedVector(size));
  return vectors;
}

function generatedVector(size: number): Vector {
  const hashes = generatedLeafData(size).map(hashLeaf);
  const inclusion = GENERATED_INCLUSION_INDICES.filter((index) => index < size).map((index) => ({
    index,
    proof: naiveInclusionProof(index, hashes).map(toHex),
  }));
  const consistency = GENERATED_OLD_SIZES.filter((oldSize) => oldSize <= size).map((oldSize) => ({
    oldSize,
    oldRoot: toHex(naiveRoot(hashes.slice(0, oldSize))),
    proof: naiveConsistencyProof(oldSize, hashes).map(toHex),
  }));
  return {
    description:
      `RFC 6962 §2.1 tree of ${size} leaves, leaf i being the UTF-8 text of the decimal number i ` +
      '("0", "1", ...). Not published anywhere: root and proofs come from the kernel\'s naive ' +
      'twin (a transcription of RFC 6962 §2.1, §2.1.1, §2.1.2) and pin it, and the incremental ' +
      'tree, against regressions at power-of-two boundaries.',
    input: { leafData: { kind: 'utf8-decimal-index', count: size } },
    expected: {
      root: toHex(naiveRoot(hashes)),
      inclusionProofs: inclusion,
      consistencyProofs: consistency,
    },
  };
}
