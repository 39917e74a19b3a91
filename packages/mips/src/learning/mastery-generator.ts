/**
 * Labelled mastery cases for the calibration benchmark. Honest: a BKT learner taught until P(L)
 * reaches the threshold (learners who never get there within the tutor's limit claim nothing).
 * Cheating, one model each:
 * - fabricated-responses: a script answers every item, nearly always right, in about 1.5 s;
 * - inflated-posterior: a learner who stopped short of mastery claims a P(L) above the threshold;
 * - replayed-responses: another learner's record, or the learner's own right answers, replayed:
 *   the actor left unchanged, old timestamps, repeated statement ids, or (a quarter of them)
 *   everything rewritten consistently;
 * - answer-key-leaked: a human with the answer key, nearly always right, at a slightly quick pace.
 */
import {
  LEARNING_CHEAT_CORRECT_RATE,
  LEARNING_KEY_SPEED_LOG_SHIFT,
  LEARNING_REPLAY_REWRITTEN_SHARE,
  LEARNING_SCRIPT_JITTER_LOG_SD,
  LEARNING_SCRIPT_LOG_SD,
  LEARNING_SCRIPT_MEDIAN_SECONDS,
  LEARNING_SPEED_LOG_SD,
} from '../limits.js';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import type { Random } from '../probability/random.js';
import { learningTraceKnowledge } from './knowledge-tracing.js';
import {
  type LearningRecordedAnswer,
  learningMasteryCase,
  learningTimeline,
  learningWindowAround,
} from './mastery-case.js';
import { LEARNING_MASTERY_CHEATING_MODELS, LEARNING_MASTERY_PRIOR } from './mastery-checks.js';
import type { LearningItemBank, LearningSkill } from './mastery-evidence.js';
import {
  type LearningAnswerModel,
  type LearningRun,
  type LearningSimulatedAnswer,
  learningHonestLearner,
  learningPseudonym,
  learningRunToMastery,
  learningSimulateItemBank,
} from './mastery-simulation.js';

const DAY_MS = 24 * 3600_000;

interface Setting {
  readonly bank: LearningItemBank;
  readonly skill: LearningSkill;
  readonly threshold: number;
  readonly subject: string;
  readonly session: string;
  readonly startMs: number;
}

function setting(random: Random, index: number): Setting {
  const bank = learningSimulateItemBank(random, index);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return {
    bank,
    skill: bank.skills[0]!,
    threshold: random.pick([0.9, 0.95, 0.95]),
    subject: learningPseudonym(random),
    session: Array.from({ length: 22 }, () => random.pick([...alphabet])).join(''),
    startMs: Date.UTC(2026, 8, 1) + random.integer(0, 60 * DAY_MS),
  };
}

/** Runs fresh learners of `model` until one reaches (or, with `reach` false, misses) mastery. */
function runUntil(
  random: Random,
  s: Setting,
  model: () => LearningAnswerModel,
  reach = true,
  answersMax?: () => number,
): LearningRun {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const run = learningRunToMastery(random, s.bank, s.skill, s.threshold, model(), answersMax?.());
    if (run.mastered === reach) return run;
  }
  throw new Error('assertion failed: the simulated learners never reached the wanted outcome');
}

function caseOf(
  s: Setting,
  label: string,
  answers: readonly LearningRecordedAnswer[],
  claimed: number,
  window: { startMs: number; endMs: number },
): GeneratedCase {
  return learningMasteryCase({
    label,
    truth: label === 'honest',
    subject: s.subject,
    bank: s.bank,
    skill: s.skill.id,
    threshold: s.threshold,
    claimedProbability: claimed,
    answers,
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    session: s.session,
  });
}

function honestCase(random: Random, s: Setting, label = 'honest'): GeneratedCase {
  const run = runUntil(random, s, () => learningHonestLearner(random, s.skill));
  const answers = learningTimeline(random, s.startMs, s.subject, run.answers);
  return caseOf(s, label, answers, run.final, learningWindowAround(random, answers));
}

/** A learner who answers right at LEARNING_CHEAT_CORRECT_RATE with log-times from `logSeconds`. */
function nearlyAlwaysRight(
  random: Random,
  logSeconds: (item: LearningSimulatedAnswer['item']) => number,
): LearningAnswerModel {
  return (item) => ({
    correct: random.chance(LEARNING_CHEAT_CORRECT_RATE),
    durationMs: 1000 * Math.exp(logSeconds(item)),
  });
}

function fabricatedCase(random: Random, s: Setting): GeneratedCase {
  const run = runUntil(random, s, () => {
    const pace = random.normal(Math.log(LEARNING_SCRIPT_MEDIAN_SECONDS), LEARNING_SCRIPT_LOG_SD);
    return nearlyAlwaysRight(random, () => pace + random.normal(0, LEARNING_SCRIPT_JITTER_LOG_SD));
  });
  const answers = learningTimeline(random, s.startMs, s.subject, run.answers);
  return caseOf(
    s,
    'fabricated-responses',
    answers,
    run.final,
    learningWindowAround(random, answers),
  );
}

