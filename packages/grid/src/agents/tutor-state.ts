/**
 * The tutor's student model: the probability that each skill is learned (knowledge tracing),
 * the question on the table, and how often each question was asked. It is what makes a tutor
 * session worth keeping, so it is plain JSON the host checkpoints and restores.
 */
import { DEFAULT_KNOWLEDGE_TRACING } from './knowledge-tracing.js';
import {
  findQuestion,
  TUTOR_QUESTIONS,
  TUTOR_SKILLS,
  type TutorQuestion,
  type TutorSkill,
} from './tutor-questions.js';

export type TutorState = {
  v: 1;
  /** P(learned) per skill. */
  mastery: { [skill: string]: number };
  /** The question the student is expected to answer next, if one was asked. */
  currentQuestionId: string | null;
  /** Times each question was asked, by question id. */
  askedCounts: { [questionId: string]: number };
  answered: number;
  correct: number;
};

export function initialTutorState(): TutorState {
  const mastery: { [skill: string]: number } = {};
  for (const skill of TUTOR_SKILLS) mastery[skill] = DEFAULT_KNOWLEDGE_TRACING.pInit;
  return { v: 1, mastery, currentQuestionId: null, askedCounts: {}, answered: 0, correct: 0 };
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads restored state defensively: unknown skills and questions are dropped, missing skills
 * start from pInit. Returns undefined when the state is not a tutor state at all.
 */
export function readTutorState(value: unknown): TutorState | undefined {
  if (!isRecord(value) || value.v !== 1 || !isRecord(value.mastery)) return undefined;
  if (!isRecord(value.askedCounts) || !isCount(value.answered) || !isCount(value.correct)) {
    return undefined;
  }
  const state = initialTutorState();
  for (const skill of TUTOR_SKILLS) {
    const pLearned = value.mastery[skill];
    if (isProbability(pLearned)) state.mastery[skill] = pLearned;
  }
  for (const question of TUTOR_QUESTIONS) {
    const count = value.askedCounts[question.id];
    if (isCount(count)) state.askedCounts[question.id] = count;
  }
  const current = typeof value.currentQuestionId === 'string' ? value.currentQuestionId : null;
  state.currentQuestionId = findQuestion(current)?.id ?? null;
  state.answered = value.answered;
  state.correct = Math.min(value.correct, value.answered);
  return state;
}

export function masteryOf(state: TutorState, skill: TutorSkill): number {
  return state.mastery[skill] ?? DEFAULT_KNOWLEDGE_TRACING.pInit;
}

/**
 * The next question: from the skill with the lowest mastery (ties in bank order), the question
 * asked least often (ties in bank order), never the question just asked unless nothing else
 * is left. Deterministic, so a replayed turn asks the same question.
 */
export function chooseNextQuestion(state: TutorState, justAsked: string | null): TutorQuestion {
  const skills = [...TUTOR_SKILLS].sort(
    (left, right) => masteryOf(state, left) - masteryOf(state, right),
  );
  for (const skill of skills) {
    const candidates = TUTOR_QUESTIONS.filter(
      (question) => question.skill === skill && question.id !== justAsked,
    );
    let best: TutorQuestion | undefined;
    for (const question of candidates) {
      const count = state.askedCounts[question.id] ?? 0;
      if (best === undefined || count < (state.askedCounts[best.id] ?? 0)) best = question;
    }
    if (best !== undefined) return best;
  }
  const fallback = findQuestion(justAsked) ?? TUTOR_QUESTIONS[0];
  if (fallback === undefined) throw new Error('assertion failed: the question bank is empty');
  return fallback;
}
