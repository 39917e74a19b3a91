/**
 * The two evidence roles of a mastery proof and their JSON: the learner's response statements,
 * shaped after xAPI 1.0.3 (IEEE 9274.1.1-2023) `answered` statements, and the item bank's
 * parameters (per skill BKT P(L0), P(T), P(G), P(S); per item its skill, optional item guess and
 * slip as in KT-IDEM (Pardos & Heffernan 2011) and its log-normal answer-time norm). Both are
 * attacker-controlled input: parsed here with a compiled schema before anything reads them.
 */
import type { JsonValue } from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TimestampSchema } from '../kernel-parts.js';
import {
  LEARNING_DURATION_SECONDS_MAX,
  LEARNING_ITEM_MEDIAN_SECONDS_MAX,
  LEARNING_ITEM_MEDIAN_SECONDS_MIN,
  LEARNING_ITEMS_MAX,
  LEARNING_PARAMETER_MIN,
  LEARNING_RESPONSES_MAX,
  LEARNING_SKILLS_MAX,
  LEARNING_TIME_LOG_SD_MAX,
  LEARNING_TIME_LOG_SD_MIN,
} from '../limits.js';
import type { EvidenceRole } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { LearningIdSchema } from './mastery-claim.js';

export const LEARNING_RESPONSES_MEDIA_TYPE = 'application/vnd.mycel.learning.responses+json';
export const LEARNING_ITEM_BANK_MEDIA_TYPE = 'application/vnd.mycel.learning.item-bank+json';
/** xAPI's ADL verb for answering a question. */
export const LEARNING_VERB_ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';

export const LEARNING_MASTERY_ROLES: readonly EvidenceRole[] = [
  {
    role: 'responses',
    mediaType: LEARNING_RESPONSES_MEDIA_TYPE,
    capture:
      'xAPI answered statements recorded by the tutor (e.g. an OpenGrid tutor session), in answer order',
    calibration: 'none',
    required: true,
  },
  {
    role: 'item-bank',
    mediaType: LEARNING_ITEM_BANK_MEDIA_TYPE,
    capture: 'the item bank parameters the tutor scored with, pinned by digest in the claim',
    calibration: 'none',
    required: true,
  },
];

const Probability = Type.Number({
  minimum: LEARNING_PARAMETER_MIN,
  maximum: 1 - LEARNING_PARAMETER_MIN,
});

const SkillSchema = Type.Object(
  {
    id: LearningIdSchema,
    pInit: Probability,
    pLearn: Probability,
    pGuess: Probability,
    pSlip: Probability,
  },
  { additionalProperties: false },
);

const ItemSchema = Type.Object(
  {
    id: LearningIdSchema,
    skill: LearningIdSchema,
    /** Item-level guess and slip (KT-IDEM); absent: the skill's. */
    pGuess: Type.Optional(Probability),
    pSlip: Type.Optional(Probability),
    /** Median answer time of honest learners, seconds, and the sd of the log time. */
    medianSeconds: Type.Number({
      minimum: LEARNING_ITEM_MEDIAN_SECONDS_MIN,
      maximum: LEARNING_ITEM_MEDIAN_SECONDS_MAX,
    }),
    timeLogSd: Type.Number({
      minimum: LEARNING_TIME_LOG_SD_MIN,
      maximum: LEARNING_TIME_LOG_SD_MAX,
    }),
  },
  { additionalProperties: false },
);

export const LearningItemBankSchema = Type.Object(
  {
    id: LearningIdSchema,
    skills: Type.Array(SkillSchema, { minItems: 1, maxItems: LEARNING_SKILLS_MAX }),
    items: Type.Array(ItemSchema, { minItems: 1, maxItems: LEARNING_ITEMS_MAX }),
  },
  { additionalProperties: false },
);

export const LearningStatementSchema = Type.Object(
  {
    /** xAPI statement id (a UUID). */
    id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
    actor: Type.Object(
      {
        account: Type.Object(
          {
            homePage: Type.String({ minLength: 1, maxLength: 256 }),
            name: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    verb: Type.Object(
      { id: Type.Literal(LEARNING_VERB_ANSWERED) },
      { additionalProperties: false },
    ),
    object: Type.Object({ id: LearningIdSchema }, { additionalProperties: false }),
    result: Type.Object(
      { success: Type.Boolean(), duration: Type.String({ maxLength: 32 }) },
      { additionalProperties: false },
    ),
    /** When the answer was submitted; the answer took `duration` before it. */
    timestamp: TimestampSchema,
  },
  { additionalProperties: false },
);

export type LearningItemBank = Static<typeof LearningItemBankSchema>;
export type LearningSkill = LearningItemBank['skills'][number];
export type LearningItem = LearningItemBank['items'][number];
export type LearningStatement = Static<typeof LearningStatementSchema>;

const bankShape = TypeCompiler.Compile(LearningItemBankSchema);
const responsesShape = TypeCompiler.Compile(
  Type.Array(LearningStatementSchema, { maxItems: LEARNING_RESPONSES_MAX }),
);

/**
 * An ISO 8601 duration of hours, minutes and seconds (`PT1M2.5S`), as xAPI records result
 * durations, in milliseconds; undefined when it is another form or longer than a day.
 */
export function learningDurationMs(text: string): number | undefined {
  const match = /^PT(?:(\d{1,2})H)?(?:(\d{1,4})M)?(?:(\d{1,5}(?:\.\d{1,3})?)S)?$/.exec(text);
  if (match === null || text === 'PT') return undefined;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  if (seconds > LEARNING_DURATION_SECONDS_MAX) return undefined;
  return Math.round(seconds * 1000);
}

/** `PT12.34S`: xAPI's recommended form, rounded to 0.01 s (xAPI 1.0.3 §4.1.5.1). */
export function learningFormatDuration(ms: number): string {
  return `PT${(Math.round(ms / 10) / 100).toFixed(2)}S`;
}

export function learningParseItemBank(value: JsonValue): MipsResult<LearningItemBank> {
  const first = bankShape.Check(value) ? undefined : bankShape.Errors(value).First();
  if (first !== undefined) {
    return mipsFail('learning_item_bank_malformed', `item bank${first.path}: ${first.message}`);
  }
  return { ok: true, value: value as LearningItemBank };
}

export function learningParseResponses(value: JsonValue): MipsResult<LearningStatement[]> {
  const first = responsesShape.Check(value) ? undefined : responsesShape.Errors(value).First();
  if (first !== undefined) {
    return mipsFail('learning_responses_malformed', `responses${first.path}: ${first.message}`);
  }
  const statements = value as LearningStatement[];
  for (let index = 0; index < statements.length; index++) {
    if (learningDurationMs(statements[index]!.result.duration) === undefined) {
      return mipsFail(
        'learning_responses_malformed',
        `responses/${index}/result/duration is not an ISO 8601 PT…H…M…S duration of at most a day`,
      );
    }
  }
  return { ok: true, value: statements };
}
