/**
 * Simulated tutoring for the case generator: item banks with realistic BKT parameters and time
 * norms, and answer runs under a pluggable answer model, stopped the way a mastery tutor stops
 * (the first answer, from the LEARNING_RESPONSES_MIN-th on, after which P(L) reaches the
 * threshold). The honest answer model is the BKT generative model itself: a hidden known/unknown
 * state that learns with P(T) after each opportunity, guesses and slips, and log-normal answer
 * times around each item's norm shifted by the learner's own speed.
 */
import {
  LEARNING_RESPONSES_MIN,
  LEARNING_SIMULATION_ANSWERS_MAX,
  LEARNING_SPEED_LOG_SD,
} from '../limits.js';
import type { Random } from '../probability/random.js';
import { learningKnowledgeUpdate } from './knowledge-tracing.js';
import type { LearningItem, LearningItemBank, LearningSkill } from './mastery-evidence.js';

/** One simulated answer before it becomes an xAPI statement. */
export interface LearningSimulatedAnswer {
  readonly item: LearningItem;
  readonly correct: boolean;
  readonly durationMs: number;
}

/** How a simulated learner answers an item (any hidden state lives in the closure). */
export type LearningAnswerModel = (
  item: LearningItem,
  skill: LearningSkill,
) => {
  readonly correct: boolean;
  readonly durationMs: number;
};

export interface LearningRun {
  readonly answers: readonly LearningSimulatedAnswer[];
  /** P(L) after the last answer, as the verifier recomputes it. */
  readonly final: number;
  readonly mastered: boolean;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** A bank with the claimed skill and one other skill (whose items the learner never answers). */
export function learningSimulateItemBank(random: Random, index: number): LearningItemBank {
  const skills: LearningSkill[] = ['fractions.add', 'fractions.compare'].map((name) => ({
    id: `${name}.${index % 97}`,
    pInit: round3(random.uniform(0.05, 0.4)),
    pLearn: round3(random.uniform(0.06, 0.3)),
    pGuess: round3(random.uniform(0.08, 0.28)),
    pSlip: round3(random.uniform(0.02, 0.09)),
  }));
  const items: LearningItem[] = [];
  for (const skill of skills) {
    const count = random.integer(6, 24);
    for (let i = 0; i < count; i++) {
      const perItem = random.chance(0.5);
      items.push({
        id: `${skill.id}/q${i}`,
        skill: skill.id,
        ...(perItem
          ? { pGuess: round3(random.uniform(0.04, 0.3)), pSlip: round3(random.uniform(0.02, 0.1)) }
          : {}),
        medianSeconds: round3(Math.exp(random.uniform(Math.log(5), Math.log(90)))),
        timeLogSd: round3(random.uniform(0.3, 0.7)),
      });
    }
  }
  return { id: `bank-${index}`, skills, items };
}

/** The honest learner: BKT's generative model with log-normal answer times. */
export function learningHonestLearner(random: Random, skill: LearningSkill): LearningAnswerModel {
  let known = random.chance(skill.pInit);
  const speed = random.normal(0, LEARNING_SPEED_LOG_SD);
  return (item) => {
    const correct = known
      ? !random.chance(item.pSlip ?? skill.pSlip)
      : random.chance(item.pGuess ?? skill.pGuess);
    if (!known) known = random.chance(skill.pLearn);
    const durationMs =
      1000 * Math.exp(random.normal(Math.log(item.medianSeconds) + speed, item.timeLogSd));
    return { correct, durationMs };
  };
}

/** Runs a learner on random items of the skill until mastery or `answersMax` answers. */
export function learningRunToMastery(
  random: Random,
  bank: LearningItemBank,
  skill: LearningSkill,
  threshold: number,
  model: LearningAnswerModel,
  answersMax = LEARNING_SIMULATION_ANSWERS_MAX,
): LearningRun {
  const items = bank.items.filter((item) => item.skill === skill.id);
  const answers: LearningSimulatedAnswer[] = [];
  let known = skill.pInit;
  while (answers.length < answersMax) {
    const item = random.pick(items);
    const answer = model(item, skill);
    // Durations are recorded to 0.01 s, as xAPI recommends.
    const durationMs = Math.max(10, Math.round(answer.durationMs / 10) * 10);
    answers.push({ item, correct: answer.correct, durationMs });
    known = learningKnowledgeUpdate(
      known,
      {
        correct: answer.correct,
        pGuess: item.pGuess ?? skill.pGuess,
        pSlip: item.pSlip ?? skill.pSlip,
      },
      skill.pLearn,
    ).known;
    if (answers.length >= LEARNING_RESPONSES_MIN && known >= threshold) {
      return { answers, final: known, mastered: true };
    }
  }
  return { answers, final: known, mastered: false };
}

/** `count` random hex digits, 8 at a time. */
function randomHex(random: Random, count: number): string {
  let text = '';
  while (text.length < count) {
    text += Math.floor(random.next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  }
  return text.slice(0, count);
}

/** A random v4-shaped UUID for an xAPI statement id. */
export function learningStatementId(random: Random): string {
  const hex = randomHex(random, 32);
  const variant = (8 + random.integer(0, 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A keyed pseudonym: random hex stands in for HMAC-SHA-256(school key, learner id). */
export function learningPseudonym(random: Random): string {
  return `psn:${randomHex(random, 64)}`;
}
