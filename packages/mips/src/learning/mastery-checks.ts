/**
 * The checks of a mastery proof, each an EvidenceCheck of the shared toolkit:
 * - four statement-integrity bounds (actor, unique ids, answers that do not overlap in time,
 *   answers inside the window): an honest tutor's record never breaks them, a careless replay does;
 * - the claimed P(L) against the recomputed one, and the recomputed one against the threshold;
 * - the response pattern: the joint likelihood of the correctness sequence and the answer times
 *   under the honest model (BKT + log-normal human times) against the mixture of the cheating
 *   models that pass the bounds above (answer script, leaked answer key, consistent replay).
 */
import {
  LEARNING_CHEAT_CORRECT_RATE,
  LEARNING_KEY_SPEED_LOG_SHIFT,
  LEARNING_PATTERN_LOG_LR_SD,
  LEARNING_POSTERIOR_TOLERANCE,
  LEARNING_PRIOR_LOG_ODDS_SD,
  LEARNING_PRIOR_P,
  LEARNING_REPLAY_REWRITTEN_SHARE,
  LEARNING_SCRIPT_JITTER_LOG_SD,
  LEARNING_SCRIPT_LOG_SD,
  LEARNING_SCRIPT_MEDIAN_SECONDS,
  LEARNING_SPEED_LOG_SD,
} from '../limits.js';
import type { Prior } from '../probability/belief.js';
import { logSumExp } from '../probability/cheat-mixture.js';
import { type EvidenceCheck, hardBound, likelihoodRatio } from '../probability/evidence-check.js';
import type { LearningTrace } from './knowledge-tracing.js';
import type { LearningStatement } from './mastery-evidence.js';
import { learningRandomOffsetLogDensity, learningTimeSummary } from './response-times.js';

/** The cheating models the generator knows and the pattern check weighs, equally likely a priori. */
export const LEARNING_MASTERY_CHEATING_MODELS = [
  'fabricated-responses',
  'inflated-posterior',
  'replayed-responses',
  'answer-key-leaked',
] as const;

/** Share of mastery claims that are honest before any check (the generator mixes at it). */
export const LEARNING_MASTERY_PRIOR: Prior = {
  p: LEARNING_PRIOR_P,
  logOddsSd: LEARNING_PRIOR_LOG_ODDS_SD,
};

/** One answer as the verifier scored it. */
export interface LearningScoredAnswer {
  readonly statement: LearningStatement;
  readonly correct: boolean;
  readonly durationMs: number;
  readonly timestampMs: number;
  /** ln of the item's median answer time in seconds, and the sd of the log time. */
  readonly itemLogMean: number;
  readonly itemLogSd: number;
}

