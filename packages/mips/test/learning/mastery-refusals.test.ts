/**
 * Each structural refusal of mip-edu/mastery@1.0.0 on its own input, with its exact code; the
 * refused case is left as it was.
 */
import { describe, expect, it } from 'vitest';
import type { GeneratedCase } from '../../src/index.js';
import {
  BANK,
  type Changes,
  codeOf,
  HONEST,
  rebuilt,
  STATEMENTS,
  VALUE,
} from './mastery-fixtures.js';

const skill = BANK.skills.find((s) => s.id === VALUE.skill)!;
const withSkill = (changes: Partial<typeof skill>) => ({
  ...BANK,
  skills: BANK.skills.map((s) => (s.id === skill.id ? { ...s, ...changes } : s)),
});

/** Verifies, and checks that verifying changed nothing in the case. */
function refusedWith(changes: Changes): string {
  const generated: GeneratedCase = rebuilt(changes);
  const before = structuredClone(generated);
  const code = codeOf(generated);
  expect(generated).toEqual(before);
  return code;
}

describe('mip-edu/mastery refusals', () => {
  it('the untouched rebuild verifies', () => {
    expect(refusedWith({})).toBe('ok');
    expect(codeOf(HONEST)).toBe('ok');
  });

  it('a window that ends before it starts: learning_window_inverted', () => {
    const window = HONEST.proof.claim.window!;
    expect(refusedWith({ window: { start: window.end, end: window.start } })).toBe(
      'learning_window_inverted',
    );
  });

  it('a window over 180 days: learning_window_too_long', () => {
    const window = HONEST.proof.claim.window!;
    expect(refusedWith({ window: { start: '2025-01-01T00:00:00Z', end: window.end } })).toBe(
      'learning_window_too_long',
    );
  });

  it('an item bank whose skill lacks P(T): learning_item_bank_malformed', () => {
    const { pLearn: _dropped, ...rest } = skill;
    const bank = { ...BANK, skills: [rest, ...BANK.skills.slice(1)] };
    expect(refusedWith({ bank })).toBe('learning_item_bank_malformed');
  });

  it('a slip of 0, which would make a wrong answer impossible: learning_item_bank_malformed', () => {
    expect(refusedWith({ bank: withSkill({ pSlip: 0 }) })).toBe('learning_item_bank_malformed');
  });

  it('a claim naming another bank digest: learning_item_bank_digest_mismatch', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    expect(refusedWith({ value: { itemBank: { id: BANK.id, digest } } })).toBe(
      'learning_item_bank_digest_mismatch',
    );
  });

  it('a second item bank beside the named one: evidence_role_duplicate, from the mechanism', () => {
    const other = rebuilt({ bank: { ...BANK, id: 'bank-other' } });
    const named = rebuilt({});
    const generated: GeneratedCase = {
      ...named,
      proof: { ...named.proof, evidence: [...named.proof.evidence, other.proof.evidence[1]!] },
      evidence: [...named.evidence, other.evidence[1]!],
    };
    expect(codeOf(generated)).toBe('evidence_role_duplicate');
  });

  it('a bank with another id than the claim: learning_item_bank_id_mismatch', () => {
    expect(refusedWith({ bank: { ...BANK, id: 'bank-other' } })).toBe(
      'learning_item_bank_id_mismatch',
    );
  });

  it('a skill the bank does not have: learning_skill_unknown', () => {
    expect(refusedWith({ value: { skill: 'algebra.linear' } })).toBe('learning_skill_unknown');
  });

  it('P(G) + P(S) ≥ 1: learning_parameters_degenerate', () => {
    expect(refusedWith({ bank: withSkill({ pGuess: 0.95, pSlip: 0.05 }) })).toBe(
      'learning_parameters_degenerate',
    );
  });

  it('P(G) above 0.3: learning_parameters_degenerate', () => {
    expect(refusedWith({ bank: withSkill({ pGuess: 0.35 }) })).toBe(
      'learning_parameters_degenerate',
    );
  });

  it('an item with P(S) above 0.1: learning_parameters_degenerate', () => {
    const target = STATEMENTS[0]!.object.id;
    const bank = {
      ...BANK,
      items: BANK.items.map((item) => (item.id === target ? { ...item, pSlip: 0.15 } : item)),
    };
    expect(refusedWith({ bank })).toBe('learning_parameters_degenerate');
  });

  it('a statement with another verb: learning_responses_malformed', () => {
    const statements = STATEMENTS.map((s, i) =>
      i === 0 ? { ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } } : s,
    );
    expect(refusedWith({ statements })).toBe('learning_responses_malformed');
  });

  it('a duration that is not ISO 8601: learning_responses_malformed', () => {
    const statements = STATEMENTS.map((s, i) =>
      i === 0 ? { ...s, result: { ...s.result, duration: '12.5 seconds' } } : s,
    );
    expect(refusedWith({ statements })).toBe('learning_responses_malformed');
  });

  it('an answer to an item of another skill: learning_item_unknown', () => {
    const foreign = BANK.items.find((item) => item.skill !== VALUE.skill)!;
    const statements = STATEMENTS.map((s, i) =>
      i === 0 ? { ...s, object: { id: foreign.id } } : s,
    );
    expect(refusedWith({ statements })).toBe('learning_item_unknown');
  });

  it('a claimed count other than the statements: learning_response_count_mismatch', () => {
    expect(refusedWith({ value: { responses: VALUE.responses + 1 } })).toBe(
      'learning_response_count_mismatch',
    );
  });

  it('two responses: learning_responses_too_few', () => {
    expect(refusedWith({ statements: STATEMENTS.slice(0, 2), value: { responses: 2 } })).toBe(
      'learning_responses_too_few',
    );
  });

  it('a claimed P(L) below its own threshold: mip_claim_invalid', () => {
    expect(refusedWith({ value: { probabilityMastered: VALUE.threshold - 0.01 } })).toBe(
      'mip_claim_invalid',
    );
  });

  it('another unit than probability: mip_claim_invalid', () => {
    expect(refusedWith({ unit: 'percent' })).toBe('mip_claim_invalid');
  });

  it('a subject that is an e-mail address, not a pseudonym: mip_claim_invalid', () => {
    expect(refusedWith({ subject: 'ana@example.org' })).toBe('mip_claim_invalid');
  });
});
