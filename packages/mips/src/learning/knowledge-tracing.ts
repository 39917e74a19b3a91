/**
 * Bayesian Knowledge Tracing (Corbett & Anderson 1995), the model a mastery claim is recomputed
 * with. A skill is a two-state hidden Markov model: unknown → known with P(T) per opportunity,
 * never back; a known skill is answered right unless the learner slips (P(S)), an unknown one
 * only by a guess (P(G)). Guess and slip may be per item (KT-IDEM, Pardos & Heffernan 2011).
 * The filter below gives P(L) after each answer (post-learning step, the quantity the Cognitive
 * Tutor compares with its 0.95 mastery threshold) and, as a by-product of the forward pass, the
 * exact probability of the whole answer sequence under the model.
 */
import { LEARNING_GUESS_MAX, LEARNING_SLIP_MAX } from '../limits.js';

export interface LearningTracingParameters {
  /** P(L0): the skill is known before the first answer. */
  readonly pInit: number;
  /** P(T): an unknown skill becomes known at an opportunity. */
  readonly pLearn: number;
}

/** One answer with the guess and slip of the item it answered. */
export interface LearningTracedAnswer {
  readonly correct: boolean;
  readonly pGuess: number;
  readonly pSlip: number;
}

export interface LearningTrace {
  /** P(L) after each answer, post-learning step. */
  readonly posteriors: readonly number[];
  /** P(L) after the last answer (P(L0) when there is none). */
  readonly final: number;
  /** ln P(the answers' correctness sequence | the model). */
  readonly logLikelihood: number;
}

/** P(L) before the next answer, given P(L) before this one and this answer. */
export function learningKnowledgeUpdate(
  known: number,
  answer: LearningTracedAnswer,
  pLearn: number,
): { readonly known: number; readonly pCorrect: number } {
  const pCorrect = known * (1 - answer.pSlip) + (1 - known) * answer.pGuess;
  const conditional = answer.correct
    ? (known * (1 - answer.pSlip)) / pCorrect
    : (known * answer.pSlip) / (1 - pCorrect);
  return { known: conditional + (1 - conditional) * pLearn, pCorrect };
}

/** Runs the filter over the answers in order. */
export function learningTraceKnowledge(
  parameters: LearningTracingParameters,
  answers: readonly LearningTracedAnswer[],
): LearningTrace {
  let known = parameters.pInit;
  let logLikelihood = 0;
  const posteriors: number[] = [];
  for (const answer of answers) {
    const step = learningKnowledgeUpdate(known, answer, parameters.pLearn);
    logLikelihood += Math.log(answer.correct ? step.pCorrect : 1 - step.pCorrect);
    known = step.known;
    posteriors.push(known);
  }
  return { posteriors, final: known, logLikelihood };
}

/**
 * Why a guess and slip pair makes the model degenerate, or undefined. With P(G) + P(S) ≥ 1 a
 * right answer is no more likely from a learner who knows the skill than from one who does not,
 * so the posterior rises on wrong answers (Baker, Corbett & Aleven 2008 call such fits
 * degenerate); P(G) ≤ 0.3 and P(S) ≤ 0.1 are the Cognitive Tutor fitting bounds.
 */
export function learningDegeneracy(pGuess: number, pSlip: number): string | undefined {
  if (pGuess + pSlip >= 1) return `P(G) + P(S) = ${pGuess + pSlip} is at least 1`;
  if (pGuess > LEARNING_GUESS_MAX) return `P(G) = ${pGuess} is above ${LEARNING_GUESS_MAX}`;
  if (pSlip > LEARNING_SLIP_MAX) return `P(S) = ${pSlip} is above ${LEARNING_SLIP_MAX}`;
  return undefined;
}
