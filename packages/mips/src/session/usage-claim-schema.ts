/**
 * The claim of a session usage proof, `mip-session/usage@1.0.0` (ARCHITECTURE §5.5): the node
 * says it served session `subject` for `seconds` whole seconds and `turns` completed turns in the
 * window, at `unitPrice` per second. The envelope around it is the kernel's proof; this is the
 * part whose meaning belongs to the MIP (K6).
 */
import type { Amount } from '@mycel/kernel';
import { Type } from '@sinclair/typebox';
import { AmountSchema, DidSchema, TimestampSchema } from '../kernel-parts.js';
import {
  USAGE_AGENT_CHARS_MAX,
  USAGE_EPOCH_MAX,
  USAGE_SECONDS_MAX,
  USAGE_SESSION_ID_CHARS_MAX,
  USAGE_TURNS_MAX,
} from '../limits.js';

/** What a usage claim says the node did for the subject. */
export const USAGE_PREDICATE = 'served';
/** The metered unit: seconds, so the fee is seconds × unit price. */
export const USAGE_UNIT = 'second';

/** The latency classes a session is opened in (OpenGrid's, docs/spec/opengrid.md §2). */
export const USAGE_LATENCY_CLASSES = ['robot', 'voice', 'interactive', 'batch'] as const;
export type UsageLatencyClass = (typeof USAGE_LATENCY_CLASSES)[number];

const Count = (maximum: number) => Type.Integer({ minimum: 0, maximum });

export const UsageClaimValueSchema = Type.Object(
  {
    /** The node that served the session and signed first. */
    node: DidSchema,
    /** The session's client key, which countersigns. */
    client: DidSchema,
    agent: Type.String({ minLength: 1, maxLength: USAGE_AGENT_CHARS_MAX }),
    class: Type.Union(USAGE_LATENCY_CLASSES.map((name) => Type.Literal(name))),
    /** The placement epoch the node served. */
    epoch: Type.Integer({ minimum: 1, maximum: USAGE_EPOCH_MAX }),
    /** Whole seconds of the window (floor). */
    seconds: Count(USAGE_SECONDS_MAX),
    /** Turns that completed in the window. */
    turns: Count(USAGE_TURNS_MAX),
    /** The coordinator's price per second. */
    unitPrice: AmountSchema,
  },
  { additionalProperties: false },
);

export const UsageClaimSchema = Type.Object(
  {
    /** The session id. */
    subject: Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      minLength: 1,
      maxLength: USAGE_SESSION_ID_CHARS_MAX,
    }),
    predicate: Type.Literal(USAGE_PREDICATE),
    value: UsageClaimValueSchema,
    unit: Type.Literal(USAGE_UNIT),
    window: Type.Object(
      { start: TimestampSchema, end: TimestampSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** The claim value, typed (the schema's amount and did parts are the kernel's). */
export interface UsageClaimValue {
  readonly node: string;
  readonly client: string;
  readonly agent: string;
  readonly class: UsageLatencyClass;
  readonly epoch: number;
  readonly seconds: number;
  readonly turns: number;
  readonly unitPrice: Amount;
}
