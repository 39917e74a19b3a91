import { learningKnowledgeUpdate } from '@mycel/mips';
import { describe, expect, it } from 'vitest';
import {
  afterOpportunity,
  DEFAULT_KNOWLEDGE_TRACING,
  type KnowledgeTracingParameters,
  posteriorLearned,
  predictCorrect,
  traceAnswer,
} from '../src/agents/knowledge-tracing.js';

const parameters: KnowledgeTracingParameters = {
  pInit: 0.2,
  pLearn: 0.15,
  pSlip: 0.1,
  pGuess: 0.25,
};

/**
 * The slow twin: the same update computed from the joint distribution of the hidden state and
 * the answer, enumerated state by state, then marginalised over the learning transition.
 */
function enumerate(pLearned: number, correct: boolean, p: KnowledgeTracingParameters): number {
  const states = [
    { learned: true, prior: pLearned },
    { learned: false, prior: 1 - pLearned },
  ];
  let evidence = 0;
  let learnedNext = 0;
  for (const state of states) {
    const pRight = state.learned ? 1 - p.pSlip : p.pGuess;
    const joint = state.prior * (correct ? pRight : 1 - pRight);
    evidence += joint;
    learnedNext += joint * (state.learned ? 1 : p.pLearn);
  }
  return learnedNext / evidence;
}

describe('Bayesian knowledge tracing', () => {
  it('matches hand-computed values', () => {
    // Right: 0.2 * 0.9 / (0.2 * 0.9 + 0.8 * 0.25) = 0.18 / 0.38
    expect(posteriorLearned(0.2, true, parameters)).toBeCloseTo(0.18 / 0.38, 12);
    // Wrong: 0.2 * 0.1 / (0.2 * 0.1 + 0.8 * 0.75) = 0.02 / 0.62
    expect(posteriorLearned(0.2, false, parameters)).toBeCloseTo(0.02 / 0.62, 12);
    expect(afterOpportunity(0.5, parameters)).toBeCloseTo(0.575, 12);
    expect(predictCorrect(0.2, parameters)).toBeCloseTo(0.2 * 0.9 + 0.8 * 0.25, 12);
  });

  it('agrees with enumeration over the hidden state', () => {
    for (let step = 0; step <= 100; step++) {
      const pLearned = step / 100;
      for (const correct of [true, false]) {
        expect(traceAnswer(pLearned, correct, parameters)).toBeCloseTo(
          enumerate(pLearned, correct, parameters),
          12,
        );
      }
    }
  });

  it('rises with right answers towards mastery and stays a probability', () => {
    let pLearned = DEFAULT_KNOWLEDGE_TRACING.pInit;
    for (let answer = 0; answer < 6; answer++) {
      const next = traceAnswer(pLearned, true);
      expect(next).toBeGreaterThan(pLearned);
      expect(next).toBeLessThanOrEqual(1);
      pLearned = next;
    }
    expect(pLearned).toBeGreaterThan(0.95);
  });

  it('falls with a wrong answer from any mastery above the learning floor', () => {
    for (const pLearned of [0.2, 0.5, 0.9, 0.99]) {
      expect(traceAnswer(pLearned, false)).toBeLessThan(pLearned);
    }
  });
});

describe('agreement with the mastery MIP', () => {
  it('traces P(L) exactly as mip-edu/mastery recomputes it, so tutor proofs verify', () => {
    for (let step = 0; step <= 50; step++) {
      const pLearned = step / 50;
      for (const correct of [true, false]) {
        const mip = learningKnowledgeUpdate(
          pLearned,
          { correct, pGuess: parameters.pGuess, pSlip: parameters.pSlip },
          parameters.pLearn,
        );
        expect(traceAnswer(pLearned, correct, parameters)).toBeCloseTo(mip.known, 14);
        expect(predictCorrect(pLearned, parameters)).toBeCloseTo(mip.pCorrect, 14);
      }
    }
  });
});
