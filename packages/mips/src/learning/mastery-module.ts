/**
 * `mip-edu/mastery@1.0.0` as a MIP module: a pseudonymous learner reached mastery of a skill,
 * recomputed by Bayesian Knowledge Tracing from the tutor's xAPI answered statements and the item
 * bank pinned by digest. The OpenGrid `tutor` agent's sessions produce these proofs.
 */
import type { GeneratedCase, MipModule, VectorCase } from '../mechanism/mip-module.js';
import { verifyCase } from '../mechanism/verify-reality.js';
import { seededRandom } from '../probability/random.js';
import { LEARNING_MASTERY_CHEATING_MODELS, LEARNING_MASTERY_PRIOR } from './mastery-checks.js';
import {
  LEARNING_MASTERY_MIP,
  LEARNING_MASTERY_PREDICATE,
  LearningMasteryClaimSchema,
  learningCheckMasteryClaim,
} from './mastery-claim.js';
import { LEARNING_MASTERY_ROLES } from './mastery-evidence.js';
import { learningGenerateMasteryCases } from './mastery-generator.js';
import { learningVerifyMastery } from './mastery-verify.js';

/** The seed the vectors are drawn with. */
const VECTOR_SEED = 7;

function firstOf(
  cases: readonly GeneratedCase[],
  test: (c: GeneratedCase) => boolean,
): GeneratedCase {
  const found = cases.find(test);
  if (found === undefined) throw new Error('assertion failed: the vector seed has no such case');
  return found;
}

function masteryVectors(): VectorCase[] {
  const cases = learningGenerateMasteryCases(seededRandom(VECTOR_SEED), 200);
  const responses = (c: GeneratedCase) => (c.proof.claim.value as { responses: number }).responses;
  return [
    {
      name: 'honest',
      description:
        'a BKT learner taught to mastery through wrong answers: the recomputed P(L) equals the claim',
      case: firstOf(cases, (c) => c.label === 'honest' && responses(c) >= 8),
    },
    {
      name: 'honest-three-responses',
      description: 'edge: mastery on exactly LEARNING_RESPONSES_MIN answers, all right',
      case: firstOf(cases, (c) => c.label === 'honest' && responses(c) === 3),
    },
    {
      name: 'fabricated-responses',
      description:
        'a script answered every item right in about 1.5 s: the answer times give it away',
      case: firstOf(cases, (c) => c.label === 'fabricated-responses'),
    },
    {
      name: 'inflated-posterior',
      description:
        'the learner stopped short of mastery; the claimed P(L) is above the recomputed one',
      case: firstOf(cases, (c) => c.label === 'inflated-posterior'),
    },
    {
      name: 'replayed-responses',
      description:
        'another learner\u2019s record replayed carelessly (actor, ids or timestamps): a statement bound breaks',
      case: firstOf(cases, (c) => {
        if (c.label !== 'replayed-responses') return false;
        const result = verifyCase(LEARNING_MASTERY_MODULE, c);
        return result.ok && result.value.verdict === 'fail';
      }),
    },
    {
      name: 'answer-key-leaked',
      description:
        'all right at a human pace: detectable only through the unlikely run of right answers',
      case: firstOf(cases, (c) => c.label === 'answer-key-leaked'),
    },
  ];
}

export const LEARNING_MASTERY_MODULE: MipModule = {
  id: LEARNING_MASTERY_MIP,
  title: 'Skill mastery by Bayesian Knowledge Tracing over xAPI answered statements',
  standards: [
    'xAPI 1.0.3 / IEEE 9274.1.1-2023 (answered statements, ISO 8601 durations)',
    'Corbett & Anderson 1995, Knowledge tracing (BKT, 0.95 mastery threshold)',
    'Pardos & Heffernan 2011, KT-IDEM (item-level guess and slip)',
    'Baker, Corbett & Aleven 2008 (degenerate guess and slip)',
    'van der Linden 2006, log-normal model for response times',
    'RFC 8785 (item bank digest)',
  ],
  claimSchema: LearningMasteryClaimSchema,
  predicates: [LEARNING_MASTERY_PREDICATE],
  evidence: LEARNING_MASTERY_ROLES,
  prior: LEARNING_MASTERY_PRIOR,
  cheatingModels: LEARNING_MASTERY_CHEATING_MODELS,
  checkClaim: learningCheckMasteryClaim,
  verify: learningVerifyMastery,
  generate: learningGenerateMasteryCases,
  vectors: masteryVectors,
};
