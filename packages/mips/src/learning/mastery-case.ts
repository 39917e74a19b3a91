/**
 * Turning a simulated answer run into what a tutor would publish: xAPI answered statements on a
 * timeline, the item bank and the statements as evidence bytes, and a `mip-edu/mastery@1.0.0`
 * proof signed by the tutor's key, naming the OpenGrid tutor session it came from.
 */
import {
  buildProof,
  ed25519SignerFromSeed,
  formatTimestamp,
  type JsonValue,
  type Signer,
  signProof,
} from '@mycel/kernel';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry } from '../mechanism/verify-reality.js';
import type { Random } from '../probability/random.js';
import {
  LEARNING_MASTERY_MIP,
  LEARNING_MASTERY_PREDICATE,
  LEARNING_MASTERY_UNIT,
  type LearningMasteryValue,
} from './mastery-claim.js';
import {
  LEARNING_ITEM_BANK_MEDIA_TYPE,
  LEARNING_RESPONSES_MEDIA_TYPE,
  LEARNING_VERB_ANSWERED,
  type LearningItemBank,
  type LearningStatement,
  learningFormatDuration,
} from './mastery-evidence.js';
import type { LearningSimulatedAnswer } from './mastery-simulation.js';
import { learningStatementId } from './mastery-simulation.js';

/** The tutor node's key in generated cases (a fixed test seed, not a secret). */
export const LEARNING_TUTOR_KEY: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(71));
/** The pseudonym namespace the statements' actor accounts live in. */
export const LEARNING_ACCOUNT_HOME = 'https://tutor.opengrid.example/pseudonyms';

/** One answer as a statement will record it. */
export interface LearningRecordedAnswer {
  readonly id: string;
  readonly actor: string;
  readonly item: string;
  readonly correct: boolean;
  readonly durationMs: number;
  /** When the answer was submitted. */
  readonly timestampMs: number;
}

/** Places answers on a timeline from `startMs`: think pauses, and now and then a break of hours. */
export function learningTimeline(
  random: Random,
  startMs: number,
  actor: string,
  answers: readonly LearningSimulatedAnswer[],
): LearningRecordedAnswer[] {
  let clockMs = startMs;
  return answers.map((answer) => {
    clockMs += random.integer(1500, 40_000);
    if (random.chance(0.08)) clockMs += random.integer(3600_000, 48 * 3600_000);
    clockMs += answer.durationMs;
    return {
      id: learningStatementId(random),
      actor,
      item: answer.item.id,
      correct: answer.correct,
      durationMs: answer.durationMs,
      timestampMs: clockMs,
    };
  });
}

export function learningStatement(answer: LearningRecordedAnswer): LearningStatement {
  return {
    id: answer.id,
    actor: { account: { homePage: LEARNING_ACCOUNT_HOME, name: answer.actor } },
    verb: { id: LEARNING_VERB_ANSWERED },
    object: { id: answer.item },
    result: { success: answer.correct, duration: learningFormatDuration(answer.durationMs) },
    timestamp: formatTimestamp(answer.timestampMs),
  };
}

export interface LearningCaseInput {
  readonly label: string;
  readonly truth: boolean;
  readonly subject: string;
  readonly bank: LearningItemBank;
  readonly skill: string;
  readonly threshold: number;
  readonly claimedProbability: number;
  readonly answers: readonly LearningRecordedAnswer[];
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** The OpenGrid tutor session the answers were given in. */
  readonly session?: string;
}

/** A signed mastery proof with its two pieces of evidence. */
export function learningMasteryCase(input: LearningCaseInput): GeneratedCase {
  const statements = input.answers.map(learningStatement);
  const responseBytes = evidenceBytes(statements as unknown as JsonValue);
  const bankBytes = evidenceBytes(input.bank as unknown as JsonValue);
  const bankEntry = evidenceEntry(LEARNING_ITEM_BANK_MEDIA_TYPE, bankBytes, 'tutor-vault');
  const value: LearningMasteryValue = {
    skill: input.skill,
    itemBank: { id: input.bank.id, digest: bankEntry.digest },
    threshold: input.threshold,
    probabilityMastered: input.claimedProbability,
    responses: statements.length,
  };
  const end = formatTimestamp(input.windowEndMs);
  const proof = buildProof({
    mip: LEARNING_MASTERY_MIP,
    federation: 'devnet',
    claim: {
      subject: input.subject,
      predicate: LEARNING_MASTERY_PREDICATE,
      value: value as unknown as JsonValue,
      unit: LEARNING_MASTERY_UNIT,
      window: { start: formatTimestamp(input.windowStartMs), end },
    },
    attestation: { issuer: LEARNING_TUTOR_KEY.key.did, capturedAt: end },
    evidence: [
      evidenceEntry(LEARNING_RESPONSES_MEDIA_TYPE, responseBytes, 'tutor-vault'),
      bankEntry,
    ],
    refs: input.session === undefined ? {} : { session: input.session },
    issuedAt: end,
  });
  const signed = signProof(proof, LEARNING_TUTOR_KEY);
  if (!signed.ok) throw new Error(`assertion failed: ${signed.error.message}`);
  return {
    label: input.label,
    truth: input.truth,
    proof: signed.value,
    evidence: [
      { mediaType: LEARNING_RESPONSES_MEDIA_TYPE, bytes: responseBytes },
      { mediaType: LEARNING_ITEM_BANK_MEDIA_TYPE, bytes: bankBytes },
    ],
    context: { nowMs: input.windowEndMs + 60_000 },
  };
}

/** A window around the answers: from a little before the first started to a little after the last. */
export function learningWindowAround(
  random: Random,
  answers: readonly LearningRecordedAnswer[],
): { readonly startMs: number; readonly endMs: number } {
  const first = answers[0]!;
  const last = answers[answers.length - 1]!;
  return {
    startMs: first.timestampMs - first.durationMs - random.integer(0, 3600_000),
    endMs: last.timestampMs + random.integer(1000, 3600_000),
  };
}
