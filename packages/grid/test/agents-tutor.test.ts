import type { JsonValue } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_TRACING, MASTERY_THRESHOLD } from '../src/agents/knowledge-tracing.js';
import { readTutorInput, tutorAgent } from '../src/agents/tutor.js';
import {
  TUTOR_QUESTIONS,
  TUTOR_SKILLS,
  type TutorQuestion,
} from '../src/agents/tutor-questions.js';
import { readTutorState, type TutorState } from '../src/agents/tutor-state.js';
import { initAgent, type RecordedTurn, runAgentTurn } from './support/agent-harness.js';

function question(state: JsonValue): TutorQuestion {
  const id = (state as TutorState).currentQuestionId;
  const found = TUTOR_QUESTIONS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no current question in ${JSON.stringify(state)}`);
  return found;
}

function wrongLetter(current: TutorQuestion): string {
  return current.answer === 'a' ? 'b' : 'a';
}

function chunkTypes(turn: RecordedTurn): unknown[] {
  return turn.chunks.map(({ chunk }) => (chunk as { type: string }).type);
}

async function started(): Promise<RecordedTurn> {
  return runAgentTurn(tutorAgent, await initAgent(tutorAgent), 'start');
}

describe('tutor agent', () => {
  it('has a bank of twelve four-choice questions over four skills, three each', () => {
    expect(TUTOR_QUESTIONS).toHaveLength(12);
    expect(new Set(TUTOR_QUESTIONS.map((entry) => entry.id)).size).toBe(12);
    for (const skill of TUTOR_SKILLS) {
      expect(TUTOR_QUESTIONS.filter((entry) => entry.skill === skill)).toHaveLength(3);
    }
  });

  it('starts every skill at pInit and asks a first question', async () => {
    const initial = (await initAgent(tutorAgent)) as TutorState;
    for (const skill of TUTOR_SKILLS)
      expect(initial.mastery[skill]).toBe(DEFAULT_KNOWLEDGE_TRACING.pInit);
    const turn = await started();
    expect(chunkTypes(turn)).toEqual(['feedback', 'question']);
    const asked = turn.chunks[1]!.chunk as {
      id: string;
      choices: Record<string, string>;
      text: string;
    };
    expect(asked.id).toBe(question(turn.state).id);
    expect(Object.keys(asked.choices)).toEqual(['a', 'b', 'c', 'd']);
    expect(asked.text).toContain('(d)');
  });

  it('raises mastery of the skill with a right answer and lowers it with a wrong one', async () => {
    const first = await started();
    const asked = question(first.state);
    const right = await runAgentTurn(tutorAgent, first.state, { answer: asked.answer });
    const wrong = await runAgentTurn(tutorAgent, first.state, { answer: wrongLetter(asked) });
    const before = (first.state as TutorState).mastery[asked.skill]!;
    expect((right.state as TutorState).mastery[asked.skill]).toBeGreaterThan(before);
    expect((wrong.state as TutorState).mastery[asked.skill]).toBeLessThan(before);
    expect(chunkTypes(right)).toEqual(['feedback', 'mastery', 'question']);
    expect(right.chunks[0]!.chunk).toMatchObject({ correct: true });
    expect(wrong.chunks[0]!.chunk).toMatchObject({ correct: false });
    expect((wrong.chunks[0]!.chunk as { text: string }).text).toContain(`(${asked.answer})`);
  });

  it('masters every skill after enough right answers and never repeats the question just asked', async () => {
    let turn = await started();
    for (let answer = 0; answer < 40; answer++) {
      const asked = question(turn.state);
      turn = await runAgentTurn(tutorAgent, turn.state, asked.answer);
      expect(question(turn.state).id).not.toBe(asked.id);
    }
    const state = turn.state as TutorState;
    expect(state.answered).toBe(40);
    expect(state.correct).toBe(40);
    for (const skill of TUTOR_SKILLS)
      expect(state.mastery[skill]).toBeGreaterThanOrEqual(MASTERY_THRESHOLD);
    const summary = turn.chunks[1]!.chunk as { mastered: string[] };
    expect(summary.mastered.sort()).toEqual([...TUTOR_SKILLS].sort());
  });

  it('asks next from the weakest skill', async () => {
    let turn = await started();
    const first = question(turn.state);
    turn = await runAgentTurn(tutorAgent, turn.state, first.answer);
    // The skill just answered right is no longer the weakest: the next question is elsewhere.
    expect(question(turn.state).skill).not.toBe(first.skill);
    const second = question(turn.state);
    turn = await runAgentTurn(tutorAgent, turn.state, wrongLetter(second));
    // A wrong answer leaves that skill the weakest: another question on the same skill.
    expect(question(turn.state).skill).toBe(second.skill);
    expect(question(turn.state).id).not.toBe(second.id);
  });

  it('is deterministic and its state survives a JSON round trip', async () => {
    const answers: JsonValue[] = ['start', 'b', 'a', { answer: 'c' }, 'D', 'a', {}];
    const run = async () => {
      let state = await initAgent(tutorAgent);
      const outputs: JsonValue[] = [];
      for (const input of answers) {
        const turn = await runAgentTurn(tutorAgent, JSON.parse(JSON.stringify(state)), input);
        state = turn.state;
        outputs.push(turn.chunks.map(({ chunk }) => chunk));
      }
      return { state, outputs };
    };
    const once = await run();
    expect(await run()).toEqual(once);
    expect(readTutorState(JSON.parse(JSON.stringify(once.state)))).toEqual(once.state);
  });

  it('repeats the question, unchanged, on invalid input or a second start', async () => {
    const first = await started();
    for (const input of ['z', 'ab', 42, [1], { answer: 7 }, { answer: 'e' }, true]) {
      const turn = await runAgentTurn(tutorAgent, first.state, input as JsonValue);
      expect(turn.state).toEqual(first.state);
      expect(chunkTypes(turn)).toEqual(['feedback', 'question']);
      expect((turn.chunks[0]!.chunk as { text: string }).text).toMatch(/a, b, c, d/);
    }
    const again = await runAgentTurn(tutorAgent, first.state, {});
    expect(again.state).toEqual(first.state);
    expect(chunkTypes(again)).toEqual(['question']);
  });

  it('reads the input forms it documents', () => {
    expect(readTutorInput('b')).toEqual({ kind: 'answer', letter: 'b' });
    expect(readTutorInput(' C ')).toEqual({ kind: 'answer', letter: 'c' });
    expect(readTutorInput({ answer: 'd' })).toEqual({ kind: 'answer', letter: 'd' });
    expect(readTutorInput('start')).toEqual({ kind: 'start' });
    expect(readTutorInput({})).toEqual({ kind: 'start' });
    expect(readTutorInput(null)).toEqual({ kind: 'start' });
    expect(readTutorInput('maybe')).toEqual({ kind: 'invalid' });
  });

  it('refuses state that is not a tutor state and repairs partial state', async () => {
    await expect(runAgentTurn(tutorAgent, { v: 2 }, 'start')).rejects.toThrow(/malformed/);
    await expect(runAgentTurn(tutorAgent, null, 'start')).rejects.toThrow(/malformed/);
    const partial = {
      v: 1,
      mastery: { glycolysis: 0.7, unknown: 0.5, fermentation: 7 },
      currentQuestionId: 'no-such-question',
      askedCounts: { 'glycolysis-atp': 2, bogus: 1 },
      answered: 3,
      correct: 9,
    };
    const repaired = readTutorState(partial)!;
    expect(repaired.mastery).toEqual({
      glycolysis: 0.7,
      'citric-acid-cycle': 0.2,
      'electron-transport': 0.2,
      fermentation: 0.2,
    });
    expect(repaired.currentQuestionId).toBeNull();
    expect(repaired.askedCounts).toEqual({ 'glycolysis-atp': 2 });
    expect(repaired.correct).toBe(3);
  });
});