export interface LearningRecordWindow {
  readonly subject: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** A count that must be zero: half a statement of room, so zero sits 5 sd inside the bound. */
function noneOf(
  name: string,
  count: number,
  detail: Record<string, string | number>,
): EvidenceCheck {
  return hardBound({
    name,
    value: count,
    bound: 0.5,
    boundSd: 0.1,
    direction: 'at-most',
    measured: { count, ...detail },
  });
}

export function learningStatementChecks(
  answers: readonly LearningScoredAnswer[],
  window: LearningRecordWindow,
): EvidenceCheck[] {
  let otherActors = 0;
  let duplicates = 0;
  let overlapping = 0;
  let outside = 0;
  const ids = new Set<string>();
  let previousEndMs = Number.NEGATIVE_INFINITY;
  for (const answer of answers) {
    if (answer.statement.actor.account.name !== window.subject) otherActors++;
    if (ids.has(answer.statement.id)) duplicates++;
    ids.add(answer.statement.id);
    const startedMs = answer.timestampMs - answer.durationMs;
    // An answer starts after the previous one was submitted: one learner answers one item at a time.
    if (startedMs < previousEndMs) overlapping++;
    previousEndMs = answer.timestampMs;
    if (startedMs < window.startMs || answer.timestampMs >= window.endMs) outside++;
  }
  return [
    noneOf('statement-actor', otherActors, { subject: window.subject }),
    noneOf('statement-ids-unique', duplicates, { statements: answers.length }),
    noneOf('statement-answers-sequential', overlapping, { statements: answers.length }),
    noneOf('statement-in-window', outside, { statements: answers.length }),
  ];
}

/** The claimed P(L) may not exceed the recomputed one; the recomputed one must reach the threshold. */
export function learningPosteriorChecks(
  claimed: number,
  threshold: number,
  trace: LearningTrace,
): EvidenceCheck[] {
  const room = LEARNING_POSTERIOR_TOLERANCE;
  return [
    hardBound({
      name: 'posterior-recomputed',
      value: claimed,
      bound: trace.final + room,
      boundSd: room / 5,
      direction: 'at-most',
      measured: { claimedProbability: claimed, recomputedProbability: trace.final },
    }),
    hardBound({
      name: 'mastery-threshold-reached',
      value: trace.final,
      bound: threshold - room,
      boundSd: room / 5,
      direction: 'at-least',
      measured: { recomputedProbability: trace.final, threshold },
    }),
  ];
}

/**
 * The response-pattern likelihood ratio. Honest: the BKT probability of the correctness sequence
 * times the human answer-time density. Cheating, weighted by each model's share of the cheats
 * that pass the statement and posterior bounds: a script (right with LEARNING_CHEAT_CORRECT_RATE,
 * item-blind fast times), a leaked key (same rate, human times a little fast) and a consistent
 * replay of another learner's honest record (the honest likelihood itself). An inflated claim
 * never passes the posterior bound, so it carries no weight here.
 */
export function learningPatternCheck(
  answers: readonly LearningScoredAnswer[],
  trace: LearningTrace,
): EvidenceCheck {
  const share = 1 / LEARNING_MASTERY_CHEATING_MODELS.length;
  const correct = answers.filter((answer) => answer.correct).length;
  const rate = LEARNING_CHEAT_CORRECT_RATE;
  const cheatSequence = correct * Math.log(rate) + (answers.length - correct) * Math.log(1 - rate);
  const logTimes = answers.map((answer) => Math.log(Math.max(answer.durationMs, 1) / 1000));
  const human = logTimes.map((logTime, i) => ({
    logTime,
    mean: answers[i]!.itemLogMean,
    sd: answers[i]!.itemLogSd,
  }));
  const scripted = logTimes.map((logTime) => ({
    logTime,
    mean: 0,
    sd: LEARNING_SCRIPT_JITTER_LOG_SD,
  }));
  const honestTimes = learningRandomOffsetLogDensity(human, 0, LEARNING_SPEED_LOG_SD);
  const keyTimes = learningRandomOffsetLogDensity(
    human,
    LEARNING_KEY_SPEED_LOG_SHIFT,
    LEARNING_SPEED_LOG_SD,
  );
  const scriptTimes = learningRandomOffsetLogDensity(
    scripted,
    Math.log(LEARNING_SCRIPT_MEDIAN_SECONDS),
    LEARNING_SCRIPT_LOG_SD,
  );
  const honest = trace.logLikelihood + honestTimes;
  const script = cheatSequence + scriptTimes;
  const key = cheatSequence + keyTimes;
  const mixture = logSumExp([
    Math.log(share) + script,
    Math.log(share) + key,
    Math.log(share * LEARNING_REPLAY_REWRITTEN_SHARE) + honest,
  ]);
  const summary = learningTimeSummary(
    answers.map((answer) => answer.durationMs),
    human,
    LEARNING_SPEED_LOG_SD,
  );
  return likelihoodRatio({
    name: 'response-pattern',
    value: answers.length === 0 ? 0 : correct / answers.length,
    honest: () => honest,
    cheat: () => mixture,
    against: 'answer script, leaked answer key or consistent replay (mixed at their prior shares)',
    sd: LEARNING_PATTERN_LOG_LR_SD,
    measured: {
      responses: answers.length,
      correct,
      medianAnswerMs: summary.medianMs,
      meanLogTimeVersusNorm: summary.meanLogRatio,
      sdLogTimeVersusNorm: summary.sdLogRatio,
      answersBelowHumanFloor: summary.belowHumanFloor,
      logLikelihoodSequenceHonest: trace.logLikelihood,
      logLikelihoodSequenceCheat: cheatSequence,
      logLikelihoodTimesHuman: honestTimes,
      logLikelihoodTimesScript: scriptTimes,
      logLikelihoodTimesKey: keyTimes,
    },
  });
}
