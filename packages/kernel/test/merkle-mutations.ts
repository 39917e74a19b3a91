/**
 * Proof mutations for the verifier tests (imported only by *.test.ts files): every way to spoil
 * an inclusion or consistency claim — truncate, extend, flip a bit, shift the index or a size,
 * swap the roots — each with the code the verifier must answer.
 */
import { expect } from 'vitest';
import { EMPTY_ROOT, type Hash, hashLeaf } from '../src/log/merkle-hash.js';
import type { Result } from '../src/result.js';
import { flipBit, hex } from './log-test-support.js';

export const INCLUSION_INVALID = 'log_inclusion_proof_invalid';
export const CONSISTENCY_INVALID = 'log_consistency_proof_invalid';
// transparency-dev/merkle proof/verify_test.go sha256SomeHash: any well-formed hash.
export const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

export function outcome(result: Result<true>): string {
  return result.ok ? 'ok' : result.error.code;
}

export function inRange(index: number, size: number): boolean {
  return index >= 0 && index < size;
}

/** The code a wrong (index, size) claim must fail with. */
export function inclusionCode(index: number, size: number): string {
  return inRange(index, size) ? INCLUSION_INVALID : 'log_index_out_of_range';
}

/** The code a wrong (oldSize, newSize) claim must fail with. */
export function consistencyCode(oldSize: number, newSize: number): string {
  return oldSize < 0 || oldSize > newSize ? 'log_size_invalid' : CONSISTENCY_INVALID;
}

/** index XOR 2, the Go tests' "wrong index" probe, without a bitwise operator. */
export function toggleSecondBit(value: number): number {
  return value % 4 >= 2 ? value - 2 : value + 2;
}

export interface InclusionClaim {
  index: number;
  size: number;
  leafHash: Hash;
  proof: readonly Hash[];
  root: Hash;
}

/** Mutations of a valid inclusion claim, each with the code it must fail with. */
export function inclusionMutations(claim: InclusionClaim): [string, InclusionClaim, string][] {
  const { index, size, proof, root } = claim;
  const cases: [string, InclusionClaim, string][] = [
    ['index - 1', { ...claim, index: index - 1 }, inclusionCode(index - 1, size)],
    ['index + 1', { ...claim, index: index + 1 }, inclusionCode(index + 1, size)],
    [
      'index ^ 2',
      { ...claim, index: toggleSecondBit(index) },
      inclusionCode(toggleSecondBit(index), size),
    ],
    ['size * 2', { ...claim, size: size * 2 }, INCLUSION_INVALID],
    [
      'size / 2',
      { ...claim, size: Math.floor(size / 2) },
      inclusionCode(index, Math.floor(size / 2)),
    ],
    [
      'wrong leaf',
      { ...claim, leafHash: hashLeaf(new TextEncoder().encode('WrongLeaf')) },
      INCLUSION_INVALID,
    ],
    ['empty root', { ...claim, root: EMPTY_ROOT }, INCLUSION_INVALID],
    ['some root', { ...claim, root: SOME_HASH }, INCLUSION_INVALID],
    ['flipped leaf', { ...claim, leafHash: flipBit(claim.leafHash, 3) }, INCLUSION_INVALID],
    ['flipped root', { ...claim, root: flipBit(root, 200) }, INCLUSION_INVALID],
    ['trailing garbage', { ...claim, proof: [...proof, new Uint8Array()] }, INCLUSION_INVALID],
    ['trailing root', { ...claim, proof: [...proof, root] }, INCLUSION_INVALID],
    ['preceding garbage', { ...claim, proof: [new Uint8Array(), ...proof] }, INCLUSION_INVALID],
    ['preceding root', { ...claim, proof: [root, ...proof] }, INCLUSION_INVALID],
  ];
  for (const [position] of proof.entries()) {
    for (const bit of [3, 255, (position * 37 + index) % 256]) {
      const flipped = proof.map((hash, at) => (at === position ? flipBit(hash, bit) : hash));
      cases.push([
        `proof[${position}] bit ${bit}`,
        { ...claim, proof: flipped },
        INCLUSION_INVALID,
      ]);
    }
  }
  if (proof.length > 0) {
    cases.push(['truncated', { ...claim, proof: proof.slice(0, -1) }, INCLUSION_INVALID]);
    cases.push(['first dropped', { ...claim, proof: proof.slice(1) }, INCLUSION_INVALID]);
  }
  if (proof.length > 1) {
    const inserted = [proof[0]!, SOME_HASH, ...proof.slice(1)];
    cases.push(['inserted component', { ...claim, proof: inserted }, INCLUSION_INVALID]);
  }
  return cases;
}

