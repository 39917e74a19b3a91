/** TypeBox building blocks shared by the wire messages (exported as JSON Schema for other implementations). */
import { SCHEMA_BASE_URI } from '@mycel/kernel';
import { Type } from '@sinclair/typebox';
import { LATENCY_CLASSES } from './latency-class.js';
import {
  AGENT_REFERENCE_LENGTH_MAX,
  COORDINATE_DIMENSIONS_MAX,
  DID_LENGTH_MAX,
  ENDPOINT_LENGTH_MAX,
  LABEL_LENGTH_MAX,
  SESSION_EPOCH_MAX,
  SESSION_ID_LENGTH_MAX,
} from './limits.js';

/**
 * The `$id` and `title` of a wire object published as docs/spec/schemas/<name>.json
 * (wire-schemas-catalog.ts lists them all).
 */
export function published(name: string, title: string): { $id: string; title: string } {
  return { $id: `${SCHEMA_BASE_URI}${name}.json`, title };
}

export const DidSchema = Type.String({
  pattern: '^did:key:z[1-9A-HJ-NP-Za-km-z]+$',
  maxLength: DID_LENGTH_MAX,
});

export const SignatureSchema = Type.Object(
  {
    kid: Type.String({
      pattern: '^did:key:z[1-9A-HJ-NP-Za-km-z]+#z[1-9A-HJ-NP-Za-km-z]+$',
      maxLength: 2 * DID_LENGTH_MAX,
    }),
    alg: Type.Union([Type.Literal('Ed25519'), Type.Literal('ES256')]),
    sig: Type.String({ pattern: '^[A-Za-z0-9_-]{86}$' }),
  },
  { additionalProperties: false },
);

export const ContentIdSchema = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const SessionIdSchema = Type.String({
  pattern: '^[A-Za-z0-9_-]+$',
  minLength: 1,
  maxLength: SESSION_ID_LENGTH_MAX,
});

export const EpochSchema = Type.Integer({ minimum: 1, maximum: SESSION_EPOCH_MAX });

/** A built-in agent name (`tutor`), `name@version` of a published bundle, or its asset id. */
export const AgentReferenceSchema = Type.String({
  pattern: '^(?:[a-z][a-z0-9-]{0,62}(?:@[0-9A-Za-z.+-]{1,64})?|sha256:[0-9a-f]{64})$',
  maxLength: AGENT_REFERENCE_LENGTH_MAX,
});

export const LatencyClassSchema = Type.Union(LATENCY_CLASSES.map((name) => Type.Literal(name)));

export const EndpointSchema = Type.String({
  pattern: '^(?:http|ws)s?://[^\\s]+$',
  maxLength: ENDPOINT_LENGTH_MAX,
});

export const LabelSchema = Type.String({ minLength: 1, maxLength: LABEL_LENGTH_MAX });

export const MillisSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const CoordinateSchema = Type.Object(
  {
    vector: Type.Array(Type.Number(), { minItems: 1, maxItems: COORDINATE_DIMENSIONS_MAX }),
    height: Type.Number({ minimum: 0 }),
    error: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const CapacitySchema = Type.Object(
  Object.fromEntries(LATENCY_CLASSES.map((name) => [name, Type.Integer({ minimum: 0 })])) as {
    [K in (typeof LATENCY_CLASSES)[number]]: ReturnType<typeof Type.Integer>;
  },
  { additionalProperties: false },
);
