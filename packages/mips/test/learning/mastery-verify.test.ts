/**
 * The mastery verifier on honest claims and on a clear instance of each cheating model: the p,
 * the verdict, and the check that moved it, with what it measured.
 */
import { describe, expect, it } from 'vitest';
import {
  type EvidenceCheck,
  type GeneratedCase,
  LEARNING_MASTERY_MODULE,
  type LearningItemBank,
  learningMasteryCase,
  type RealityResult,
  seededRandom,
  verifyCase,
} from '../../src/index.js';
import { HONEST, rebuilt, STATEMENTS, VALUE } from './mastery-fixtures.js';

function resultOf(generated: GeneratedCase): RealityResult {
  const result = verifyCase(LEARNING_MASTERY_MODULE, generated);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function check(result: RealityResult, name: string): EvidenceCheck {
  const found = result.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no check ${name}`);
  return found;
}

const GENERATED = LEARNING_MASTERY_MODULE.generate(seededRandom(23), 60);
const firstOf = (label: string) => GENERATED.find((c) => c.label === label)!;

describe('honest mastery claims', () => {
  it('pass with the recomputed P(L) and a conservative settled quantity', () => {
    const result = resultOf(HONEST);
    expect(result.verdict).toBe('pass');
    expect(result.p).toBeGreaterThan(0.9);
    expect(result.method).toBe('mip-edu/mastery@1.0.0#bkt-recompute-v1');
    expect(check(result, 'posterior-recomputed').measured).toMatchObject({
      claimedProbability: VALUE.probabilityMastered,
      recomputedProbability: VALUE.probabilityMastered,
    });
    expect(result.settle?.unit).toBe('probability');
    expect(result.settle!.value).toBeLessThan(VALUE.probabilityMastered);
    expect(result.interval[0]).toBeLessThanOrEqual(result.p);
  });

  it('every honest case of a seed verifies, and most pass', () => {
    const honest = GENERATED.filter((c) => c.label === 'honest').map(resultOf);
    expect(honest.length).toBe(48);
    expect(honest.filter((r) => r.verdict === 'pass').length).toBeGreaterThan(36);
  });

  it('checks carry measured values and notes', () => {
    const result = resultOf(HONEST);
    expect(result.checks.map((c) => c.name)).toEqual([
      'statement-actor',
      'statement-ids-unique',
      'statement-answers-sequential',
      'statement-in-window',
      'posterior-recomputed',
      'mastery-threshold-reached',
      'response-pattern',
    ]);
    for (const c of result.checks) {
      expect(c.note.length).toBeGreaterThan(10);
      expect(Number.isFinite(c.logLikelihoodRatio)).toBe(true);
    }
    expect(check(result, 'statement-actor').measured).toMatchObject({ count: 0 });
    expect(check(result, 'response-pattern').measured).toMatchObject({
      responses: VALUE.responses,
      correct: STATEMENTS.filter((s) => s.result.success).length,
      answersBelowHumanFloor: 0,
    });
  });
});

describe('cheating models', () => {
  it('fabricated-responses: a fast script fails on the answer times', () => {
    const result = resultOf(firstOf('fabricated-responses'));
    expect(result.verdict).toBe('fail');
    expect(result.p).toBeLessThan(0.1);
    const pattern = check(result, 'response-pattern');
    expect(pattern.logLikelihoodRatio).toBeLessThan(-5);
    expect((pattern.measured as { medianAnswerMs: number }).medianAnswerMs).toBeLessThan(5000);
  });

  it('inflated-posterior: a claimed P(L) above the recomputed one fails', () => {
    const result = resultOf(firstOf('inflated-posterior'));
    expect(result.verdict).toBe('fail');
    expect(check(result, 'posterior-recomputed').violated).toBe(true);
    expect(check(result, 'mastery-threshold-reached').violated).toBe(true);
  });

  it('inflated-posterior: the honest record with P(L) raised by 0.001 fails', () => {
    const inflated = rebuilt({
      value: { probabilityMastered: Math.min(1, VALUE.probabilityMastered + 0.001) },
    });
    const result = resultOf(inflated);
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'posterior-recomputed').violated).toBe(true);
  });

  it('replayed-responses: statements of another actor fail', () => {
    const other = `psn:${'ab'.repeat(32)}`;
    const statements = STATEMENTS.map((s) => ({
      ...s,
      actor: { account: { ...s.actor.account, name: other } },
    }));
    const result = resultOf(rebuilt({ statements }));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'statement-actor').measured).toMatchObject({ count: STATEMENTS.length });
  });

  it('replayed-responses: a repeated statement id fails', () => {
    const statements = STATEMENTS.map((s, i) => (i === 1 ? { ...s, id: STATEMENTS[0]!.id } : s));
    const result = resultOf(rebuilt({ statements }));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'statement-ids-unique').violated).toBe(true);
  });

  it('replayed-responses: answers timed before the window fail', () => {
    const statements = STATEMENTS.map((s, i) =>
      i === 0 ? { ...s, timestamp: '2026-01-01T00:00:00.000Z' } : s,
    );
    const result = resultOf(rebuilt({ statements }));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'statement-in-window').violated).toBe(true);
    expect(check(result, 'statement-answers-sequential').violated).toBe(false);
  });

  it('replayed-responses: answers spliced so that they overlap in time fail', () => {
    const last = STATEMENTS[STATEMENTS.length - 1]!;
    const statements = STATEMENTS.map((s, i) =>
      i === 0 ? { ...s, timestamp: last.timestamp } : s,
    );
    const result = resultOf(rebuilt({ statements }));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'statement-answers-sequential').violated).toBe(true);
  });

  it('answer-key-leaked: all right on unguessable items, quick for a human, fails', () => {
    // The clearest instance there is: free-entry items (P(G) = 0.01) on a skill almost no one
    // knows beforehand (P(L0) = 0.01), answered right three times at 35 s against a 60 s norm.
    // Most leaked-key claims are far less clear (docs/spec/mip-learning.md: detection ~16 %).
    const bank: LearningItemBank = {
      id: 'bank-hard',
      skills: [{ id: 'proofs.induction', pInit: 0.01, pLearn: 0.02, pGuess: 0.01, pSlip: 0.05 }],
      items: Array.from({ length: 8 }, (_, i) => ({
        id: `proofs.induction/q${i}`,
        skill: 'proofs.induction',
        medianSeconds: 60,
        timeLogSd: 0.4,
      })),
    };
    const start = Date.UTC(2026, 9, 1, 9);
    const answers = Array.from({ length: 3 }, (_, i) => ({
      id: `0000000${i}-0000-4000-8000-000000000000`,
      actor: HONEST.proof.claim.subject,
      item: `proofs.induction/q${i}`,
      correct: true,
      durationMs: 35_000,
      timestampMs: start + (i + 1) * 120_000,
    }));
    const generated = learningMasteryCase({
      label: 'answer-key-leaked',
      truth: false,
      subject: HONEST.proof.claim.subject,
      bank,
      skill: 'proofs.induction',
      threshold: 0.99,
      claimedProbability: 0.99,
      answers,
      windowStartMs: start,
      windowEndMs: start + 3600_000,
    });
    const result = resultOf(generated);
    expect(result.p).toBeLessThan(0.1);
    const pattern = check(result, 'response-pattern');
    expect(pattern.measured).toMatchObject({ responses: 3, correct: 3, answersBelowHumanFloor: 0 });
    expect(pattern.logLikelihoodRatio).toBeLessThan(-3);
  });
});
