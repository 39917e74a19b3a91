/**
 * The JSON shapes the log hands out (HTTP answers and `mycel log prove`), and strict readers for
 * them, so the offline verify commands can check an answer from any log without trusting it.
 * Hashes are standard base64, as in the checkpoint's root line.
 */
import { fromBase64, type Hash, toBase64 } from '@mycel/kernel';
import type { AppendedProof, LoggedProof } from '@mycel/store';
import { CliError } from './cli-error.js';

export interface InclusionAnswer {
  readonly id?: string;
  readonly index: number;
  readonly treeSize: number;
  readonly checkpoint: string;
  readonly inclusion: readonly string[];
}

export interface ConsistencyAnswer {
  readonly oldSize: number;
  readonly newSize: number;
  readonly consistency: readonly string[];
}

/** Where an appended proof is. The same whenever the same proof is appended again. */
export function appendedProofJson(appended: AppendedProof) {
  return {
    id: appended.id,
    index: appended.index,
    mipKnown: appended.mipKnown,
    settleable: appended.settleable,
    treeSize: appended.treeSize,
    checkpoint: appended.checkpoint,
  };
}

/** The answer to POST /v1/proofs: where the proof is, and the inclusion proof to check it. */
export function loggedProofJson(logged: LoggedProof) {
  return { ...appendedProofJson(logged), inclusion: logged.inclusion.map(toBase64) };
}

function isSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function readHashes(values: unknown): Hash[] {
  if (!Array.isArray(values))
    throw new CliError('answer_invalid', 'the proof hashes must be an array');
  return values.map((value) => {
    const hash = typeof value === 'string' ? fromBase64(value) : undefined;
    if (hash === undefined || hash.length !== 32)
      throw new CliError('answer_invalid', 'each proof hash is 32 bytes of base64');
    return hash;
  });
}

/**
 * An inclusion answer. `checkpoint` supplies the note when the answer carries none: the log signs
 * a checkpoint per batch, so a proof asked for another size comes without one.
 */
export function readInclusionAnswer(value: unknown, checkpoint?: string): InclusionAnswer {
  const answer = value as Partial<InclusionAnswer> | null;
  if (
    answer === null ||
    typeof answer !== 'object' ||
    !isSize(answer.index) ||
    !isSize(answer.treeSize)
  ) {
    throw new CliError(
      'answer_invalid',
      'an inclusion answer has index, treeSize, checkpoint and inclusion',
    );
  }
  const note = answer.checkpoint ?? checkpoint;
  if (typeof note !== 'string') {
    throw new CliError(
      'answer_invalid',
      'the answer has no checkpoint note (pass one with --checkpoint)',
    );
  }
  readHashes(answer.inclusion);
  return { ...(answer as InclusionAnswer), checkpoint: note };
}

export function readConsistencyAnswer(value: unknown): ConsistencyAnswer {
  const answer = value as Partial<ConsistencyAnswer> | null;
  if (
    answer === null ||
    typeof answer !== 'object' ||
    !isSize(answer.oldSize) ||
    !isSize(answer.newSize)
  ) {
    throw new CliError(
      'answer_invalid',
      'a consistency answer has oldSize, newSize and consistency',
    );
  }
  readHashes(answer.consistency);
  return answer as ConsistencyAnswer;
}
