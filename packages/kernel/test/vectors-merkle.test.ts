/**
 * RFC 6962 Merkle trees against vectors/merkle/ (from disk), three ways: the naive twin computes
 * the same roots and proofs, the verifiers accept them (and reject them altered), and the
 * incremental path (appendLeaves storing nodes, then planInclusionProof / planConsistencyProof,
 * proofNodeIds and hashRange over the stored nodes, as a log's I/O shell does) yields the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { readVectorArea } from '../scripts/vector-areas/vector-file.js';
import {
  appendLeaves,
  fromHex,
  type Hash,
  hashLeaf,
  hashRange,
  type LeafRange,
  type NodeId,
  naiveConsistencyProof,
  naiveInclusionProof,
  naiveRoot,
  nodeKey,
  planConsistencyProof,
  planInclusionProof,
  proofNodeIds,
  type Result,
  toHex,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '../src/index.js';

interface MerkleInput {
  readonly leafData:
    | readonly string[]
    | { readonly kind: 'utf8-decimal-index'; readonly count: number };
}

interface MerkleExpected {
  readonly leafHashes?: readonly string[];
  readonly root: string;
  readonly inclusionProofs: readonly { index: number; proof: readonly string[] }[];
  readonly consistencyProofs: readonly {
    oldSize: number;
    oldRoot: string;
    proof: readonly string[];
  }[];
}

const vectors = readVectorArea<MerkleInput, MerkleExpected>('merkle');

function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined) throw new Error(`not lower-case hex: ${text}`);
  return bytes;
}

function leafData(input: MerkleInput): Uint8Array[] {
  if (Array.isArray(input.leafData)) return input.leafData.map(hex);
  const { kind, count } = input.leafData as { kind: string; count: number };
  if (kind !== 'utf8-decimal-index') throw new Error(`unknown leaf data kind ${kind}`);
  return Array.from({ length: count }, (_, index) => utf8(String(index)));
}

/** Appends in the given batch sizes (the rest in one last batch), keeping every completed node. */
function buildStore(leafHashes: readonly Hash[], batchSizes: readonly number[]) {
  const nodes = new Map<string, Hash>();
  let state = appendLeaves(0, [], []);
  let offset = 0;
  for (const batchSize of [...batchSizes, leafHashes.length]) {
    const batch = leafHashes.slice(offset, Math.min(offset + batchSize, leafHashes.length));
    offset += batch.length;
    state = appendLeaves(state.size, state.frontier, batch);
    for (const node of state.nodes) nodes.set(nodeKey(node.id), node.hash);
  }
  return { root: state.root, size: state.size, nodes };
}

/** What a log's shell does: plan, read every needed node in one batch, assemble with hashRange. */
function proofFromStore(plan: Result<LeafRange[]>, nodes: ReadonlyMap<string, Hash>): string[] {
  if (!plan.ok) throw new Error(`${plan.error.code}: ${plan.error.message}`);
  const batch = new Map<string, Hash>();
  for (const id of proofNodeIds(plan.value)) {
    const hash = nodes.get(nodeKey(id));
    if (hash === undefined) throw new Error(`node ${nodeKey(id)} was never stored`);
    batch.set(nodeKey(id), hash);
  }
  const readNode = (id: NodeId) => batch.get(nodeKey(id))!;
  return plan.value.map((range) => toHex(hashRange(range, readNode)));
}

function flipBit(hash: Uint8Array): Uint8Array {
  const copy = hash.slice();
  copy[0] = copy[0]! ^ 0x08;
  return copy;
}

function code(result: Result<true>): string {
  return result.ok ? 'ok' : result.error.code;
}

describe.each(vectors)('merkle vector %s', (_name, vector) => {
  const expected = vector.expected;
  const leafHashes = leafData(vector.input).map(hashLeaf);
  const size = leafHashes.length;
  const root = hex(expected.root);

  it('has the expected leaf hashes and root (naive twin, RFC 6962 §2.1)', () => {
    if (expected.leafHashes !== undefined)
      expect(leafHashes.map(toHex)).toEqual(expected.leafHashes);
    expect(toHex(naiveRoot(leafHashes))).toBe(expected.root);
  });

  it.each([
    ['one leaf at a time', Array.from({ length: size }, () => 1)],
    ['one batch', []],
    ['irregular batches', [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]],
  ])('is rebuilt incrementally (%s) to the same root and old roots', (_label, batches) => {
    const store = buildStore(leafHashes, batches);
    expect(store.size).toBe(size);
    expect(toHex(store.root)).toBe(expected.root);
    const readNode = (id: NodeId) => store.nodes.get(nodeKey(id))!;
    for (const { oldSize, oldRoot } of expected.consistencyProofs) {
      if (oldSize > 0) expect(toHex(hashRange({ start: 0, end: oldSize }, readNode))).toBe(oldRoot);
    }
  });

  const store = buildStore(leafHashes, [7]);

  it.each(expected.inclusionProofs)('inclusion proof of leaf $index', ({ index, proof }) => {
    const leafHash = leafHashes[index]!;
    const proofHashes = proof.map(hex);
    expect(naiveInclusionProof(index, leafHashes).map(toHex)).toEqual(proof);
    expect(proofFromStore(planInclusionProof(index, size), store.nodes)).toEqual(proof);
    expect(code(verifyInclusion({ index, size, leafHash, proof: proofHashes, root }))).toBe('ok');
    const wrongLeaf = flipBit(leafHash);
    expect(
      code(verifyInclusion({ index, size, leafHash: wrongLeaf, proof: proofHashes, root })),
    ).toBe('log_inclusion_proof_invalid');
    for (let position = 0; position < proofHashes.length; position++) {
      const altered = proofHashes.map((hash, at) => (at === position ? flipBit(hash) : hash));
      expect(code(verifyInclusion({ index, size, leafHash, proof: altered, root }))).toBe(
        'log_inclusion_proof_invalid',
      );
    }
    if (proofHashes.length > 0) {
      const shorter = proofHashes.slice(0, -1);
      expect(code(verifyInclusion({ index, size, leafHash, proof: shorter, root }))).toBe(
        'log_inclusion_proof_invalid',
      );
    }
  });

  it.each(expected.consistencyProofs)(
    'consistency proof from size $oldSize',
    ({ oldSize, oldRoot, proof }) => {
      const proofHashes = proof.map(hex);
      const input = {
        oldSize,
        newSize: size,
        oldRoot: hex(oldRoot),
        newRoot: root,
        proof: proofHashes,
      };
      expect(naiveConsistencyProof(oldSize, leafHashes).map(toHex)).toEqual(proof);
      expect(proofFromStore(planConsistencyProof(oldSize, size), store.nodes)).toEqual(proof);
      expect(code(verifyConsistency(input))).toBe('ok');
      expect(code(verifyConsistency({ ...input, oldRoot: flipBit(input.oldRoot) }))).toBe(
        'log_consistency_proof_invalid',
      );
      for (let position = 0; position < proofHashes.length; position++) {
        const altered = proofHashes.map((hash, at) => (at === position ? flipBit(hash) : hash));
        expect(code(verifyConsistency({ ...input, proof: altered }))).toBe(
          'log_consistency_proof_invalid',
        );
      }
    },
  );
});
