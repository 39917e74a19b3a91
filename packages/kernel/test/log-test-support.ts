/**
 * Shared test data and helpers for the log tests (imported only by *.test.ts files).
 *
 * Known answers: the certificate-transparency reference data set of 8 leaves and its hashes, as
 * published in transparency-dev/merkle (testonly/constants.go: LeafInputs, NodeHashes,
 * RootHashes; testonly/reference_test.go: TestRefInclusionProof, TestRefConsistencyProof;
 * proof/verify_test.go: inclusionProofs, consistencyProofs), the data set that
 * certificate-transparency-go's merkle tests used before. Only the data is taken, no code.
 */

import { generateKeyPairSync, sign } from 'node:crypto';
import { fromBase64Url, fromHex } from '../src/bytes.js';
import { appendLeaves } from '../src/log/compact-range.js';
import { type Hash, hashLeaf, type NodeId, nodeKey } from '../src/log/merkle-hash.js';
import { type NoteVerifierKey, noteKeyId, signNote } from '../src/log/signed-note.js';
import { CT_LEAF_DATA, CT_ROOTS } from './ct-reference-data.js';

export function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined) throw new Error(`bad hex in test data: ${text}`);
  return bytes;
}

/** testonly/constants.go LeafInputs(). */
export const REFERENCE_LEAF_DATA: readonly Uint8Array[] = CT_LEAF_DATA.map(hex);

export const REFERENCE_LEAF_HASHES: readonly Hash[] = REFERENCE_LEAF_DATA.map(hashLeaf);

/** testonly/constants.go NodeHashes(): [level][index] for every perfect subtree of the 8 leaves. */
export const REFERENCE_NODE_HASHES: readonly (readonly Hash[])[] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
].map((level) => level.map(hex));

/** testonly/constants.go RootHashes(): the root for each tree size 0..8. */
export const REFERENCE_ROOTS: readonly Hash[] = CT_ROOTS.map(hex);

export interface KnownInclusionProof {
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Hash[];
}

/**
 * reference_test.go TestRefInclusionProof, plus verify_test.go inclusionProofs (whose leaf
 * numbers are 1-based there and 0-based here: {6, 8} is index 5, {3, 3} index 2, {2, 5} index 1).
 */
export const KNOWN_INCLUSION_PROOFS: readonly KnownInclusionProof[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 2,
    proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'],
  },
  {
    index: 1,
    size: 2,
    proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'],
  },
  {
    index: 2,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
].map(({ index, size, proof }) => ({ index, size, proof: proof.map(hex) }));

export interface KnownConsistencyProof {
  readonly oldSize: number;
  readonly newSize: number;
  readonly proof: readonly Hash[];
}

/** reference_test.go TestRefConsistencyProof plus verify_test.go consistencyProofs. */
export const KNOWN_CONSISTENCY_PROOFS: readonly KnownConsistencyProof[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
].map(({ oldSize, newSize, proof }) => ({ oldSize, newSize, proof: proof.map(hex) }));

/** Distinct leaf hashes for synthetic trees: leaf i hashes the bytes of `${label}:${i}`. */
export function syntheticLeafHashes(count: number, label = 'leaf'): Hash[] {
  return Array.from({ length: count }, (_, index) =>
    hashLeaf(new TextEncoder().encode(`${label}:${index}`)),
  );
}

/** A copy of a hash with one bit flipped. */
export function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = hash.slice();
  const byte = Math.floor(bit / 8) % copy.length;
  copy[byte] = copy[byte]! ^ (1 << (bit % 8));
  return copy;
}

/** An in-memory node store filled by appendLeaves, the way a log's store would be. */
export interface NodeStore {
  readonly size: number;
  readonly root: Hash;
  readNode(id: NodeId): Hash;
}

/** Appends the leaves in batches of the given sizes (the rest in one last batch), keeping nodes. */
export function buildNodeStore(leafHashes: readonly Hash[], batchSizes: readonly number[] = []) {
  const nodes = new Map<string, Hash>();
  let state = appendLeaves(0, [], []);
  let offset = 0;
  for (const batchSize of [...batchSizes, leafHashes.length]) {
    const batch = leafHashes.slice(offset, Math.min(offset + batchSize, leafHashes.length));
    offset += batch.length;
    state = appendLeaves(state.size, state.frontier, batch);
    for (const node of state.nodes) nodes.set(nodeKey(node.id), node.hash);
  }
  const readNode = (id: NodeId): Hash => {
    const hash = nodes.get(nodeKey(id));
    if (hash === undefined) throw new Error(`node ${nodeKey(id)} was never stored`);
    return hash;
  };
  const store: NodeStore = { size: state.size, root: state.root, readNode };
  return { store, nodes };
}

/** A fresh Ed25519 note signer: its verifier key, raw signing, and whole-note signing. */
export interface NoteTestSigner {
  readonly key: NoteVerifierKey;
  sign(message: Uint8Array): Uint8Array;
  signNote(text: string): string;
}

export function noteSigner(name: string): NoteTestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = fromBase64Url(publicKey.export({ format: 'jwk' }).x!)!;
  const signMessage = (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey));
  return {
    key: { name, keyId: noteKeyId(name, raw), publicKey: raw },
    sign: signMessage,
    signNote: (text) => signNote(text, name, signMessage, raw),
  };
}
