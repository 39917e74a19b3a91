/**
 * Knowledge tracing and the answer-time density against their slow twins: the filter against a
 * brute-force sum over every hidden known/unknown path, the closed-form random offset against
 * numerical integration. Plus the worked example, the degeneracy rules and xAPI durations.
 */
import { describe, expect, it } from 'vitest';
import {
  type LearningTracedAnswer,
  learningDegeneracy,
  learningDurationMs,
  learningTraceKnowledge,
} from '../../src/index.js';
import { learningRandomOffsetLogDensity } from '../../src/learning/response-times.js';

const PARAMETERS = { pInit: 0.3, pLearn: 0.15 };
const answer = (correct: boolean, pGuess = 0.2, pSlip = 0.1): LearningTracedAnswer => ({
  correct,
  pGuess,
  pSlip,
});

/** P(answers) and P(known after the last, post-learning) by summing over all 2^n hidden paths. */
function bruteForce(answers: readonly LearningTracedAnswer[]): { p: number; known: number } {
  let total = 0;
  let knownAfter = 0;
  const n = answers.length;
  for (let path = 0; path < 2 ** n; path++) {
    let weight = 1;
    let previous = false;
    for (let t = 0; t < n; t++) {
      const known = ((path >> t) & 1) === 1;
      if (t === 0) weight *= known ? PARAMETERS.pInit : 1 - PARAMETERS.pInit;
      else if (previous) weight *= known ? 1 : 0;
      else weight *= known ? PARAMETERS.pLearn : 1 - PARAMETERS.pLearn;
      const a = answers[t]!;
      const pRight = known ? 1 - a.pSlip : a.pGuess;
      weight *= a.correct ? pRight : 1 - pRight;
      previous = known;
    }
    total += weight;
    knownAfter += weight * (previous ? 1 : PARAMETERS.pLearn);
  }
  return { p: total, known: knownAfter / total };
}

describe('learningTraceKnowledge', () => {
  it('gives the worked example: one right answer from P(L0) = 0.3 raises P(L) to 0.7098', () => {
    // P(L|right) = 0.3·0.9 / (0.3·0.9 + 0.7·0.2) = 0.27 / 0.41; then + (1 − that)·0.15.
    const trace = learningTraceKnowledge(PARAMETERS, [answer(true)]);
    expect(trace.final).toBeCloseTo(0.27 / 0.41 + (1 - 0.27 / 0.41) * 0.15, 12);
    expect(trace.logLikelihood).toBeCloseTo(Math.log(0.41), 12);
  });

  it('agrees with the brute-force sum over hidden paths, item guess and slip included', () => {
    const answers = [
      answer(false, 0.25, 0.05),
      answer(true),
      answer(false, 0.1, 0.08),
      answer(true, 0.05, 0.02),
      answer(true),
      answer(true, 0.3, 0.1),
      answer(false),
      answer(true),
    ];
    const trace = learningTraceKnowledge(PARAMETERS, answers);
    const slow = bruteForce(answers);
    expect(trace.logLikelihood).toBeCloseTo(Math.log(slow.p), 10);
    expect(trace.final).toBeCloseTo(slow.known, 10);
    expect(trace.posteriors).toHaveLength(8);
  });

  it('lowers P(L) on a wrong answer', () => {
    const trace = learningTraceKnowledge(PARAMETERS, [answer(true), answer(true), answer(false)]);
    expect(trace.posteriors[2]!).toBeLessThan(trace.posteriors[1]!);
  });
});

describe('learningDegeneracy', () => {
  it('accepts the Cognitive Tutor bounds exactly', () => {
    expect(learningDegeneracy(0.3, 0.1)).toBeUndefined();
  });
  it('names P(G) + P(S) ≥ 1 first', () => {
    expect(learningDegeneracy(0.6, 0.4)).toBe('P(G) + P(S) = 1 is at least 1');
  });
  it('names a guess above 0.3', () => {
    expect(learningDegeneracy(0.31, 0.05)).toBe('P(G) = 0.31 is above 0.3');
  });
  it('names a slip above 0.1', () => {
    expect(learningDegeneracy(0.2, 0.11)).toBe('P(S) = 0.11 is above 0.1');
  });
});

describe('learningDurationMs', () => {
  it('reads xAPI durations', () => {
    expect(learningDurationMs('PT12.34S')).toBe(12_340);
    expect(learningDurationMs('PT1M2.5S')).toBe(62_500);
    expect(learningDurationMs('PT1H')).toBe(3_600_000);
  });
  it('refuses other forms and durations over a day', () => {
    expect(learningDurationMs('PT')).toBeUndefined();
    expect(learningDurationMs('P1D')).toBeUndefined();
    expect(learningDurationMs('12.5')).toBeUndefined();
    expect(learningDurationMs('PT25H')).toBeUndefined();
  });
});

describe('learningRandomOffsetLogDensity', () => {
  it('equals numerical integration over the shared offset', () => {
    const times = [
      { logTime: 2.1, mean: 2.4, sd: 0.5 },
      { logTime: 3.0, mean: 2.9, sd: 0.4 },
      { logTime: 1.2, mean: 1.6, sd: 0.6 },
    ];
    const offsetMean = -0.1;
    const offsetSd = 0.35;
    const normal = (x: number, m: number, s: number) =>
      Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    let integral = 0;
    const step = 0.0005;
    for (let m = -4; m <= 4; m += step) {
      let product = normal(m, offsetMean, offsetSd);
      for (const t of times) product *= normal(t.logTime, t.mean + m, t.sd);
      integral += product * step;
    }
    expect(learningRandomOffsetLogDensity(times, offsetMean, offsetSd)).toBeCloseTo(
      Math.log(integral),
      6,
    );
  });
});
