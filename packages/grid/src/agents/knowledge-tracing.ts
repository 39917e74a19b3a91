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
 * P(L | answer) by Bayes' rule:
 *   right: P(L)(1 - S) / (P(L)(1 - S) + (1 - P(L)) G)
 *   wrong: P(L) S       / (P(L) S       + (1 - P(L)) (1 - G))
 */
export function posteriorLearned(
  pLearned: number,
  correct: boolean,
  parameters: KnowledgeTracingParameters,
): number {
  const { pSlip, pGuess } = parameters;
  const learnedAndObserved = correct ? pLearned * (1 - pSlip) : pLearned * pSlip;
  const unlearnedAndObserved = correct ? (1 - pLearned) * pGuess : (1 - pLearned) * (1 - pGuess);
  return learnedAndObserved / (learnedAndObserved + unlearnedAndObserved);
}

/** Learning transition after the opportunity: P(L_next) = P(L | answer) + (1 - P(L | answer)) T. */
export function afterOpportunity(
  pLearnedGivenAnswer: number,
  parameters: KnowledgeTracingParameters,
): number {
  return pLearnedGivenAnswer + (1 - pLearnedGivenAnswer) * parameters.pLearn;
}

/** The new P(L) of a skill after one answer: the evidence first, then the chance to learn. */
export function traceAnswer(
  pLearned: number,
  correct: boolean,
  parameters: KnowledgeTracingParameters = DEFAULT_KNOWLEDGE_TRACING,
): number {
  return afterOpportunity(posteriorLearned(pLearned, correct, parameters), parameters);
}

/** P(right answer) predicted before the student answers: P(L)(1 - S) + (1 - P(L)) G. */
export function predictCorrect(
  pLearned: number,
  parameters: KnowledgeTracingParameters = DEFAULT_KNOWLEDGE_TRACING,
): number {
  return pLearned * (1 - parameters.pSlip) + (1 - pLearned) * parameters.pGuess;
}
