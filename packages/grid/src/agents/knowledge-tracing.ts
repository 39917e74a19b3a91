/**
 * Bayesian knowledge tracing (Corbett, A. T. & Anderson, J. R. (1995), "Knowledge tracing:
 * Modeling the acquisition of procedural knowledge", User Modeling and User-Adapted Interaction
 * 4(4), 253-278). Each skill is a hidden two-state variable, learned or not; P(L) is the
 * probability that it is learned. Four parameters per skill:
 *   pInit  P(L0)  learned before the first question
 *   pLearn P(T)   an unlearned skill becomes learned at an opportunity to apply it
 *   pSlip  P(S)   a learned skill still gives a wrong answer
 *   pGuess P(G)   an unlearned skill still gives a right answer
 * After each answer the model conditions on the evidence (Bayes' rule), then applies the
 * learning transition. Pure functions: the same state and answers give the same mastery.
 */
import { learningKnowledgeUpdate } from '@mycel/mips';

export interface KnowledgeTracingParameters {
  readonly pInit: number;
  readonly pLearn: number;
  readonly pSlip: number;
  readonly pGuess: number;
}

/**
 * Defaults for four-choice questions: a blind guess is right one time in four; pInit, pLearn
 * and pSlip are in the range Corbett & Anderson report for their fitted skills.
 */
export const DEFAULT_KNOWLEDGE_TRACING: KnowledgeTracingParameters = {
  pInit: 0.2,
  pLearn: 0.15,
  pSlip: 0.1,
  pGuess: 0.25,
};

/** The conventional mastery criterion of BKT tutors: P(L) of at least 0.95. */
export const MASTERY_THRESHOLD = 0.95;

/**
 * The new P(L) of a skill after one answer: the evidence first (Bayes' rule), then the chance to
 * learn. The update is the mastery MIP's own (mip-edu/mastery), so a mastery proof from this
 * tutor's sessions recomputes to the same P(L) at the verifier, bit for bit.
 */
export function traceAnswer(
  pLearned: number,
  correct: boolean,
  parameters: KnowledgeTracingParameters = DEFAULT_KNOWLEDGE_TRACING,
): number {
  return learningKnowledgeUpdate(
    pLearned,
    { correct, ...guessAndSlip(parameters) },
    parameters.pLearn,
  ).known;
}

function guessAndSlip(parameters: KnowledgeTracingParameters) {
  return { pGuess: parameters.pGuess, pSlip: parameters.pSlip };
}

/** P(right answer) predicted before the student answers: P(L)(1 - S) + (1 - P(L)) G. */
export function predictCorrect(
  pLearned: number,
  parameters: KnowledgeTracingParameters = DEFAULT_KNOWLEDGE_TRACING,
): number {
  const answer = { correct: true, ...guessAndSlip(parameters) };
  return learningKnowledgeUpdate(pLearned, answer, parameters.pLearn).pCorrect;
}
