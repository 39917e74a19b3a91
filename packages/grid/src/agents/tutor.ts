/**
 * `tutor`: a built-in agent that teaches one biology topic with a real student model. Each
 * answer updates the mastery of the question's skill by Bayesian knowledge tracing, and the
 * next question comes from the weakest skill. Input: `{answer: 'b'}` or `"b"` to answer,
 * `{}` / `"start"` / null for the current (or first) question. Output chunks, each with a
 * human-readable `text`: feedback, a mastery summary, the next question. Same state and input
 * give the same state and output.
 */
import type { JsonValue } from '@mycel/kernel';
import { defineAgent, type TurnContext } from './define-agent.js';
import { MASTERY_THRESHOLD, traceAnswer } from './knowledge-tracing.js';
import {
  CHOICE_LETTERS,
  type ChoiceLetter,
  findQuestion,
  TUTOR_SKILLS,
  TUTOR_TOPIC,
  type TutorQuestion,
} from './tutor-questions.js';
import {
  chooseNextQuestion,
  initialTutorState,
  masteryOf,
  readTutorState,
  type TutorState,
} from './tutor-state.js';

type TutorInput =
  | { kind: 'start' }
  | { kind: 'answer'; letter: ChoiceLetter }
  | { kind: 'invalid' };

function readLetter(text: string): TutorInput {
  const letter = text.trim().toLowerCase();
  if (letter === '' || letter === 'start') return { kind: 'start' };
  const choice = CHOICE_LETTERS.find((candidate) => candidate === letter);
  return choice === undefined ? { kind: 'invalid' } : { kind: 'answer', letter: choice };
}

/** Reads the turn input (attacker-controlled). */
export function readTutorInput(input: JsonValue): TutorInput {
  if (input === null) return { kind: 'start' };
  if (typeof input === 'string') return readLetter(input);
  if (typeof input !== 'object' || Array.isArray(input)) return { kind: 'invalid' };
  if (Object.keys(input).length === 0) return { kind: 'start' };
  const answer = input.answer;
  return typeof answer === 'string' ? readLetter(answer) : { kind: 'invalid' };
}

function percent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

function questionChunk(question: TutorQuestion): JsonValue {
  const choices: { [letter: string]: string } = {};
  const lines = [question.prompt];
  question.choices.forEach((choice, index) => {
    const letter = CHOICE_LETTERS[index]!;
    choices[letter] = choice;
    lines.push(`(${letter}) ${choice}`);
  });
  return {
    type: 'question',
    id: question.id,
    skill: question.skill,
    prompt: question.prompt,
    choices,
    text: lines.join('\n'),
  };
}

function masteryChunk(state: TutorState): JsonValue {
  const mastery: { [skill: string]: number } = {};
  const mastered: string[] = [];
  const parts: string[] = [];
  for (const skill of TUTOR_SKILLS) {
    const pLearned = masteryOf(state, skill);
    mastery[skill] = Math.round(pLearned * 1000) / 1000;
    if (pLearned >= MASTERY_THRESHOLD) mastered.push(skill);
    parts.push(`${skill} ${percent(pLearned)}`);
  }
  const score = `${state.correct}/${state.answered} right`;
  return { type: 'mastery', mastery, mastered, text: `Mastery: ${parts.join(', ')} (${score}).` };
}

/** Puts `question` on the table: the new state counts it as asked. */
function ask(state: TutorState, question: TutorQuestion, context: TurnContext): TutorState {
  const count = state.askedCounts[question.id] ?? 0;
  context.emit(questionChunk(question));
  return {
    ...state,
    currentQuestionId: question.id,
    askedCounts: { ...state.askedCounts, [question.id]: count + 1 },
  };
}

function answer(
  state: TutorState,
  question: TutorQuestion,
  letter: ChoiceLetter,
  context: TurnContext,
): TutorState {
  const correct = letter === question.answer;
  const rightChoice = question.choices[CHOICE_LETTERS.indexOf(question.answer)];
  const verdict = correct
    ? 'Correct.'
    : `Not quite: the answer is (${question.answer}) ${rightChoice}.`;
  context.emit({ type: 'feedback', correct, text: `${verdict} ${question.explanation}` });
  const next: TutorState = {
    ...state,
    mastery: {
      ...state.mastery,
      [question.skill]: traceAnswer(masteryOf(state, question.skill), correct),
    },
    answered: state.answered + 1,
    correct: state.correct + (correct ? 1 : 0),
  };
  context.emit(masteryChunk(next));
  return ask(next, chooseNextQuestion(next, question.id), context);
}

export const tutorAgent = defineAgent<TutorState>({
  name: 'tutor',
  version: '1.0.0',
  init: () => initialTutorState(),
  onTurn(stored, input, context) {
    const state = readTutorState(stored);
    if (state === undefined) throw new Error('the tutor state is malformed');
    const current = findQuestion(state.currentQuestionId);
    const request = readTutorInput(input);
    if (request.kind === 'answer' && current !== undefined) {
      return answer(state, current, request.letter, context);
    }
    if (request.kind === 'invalid') {
      const letters = CHOICE_LETTERS.join(', ');
      context.emit({ type: 'feedback', correct: null, text: `Answer with one of ${letters}.` });
    } else if (current === undefined) {
      context.emit({ type: 'feedback', correct: null, text: `Let us practise ${TUTOR_TOPIC}.` });
    }
    if (current !== undefined) {
      context.emit(questionChunk(current));
      return state;
    }
    return ask(state, chooseNextQuestion(state, null), context);
  },
});
