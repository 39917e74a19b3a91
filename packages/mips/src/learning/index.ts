/** The learning MIPs' public surface, re-exported by the package index. */
export {
  type LearningTrace,
  type LearningTracedAnswer,
  type LearningTracingParameters,
  learningDegeneracy,
  learningKnowledgeUpdate,
  learningTraceKnowledge,
} from './knowledge-tracing.js';
export {
  type LearningCaseInput,
  type LearningRecordedAnswer,
  learningMasteryCase,
} from './mastery-case.js';
export { LEARNING_MASTERY_CHEATING_MODELS, LEARNING_MASTERY_PRIOR } from './mastery-checks.js';
export {
  LEARNING_MASTERY_MIP,
  LEARNING_MASTERY_PREDICATE,
  LEARNING_MASTERY_UNIT,
  type LearningMasteryClaim,
  LearningMasteryClaimSchema,
  type LearningMasteryValue,
  learningCheckMasteryClaim,
} from './mastery-claim.js';
export {
  LEARNING_ITEM_BANK_MEDIA_TYPE,
  LEARNING_RESPONSES_MEDIA_TYPE,
  LEARNING_VERB_ANSWERED,
  type LearningItem,
  type LearningItemBank,
  type LearningSkill,
  type LearningStatement,
  learningDurationMs,
} from './mastery-evidence.js';
export { learningGenerateMasteryCases } from './mastery-generator.js';
export { LEARNING_MASTERY_MODULE } from './mastery-module.js';
export { learningVerifyMastery } from './mastery-verify.js';
