/**
 * A forwarded placement (POST /v1/canopy/place): a coordinator whose colony could not place a
 * session asks a canopy neighbour to place it, with the client's open-session request unchanged
 * and the federation and colony it speaks for, signed under the `canopy-placement` kind. The
 * neighbour places the session on one of its own nodes and issues the ticket itself.
 */
import {
  COLONY_ID_PATTERN,
  CONTENT_ID_PATTERN,
  idOf,
  type JsonObject,
  type Signer,
  sealObject,
  type TrustStore,
  withSignature,
} from '@mycel/kernel';
import { CANOPY_KID_CHARS_MAX, CANOPY_SIGNATURE_CHARS_MAX, identityOf } from '@mycel/mesh';
import {
  type OpenSessionRequest,
  OpenSessionRequestSchema,
  type WireResult,
  wireFail,
} from '@mycel/wire';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CANOPY_FORWARD_MAX_AGE_MS } from '../../limits.js';

const DID = '^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$';
const FEDERATION = '^[a-z0-9][a-z0-9.-]{0,62}$';

export const CanopyPlacementSchema = Type.Object(
  {
    v: Type.Literal(1),
    kind: Type.Literal('canopy-placement'),
    /** The forwarding coordinator's identity. */
    from: Type.String({ pattern: DID, maxLength: CANOPY_KID_CHARS_MAX }),
    /** The federation of origin: where the client asked. */
    federation: Type.String({ pattern: FEDERATION }),
    colony: Type.String({ pattern: COLONY_ID_PATTERN }),
    issuedAtMs: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    request: OpenSessionRequestSchema,
    id: Type.String({ pattern: CONTENT_ID_PATTERN }),
    signatures: Type.Array(
      Type.Object(
        {
          kid: Type.String({ maxLength: CANOPY_KID_CHARS_MAX }),
          alg: Type.Union([Type.Literal('Ed25519'), Type.Literal('ES256')]),
          sig: Type.String({ maxLength: CANOPY_SIGNATURE_CHARS_MAX }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export type CanopyPlacement = Static<typeof CanopyPlacementSchema>;
const checkShape = TypeCompiler.Compile(CanopyPlacementSchema);

export interface ForwardFields {
  readonly federation: string;
  readonly colony: string;
  readonly issuedAtMs: number;
  readonly request: OpenSessionRequest;
}

export function buildForward(fields: ForwardFields, signer: Signer): CanopyPlacement {
  const sealed = sealObject({
    v: 1 as const,
    kind: 'canopy-placement' as const,
    from: identityOf(signer),
    ...fields,
  });
  return withSignature(sealed, 'canopy-placement', signer) as unknown as CanopyPlacement;
}

/**
 * Shape, id, signature by `from`, and age (at most CANOPY_FORWARD_MAX_AGE_MS old or ahead).
 * Everything refused is canopy_forward_invalid, with the reason in the message.
 */
export function checkForward(
  value: unknown,
  store: TrustStore,
  nowMs: number,
): WireResult<CanopyPlacement> {
  if (!checkShape.Check(value)) {
    const first = checkShape.Errors(value).First();
    return wireFail(
      'canopy_forward_invalid',
      `${first?.path ?? ''} ${first?.message ?? 'not a canopy placement'}`.trim(),
    );
  }
  const forward = value;
  if (idOf(forward as unknown as JsonObject) !== forward.id) {
    return wireFail('canopy_forward_invalid', 'the forward body does not hash to its id');
  }
  const signers = store.verifySignatures(forward.signatures, 'canopy-placement', forward.id, nowMs);
  if (!signers.ok || !signers.value.has(forward.from)) {
    return wireFail('canopy_forward_invalid', `the forward is not signed by ${forward.from}`);
  }
  if (Math.abs(nowMs - forward.issuedAtMs) > CANOPY_FORWARD_MAX_AGE_MS) {
    return wireFail(
      'canopy_forward_invalid',
      `the forward was issued ${nowMs - forward.issuedAtMs} ms from now`,
    );
  }
  return { ok: true, value: forward };
}
