/**
 * The reality verifier of `mip-edu/mastery@1.0.0`. Refuses (coded) what makes the claim
 * undefined: a malformed or mismatched item bank, degenerate parameters, statements that are not
 * answered statements on the claimed skill's items, a count that differs from the claim. Then it
 * recomputes P(L) by knowledge tracing over the responses in answer order and forms p from the
 * statement, posterior and response-pattern checks.
 */
import { parseTimestamp } from '@mycel/kernel';
import { LEARNING_RESPONSES_MIN, LEARNING_SETTLE_SD, LEARNING_WINDOW_MS_MAX } from '../limits.js';
import type { RealityInput } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { conservativeQuantity, formBelief, type RealityResult } from '../probability/belief.js';
import { learningDegeneracy, learningTraceKnowledge } from './knowledge-tracing.js';
import {
  LEARNING_MASTERY_PRIOR,
  type LearningScoredAnswer,
  learningPatternCheck,
  learningPosteriorChecks,
  learningStatementChecks,
} from './mastery-checks.js';
import {
  LEARNING_MASTERY_MIP,
  LEARNING_MASTERY_UNIT,
  type LearningMasteryClaim,
  learningCheckMasteryClaim,
} from './mastery-claim.js';
import {
  LEARNING_ITEM_BANK_MEDIA_TYPE,
  type LearningItem,
  type LearningItemBank,
  learningDurationMs,
  learningParseItemBank,
  learningParseResponses,
} from './mastery-evidence.js';

/** The item bank, checked against the claim and for degenerate parameters. */
function openItemBank(
  input: RealityInput,
  claim: LearningMasteryClaim,
): MipsResult<LearningItemBank> {
  // Every item-bank entry must be the named bank: with two entries, the opened bytes could be
  // the other one's.
  const entry = input.proof.evidence.find(
    (e) =>
      e.mediaType === LEARNING_ITEM_BANK_MEDIA_TYPE && e.digest !== claim.value.itemBank.digest,
  );
  if (entry !== undefined) {
    return mipsFail(
      'learning_item_bank_digest_mismatch',
      `the claim names item bank ${claim.value.itemBank.digest}, the evidence is ${entry.digest}`,
      '/claim/value/itemBank/digest',
    );
  }
  const bank = learningParseItemBank(input.evidence.get('item-bank')!);
  if (!bank.ok) return bank;
  if (bank.value.id !== claim.value.itemBank.id) {
    return mipsFail(
      'learning_item_bank_id_mismatch',
      `the claim names item bank ${claim.value.itemBank.id}, the evidence is ${bank.value.id}`,
      '/claim/value/itemBank/id',
    );
  }
  return bank;
}

export function learningVerifyMastery(input: RealityInput): MipsResult<RealityResult> {
  const reason = learningCheckMasteryClaim(input.proof.claim);
  if (reason !== undefined) return mipsFail('mip_claim_invalid', reason, '/claim');
  const claim = input.proof.claim as LearningMasteryClaim;
  const startMs = parseTimestamp(claim.window.start)!;
  const endMs = parseTimestamp(claim.window.end)!;
  if (endMs <= startMs) {
    return mipsFail(
      'learning_window_inverted',
      `${claim.window.end} is not after ${claim.window.start}`,
      '/claim/window',
    );
  }
  if (endMs - startMs > LEARNING_WINDOW_MS_MAX) {
    return mipsFail(
      'learning_window_too_long',
      `the window is ${endMs - startMs} ms, over ${LEARNING_WINDOW_MS_MAX}`,
      '/claim/window',
    );
  }
  const bank = openItemBank(input, claim);
  if (!bank.ok) return bank;
  const skill = bank.value.skills.find((candidate) => candidate.id === claim.value.skill);
  if (skill === undefined) {
    return mipsFail(
      'learning_skill_unknown',
      `item bank ${bank.value.id} has no skill ${claim.value.skill}`,
      '/claim/value/skill',
    );
  }
  const items = new Map<string, LearningItem>();
  for (const item of bank.value.items) if (item.skill === skill.id) items.set(item.id, item);
  for (const [name, guess, slip] of [
    [`skill ${skill.id}`, skill.pGuess, skill.pSlip] as const,
    ...[...items.values()].map(
      (item) =>
        [`item ${item.id}`, item.pGuess ?? skill.pGuess, item.pSlip ?? skill.pSlip] as const,
    ),
  ]) {
    const degenerate = learningDegeneracy(guess, slip);
    if (degenerate !== undefined)
      return mipsFail('learning_parameters_degenerate', `${name}: ${degenerate}`);
  }
  const statements = learningParseResponses(input.evidence.get('responses')!);
  if (!statements.ok) return statements;
  if (statements.value.length !== claim.value.responses) {
    return mipsFail(
      'learning_response_count_mismatch',
      `the claim counts ${claim.value.responses} responses, the evidence holds ${statements.value.length}`,
      '/claim/value/responses',
    );
  }
  if (statements.value.length < LEARNING_RESPONSES_MIN) {
    return mipsFail(
      'learning_responses_too_few',
      `${statements.value.length} responses, fewer than ${LEARNING_RESPONSES_MIN}`,
      '/claim/value/responses',
    );
  }
  const answers: LearningScoredAnswer[] = [];
  const traced = [];
  for (let index = 0; index < statements.value.length; index++) {
    const statement = statements.value[index]!;
    const item = items.get(statement.object.id);
    if (item === undefined) {
      return mipsFail(
        'learning_item_unknown',
        `responses/${index} answers ${statement.object.id}, not an item of ${skill.id}`,
      );
    }
    answers.push({
      statement,
      correct: statement.result.success,
      durationMs: learningDurationMs(statement.result.duration)!,
      timestampMs: parseTimestamp(statement.timestamp as string)!,
      itemLogMean: Math.log(item.medianSeconds),
      itemLogSd: item.timeLogSd,
    });
    traced.push({
      correct: statement.result.success,
      pGuess: item.pGuess ?? skill.pGuess,
      pSlip: item.pSlip ?? skill.pSlip,
    });
  }
  const trace = learningTraceKnowledge(skill, traced);
  const checks = [
    ...learningStatementChecks(answers, { subject: claim.subject, startMs, endMs }),
    ...learningPosteriorChecks(claim.value.probabilityMastered, claim.value.threshold, trace),
    learningPatternCheck(answers, trace),
  ];
  return {
    ok: true,
    value: formBelief({
      method: `${LEARNING_MASTERY_MIP}#bkt-recompute-v1`,
      prior: LEARNING_MASTERY_PRIOR,
      checks,
      settle: conservativeQuantity(
        Math.min(claim.value.probabilityMastered, trace.final),
        LEARNING_SETTLE_SD,
        LEARNING_MASTERY_UNIT,
        0.05,
      ),
    }),
  };
}