export interface ConsistencyClaim {
  oldSize: number;
  newSize: number;
  oldRoot: Hash;
  newRoot: Hash;
  proof: readonly Hash[];
}

/** Mutations of a valid consistency claim with 0 < oldSize < newSize, with their codes. */
export function consistencyMutations(
  claim: ConsistencyClaim,
): [string, ConsistencyClaim, string][] {
  const { oldSize: m, newSize: n, oldRoot, newRoot, proof } = claim;
  const resized = (oldSize: number, newSize: number): [string, ConsistencyClaim, string] => [
    `sizes ${oldSize}/${newSize}`,
    { ...claim, oldSize, newSize },
    consistencyCode(oldSize, newSize),
  ];
  const cases: [string, ConsistencyClaim, string][] = [
    resized(m - 1, n),
    resized(m + 1, n),
    resized(toggleSecondBit(m), n),
    resized(Math.floor(m / 2), n),
    resized(m * 2, n),
    resized(m, n * 2),
    resized(m, Math.floor(n / 2)),
    ['wrong old root', { ...claim, oldRoot: SOME_HASH }, CONSISTENCY_INVALID],
    ['wrong new root', { ...claim, newRoot: SOME_HASH }, CONSISTENCY_INVALID],
    ['flipped old root', { ...claim, oldRoot: flipBit(oldRoot, 9) }, CONSISTENCY_INVALID],
    ['flipped new root', { ...claim, newRoot: flipBit(newRoot, 9) }, CONSISTENCY_INVALID],
    ['swapped roots', { ...claim, oldRoot: newRoot, newRoot: oldRoot }, CONSISTENCY_INVALID],
    ['empty proof', { ...claim, proof: [] }, CONSISTENCY_INVALID],
    ['trailing garbage', { ...claim, proof: [...proof, new Uint8Array()] }, CONSISTENCY_INVALID],
    ['trailing old root', { ...claim, proof: [...proof, oldRoot] }, CONSISTENCY_INVALID],
    ['trailing new root', { ...claim, proof: [...proof, newRoot] }, CONSISTENCY_INVALID],
    ['preceding old root', { ...claim, proof: [oldRoot, ...proof] }, CONSISTENCY_INVALID],
    ['preceding new root', { ...claim, proof: [newRoot, ...proof] }, CONSISTENCY_INVALID],
    ['preceding proof[0]', { ...claim, proof: [proof[0]!, ...proof] }, CONSISTENCY_INVALID],
    ['truncated', { ...claim, proof: proof.slice(0, -1) }, CONSISTENCY_INVALID],
    ['first dropped', { ...claim, proof: proof.slice(1) }, CONSISTENCY_INVALID],
  ];
  for (const [position] of proof.entries()) {
    for (const bit of [4, 250, (position * 41 + m) % 256]) {
      const flipped = proof.map((hash, at) => (at === position ? flipBit(hash, bit) : hash));
      cases.push([
        `proof[${position}] bit ${bit}`,
        { ...claim, proof: flipped },
        CONSISTENCY_INVALID,
      ]);
    }
  }
  return cases;
}

export function expectAllRejected<T>(
  label: string,
  cases: [string, T, string][],
  verify: (claim: T) => Result<true>,
) {
  for (const [name, claim, code] of cases)
    expect(outcome(verify(claim)), `${label}: ${name}`).toBe(code);
}
