/**
 * A generated honest mastery case taken apart, and rebuilt with one part changed: the tests
 * change a statement, the item bank or the claim and see the exact code or check that catches it.
 */
import { buildProof, digestOf, type JsonValue, parseJsonBytes } from '@mycel/kernel';
import {
  evidenceBytes,
  evidenceEntry,
  type GeneratedCase,
  LEARNING_ITEM_BANK_MEDIA_TYPE,
  LEARNING_MASTERY_MODULE,
  LEARNING_RESPONSES_MEDIA_TYPE,
  type LearningItemBank,
  type LearningMasteryValue,
  type LearningStatement,
  seededRandom,
  verifyCase,
} from '../../src/index.js';

/** The first honest case of seed 11. */
export const HONEST: GeneratedCase = LEARNING_MASTERY_MODULE.generate(seededRandom(11), 5)[0]!;

function parsed<T>(mediaType: string): T {
  const piece = HONEST.evidence.find((e) => e.mediaType === mediaType)!;
  const value = parseJsonBytes(piece.bytes);
  if (!value.ok) throw new Error(value.error.message);
  return value.value as T;
}

export const STATEMENTS: readonly LearningStatement[] = parsed(LEARNING_RESPONSES_MEDIA_TYPE);
export const BANK: LearningItemBank = parsed(LEARNING_ITEM_BANK_MEDIA_TYPE);
export const VALUE = HONEST.proof.claim.value as unknown as LearningMasteryValue;

export interface Changes {
  readonly statements?: unknown;
  readonly bank?: unknown;
  /** Merged into the claim value after the bank digest is filled in. */
  readonly value?: Partial<LearningMasteryValue>;
  readonly window?: { readonly start: string; readonly end: string };
  readonly unit?: string;
  readonly subject?: string;
}

/** The honest case with `changes`; the bank digest follows the bank unless `value` overrides it. */
export function rebuilt(changes: Changes): GeneratedCase {
  const statementBytes = evidenceBytes((changes.statements ?? STATEMENTS) as JsonValue);
  const bankBytes = evidenceBytes((changes.bank ?? BANK) as JsonValue);
  const value = {
    ...VALUE,
    itemBank: { id: VALUE.itemBank.id, digest: digestOf(bankBytes) },
    ...changes.value,
  };
  const proof = buildProof({
    mip: HONEST.proof.mip,
    federation: HONEST.proof.federation,
    claim: {
      ...HONEST.proof.claim,
      subject: changes.subject ?? HONEST.proof.claim.subject,
      value: value as unknown as JsonValue,
      unit: changes.unit ?? HONEST.proof.claim.unit,
      window: changes.window ?? HONEST.proof.claim.window,
    },
    attestation: HONEST.proof.attestation,
    evidence: [
      evidenceEntry(LEARNING_RESPONSES_MEDIA_TYPE, statementBytes, 'tutor-vault'),
      evidenceEntry(LEARNING_ITEM_BANK_MEDIA_TYPE, bankBytes, 'tutor-vault'),
    ],
    refs: HONEST.proof.refs,
    issuedAt: HONEST.proof.issuedAt,
  });
  return {
    label: 'changed',
    truth: false,
    proof,
    evidence: [
      { mediaType: LEARNING_RESPONSES_MEDIA_TYPE, bytes: statementBytes },
      { mediaType: LEARNING_ITEM_BANK_MEDIA_TYPE, bytes: bankBytes },
    ],
    context: HONEST.context,
  };
}

/** The error code of verifying a case, or `ok`. */
export function codeOf(generated: GeneratedCase): string {
  const result = verifyCase(LEARNING_MASTERY_MODULE, generated);
  return result.ok ? 'ok' : result.error.code;
}

/** The p of a case that verifies (a refusal is a test failure). */
export function pOf(generated: GeneratedCase): number {
  const result = verifyCase(LEARNING_MASTERY_MODULE, generated);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.p;
}
