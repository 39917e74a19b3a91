/**
 * Building, checking and verifying contract events. checkContractEvent is the integrity part
 * that needs nothing else (schema, id); contractEventSigners verifies the signatures with a
 * TrustStore. Signatures are checked inside the reducer (replayContract), not by its callers:
 * every party is a did:key, which resolves without any registry, so an empty TrustStore verifies
 * them; a caller that knows key rotations passes its own store. Checking there keeps one rule for
 * every caller: no unverified event ever moves a contract.
 */
import type { SignatureEntry, SignedKind } from '../crypto/signature.js';
import { sealObject, withSignature } from '../crypto/signed-object.js';
import type { Signer } from '../crypto/signer.js';
import { TrustStore } from '../identity/trust-store.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema, type SchemaCheck } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import {
  CONTRACT_EVENT_SCHEMAS,
  CONTRACT_EVENT_TYPES,
  type ContractEvent,
  type ContractEventType,
} from './contract-event-schema.js';

/** The signed kind of a contract event: sign with withSignature(event, CONTRACT_EVENT_KIND, s). */
export const CONTRACT_EVENT_KIND: SignedKind = 'contract-event';

const checks = Object.fromEntries(
  CONTRACT_EVENT_TYPES.map((type) => [type, compileSchema(CONTRACT_EVENT_SCHEMAS[type])]),
) as Record<ContractEventType, SchemaCheck>;

/** The fields of one event type, without what the builder adds (v, kind, id, signatures). */
export type ContractEventFields<T extends ContractEventType = ContractEventType> =
  T extends ContractEventType
    ? Omit<Extract<ContractEvent, { type: T }>, 'v' | 'kind' | 'id' | 'signatures'>
    : never;

/** An unsigned event with its id; sign it with withSignature(event, CONTRACT_EVENT_KIND, s). */
export function buildContractEvent(fields: ContractEventFields): ContractEvent {
  return sealObject({
    v: 1 as const,
    kind: 'contract-event' as const,
    ...fields,
  }) as unknown as ContractEvent;
}

/** buildContractEvent then one signature by `signer`, whose identity should be `fields.by`. */
export function signContractEvent(fields: ContractEventFields, signer: Signer): ContractEvent {
  return withSignature(buildContractEvent(fields), CONTRACT_EVENT_KIND, signer);
}

/** Schema and id of one event; its signatures and its place in a history are checked by replay. */
export function checkContractEvent(value: JsonValue, path = ''): Result<ContractEvent> {
  // `value` is attacker-controlled until the schema check passes.
  const type =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { type?: unknown }).type
      : undefined;
  if (typeof type !== 'string' || !(CONTRACT_EVENT_TYPES as readonly string[]).includes(type)) {
    return fail(
      'contract_event_schema_invalid',
      `type must be one of ${CONTRACT_EVENT_TYPES.join(', ')}`,
      `${path}/type`,
    );
  }
  const mismatch = checks[type as ContractEventType](value);
  if (mismatch) {
    return fail('contract_event_schema_invalid', mismatch.message, `${path}${mismatch.path}`);
  }
  const event = value as unknown as ContractEvent;
  const id = checkContentId(event, 'contract_event_id_mismatch');
  if (!id.ok) return fail(id.error.code, id.error.message, `${path}${id.error.path ?? ''}`);
  return ok(event);
}

const EMPTY_TRUST = new TrustStore();

/** The identities whose valid signatures the event carries, as of its own `at`. */
export function contractEventSigners(
  event: ContractEvent,
  trust: TrustStore = EMPTY_TRUST,
): Result<ReadonlySet<string>> {
  return trust.verifySignatures(
    event.signatures as readonly SignatureEntry[],
    CONTRACT_EVENT_KIND,
    event.id,
    parseTimestamp(event.at)!,
  );
}

/** The contract an event belongs to: a proposal opens its own; every later event names it. */
export function contractIdOf(event: ContractEvent): string {
  return event.type === 'propose' ? event.id : event.contract;
}
