/**
 * Node registration: challenge–response with the node key. The coordinator sends a fresh nonce;
 * the node answers with a registration signed by its own key (its did:key is its identity), which
 * names that nonce and the grid. A node that cannot sign with the key it claims cannot register.
 */
import {
  contentId,
  type JsonValue,
  parseDidKey,
  type Signer,
  sealObject,
  withSignature,
} from '@mycel/kernel';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { REGISTRATION_NONCE_LENGTH, WARM_AGENTS_MAX } from './limits.js';
import { isSignedBy } from './signed-by.js';
import { type WireResult, wireFail } from './wire-result.js';
import {
  AgentReferenceSchema,
  CapacitySchema,
  CoordinateSchema,
  DidSchema,
  EndpointSchema,
  LabelSchema,
  published,
  SignatureSchema,
} from './wire-schemas.js';

export const NonceSchema = Type.String({
  pattern: `^[A-Za-z0-9_-]{${REGISTRATION_NONCE_LENGTH}}$`,
});

export const NodeRegistrationSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('node-registration'),
    node: DidSchema,
    grid: LabelSchema,
    nonce: NonceSchema,
    /** Where clients reach the node: its HTTP base URL (the session WebSocket is under it). */
    endpoint: EndpointSchema,
    label: LabelSchema,
    attestation: Type.Union([
      Type.Literal('software'),
      Type.Literal('tpm'),
      Type.Literal('secure-enclave'),
    ]),
    /** Built-in agents and cached bundles this node can start right away. */
    agents: Type.Array(AgentReferenceSchema, { maxItems: WARM_AGENTS_MAX }),
    /** Session slots per latency class when idle. */
    capacity: CapacitySchema,
    id: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
    signatures: Type.Array(SignatureSchema, { minItems: 1, maxItems: 1 }),
    coordinate: Type.Optional(CoordinateSchema),
  },
  {
    additionalProperties: false,
    ...published('node-registration-v1', 'OpenGrid node registration v1'),
  },
);

export type NodeRegistration = Static<typeof NodeRegistrationSchema>;
export type NodeRegistrationFields = Omit<
  NodeRegistration,
  'v' | 'kind' | 'id' | 'signatures' | 'node'
>;

const checkRegistrationShape = TypeCompiler.Compile(NodeRegistrationSchema);

export function signRegistration(fields: NodeRegistrationFields, node: Signer): NodeRegistration {
  const body = { v: 1 as const, kind: 'node-registration' as const, node: node.key.did, ...fields };
  return withSignature(sealObject(body), 'node-registration', node) as NodeRegistration;
}

export interface RegistrationChallenge {
  readonly nonce: string;
  readonly grid: string;
}

export function verifyRegistration(
  value: unknown,
  challenge: RegistrationChallenge,
): WireResult<NodeRegistration> {
  if (!checkRegistrationShape.Check(value)) {
    const first = checkRegistrationShape.Errors(value).First();
    return wireFail(
      'registration_malformed',
      `not a node registration: ${first?.path ?? ''} ${first?.message ?? ''}`.trim(),
    );
  }
  const { id, signatures, ...body } = value;
  if (contentId(body as unknown as JsonValue) !== id) {
    return wireFail('registration_malformed', 'the registration body does not hash to its id');
  }
  const key = parseDidKey(value.node);
  if (!key.ok || !isSignedBy(signatures[0]!, 'node-registration', id, key.value)) {
    return wireFail('registration_proof_invalid', 'the registration is not signed by the node key');
  }
  if (value.grid !== challenge.grid) {
    return wireFail('registration_wrong_grid', `the registration is for grid ${value.grid}`);
  }
  if (value.nonce !== challenge.nonce) {
    return wireFail('registration_proof_invalid', 'the registration answers another challenge');
  }
  return { ok: true, value };
}