function keyCase(random: Random, s: Setting): GeneratedCase {
  const run = runUntil(random, s, () => {
    const speed = random.normal(LEARNING_KEY_SPEED_LOG_SHIFT, LEARNING_SPEED_LOG_SD);
    return nearlyAlwaysRight(random, (item) =>
      random.normal(Math.log(item.medianSeconds) + speed, item.timeLogSd),
    );
  });
  const answers = learningTimeline(random, s.startMs, s.subject, run.answers);
  return caseOf(s, 'answer-key-leaked', answers, run.final, learningWindowAround(random, answers));
}

function inflatedCase(random: Random, s: Setting): GeneratedCase {
  const run = runUntil(
    random,
    s,
    () => learningHonestLearner(random, s.skill),
    false,
    () => random.integer(3, 20),
  );
  const answers = learningTimeline(random, s.startMs, s.subject, run.answers);
  const claimed =
    Math.round(random.uniform(s.threshold, Math.min(0.999, s.threshold + 0.049)) * 1e4) / 1e4;
  return caseOf(s, 'inflated-posterior', answers, claimed, learningWindowAround(random, answers));
}

/** The learner's own short record padded with replays of its right answers (same statement ids). */
function duplicatedCase(random: Random, s: Setting): GeneratedCase {
  for (;;) {
    const own = runUntil(
      random,
      s,
      () => learningHonestLearner(random, s.skill),
      false,
      () => random.integer(3, 15),
    );
    const right = own.answers.filter((answer) => answer.correct);
    if (right.length === 0) continue;
    const padded: LearningSimulatedAnswer[] = [...own.answers];
    const sources: number[] = [];
    const traced = () =>
      learningTraceKnowledge(
        s.skill,
        padded.map((a) => ({
          correct: a.correct,
          pGuess: a.item.pGuess ?? s.skill.pGuess,
          pSlip: a.item.pSlip ?? s.skill.pSlip,
        })),
      );
    while (traced().final < s.threshold && padded.length < 60) {
      const source = own.answers.indexOf(right[sources.length % right.length]!);
      sources.push(source);
      padded.push(own.answers[source]!);
    }
    if (traced().final < s.threshold) continue;
    const timeline = learningTimeline(random, s.startMs, s.subject, padded);
    const answers = timeline.map((answer, i) =>
      i < own.answers.length
        ? answer
        : { ...answer, id: timeline[sources[i - own.answers.length]!]!.id },
    );
    return caseOf(
      s,
      'replayed-responses',
      answers,
      traced().final,
      learningWindowAround(random, answers),
    );
  }
}

function replayedCase(random: Random, s: Setting): GeneratedCase {
  if (random.chance(LEARNING_REPLAY_REWRITTEN_SHARE))
    return honestCase(random, s, 'replayed-responses');
  const variant = random.pick(['actor', 'window', 'duplicated'] as const);
  if (variant === 'duplicated') return duplicatedCase(random, s);
  const other = runUntil(random, s, () => learningHonestLearner(random, s.skill));
  if (variant === 'actor') {
    const answers = learningTimeline(random, s.startMs, learningPseudonym(random), other.answers);
    return caseOf(
      s,
      'replayed-responses',
      answers,
      other.final,
      learningWindowAround(random, answers),
    );
  }
  // The other learner's record kept its own, earlier timestamps; the claim's window is the cheater's.
  const answers = learningTimeline(
    random,
    s.startMs - random.integer(7, 120) * DAY_MS,
    s.subject,
    other.answers,
  );
  const window = { startMs: s.startMs, endMs: s.startMs + random.integer(3600_000, 14 * DAY_MS) };
  return caseOf(s, 'replayed-responses', answers, other.final, window);
}

const CHEATS: Record<
  (typeof LEARNING_MASTERY_CHEATING_MODELS)[number],
  (random: Random, s: Setting) => GeneratedCase
> = {
  'fabricated-responses': fabricatedCase,
  'inflated-posterior': inflatedCase,
  'replayed-responses': replayedCase,
  'answer-key-leaked': keyCase,
};

/** `count` cases: the prior's share honest, the rest split evenly among the cheating models. */
export function learningGenerateMasteryCases(random: Random, count: number): GeneratedCase[] {
  const labels = caseLabels(count, LEARNING_MASTERY_PRIOR.p, LEARNING_MASTERY_CHEATING_MODELS);
  return labels.map((label, index) => {
    const s = setting(random, index);
    return label === 'honest'
      ? honestCase(random, s)
      : CHEATS[label as keyof typeof CHEATS](random, s);
  });
}
