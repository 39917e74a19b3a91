/**
 * Contract events, version 1 (docs/spec/contracts.md). Every transition of a contract is one
 * signed document of kind `contract-event`: it names its contract (the id of the proposal that
 * opened it), the event before it (`prev`), when it happened (`at`, an input: the kernel reads no
 * clock) and the party acting (`by`), who signs it. The payload depends on `type`. One schema per
 * type, so a mismatch is reported against the shape the event claims to have.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { SIGNATURES_PER_PROOF_MAX } from '../limits.js';
import {
  ContentIdSchema,
  DidSchema,
  SCHEMA_BASE_URI,
  SignatureSchema,
  TimestampSchema,
} from '../schema/common-schemas.js';
import {
  CONTRACT_EVIDENCE_PROOFS_MAX,
  CONTRACT_MILESTONE_ID_CHARS_MAX,
  CONTRACT_TEXT_CHARS_MAX,
} from './contract-limits.js';
import {
  ContractTermsSchema,
  MILESTONE_ID_PATTERN,
  QuantitySchema,
} from './contract-terms-schema.js';

export const CONTRACT_EVENT_TYPES = [
  'propose',
  'counter',
  'accept',
  'reject',
  'cancel',
  'start',
  'evidence',
  'verification',
  'dispute',
  'resolve',
  'settle',
] as const;
export type ContractEventType = (typeof CONTRACT_EVENT_TYPES)[number];

const Reason = Type.Optional(Type.String({ maxLength: CONTRACT_TEXT_CHARS_MAX }));

const envelope = {
  v: Type.Literal(1),
  kind: Type.Literal('contract-event'),
  id: ContentIdSchema,
  at: TimestampSchema,
  by: DidSchema,
  signatures: Type.Array(SignatureSchema, { maxItems: SIGNATURES_PER_PROOF_MAX }),
};

/** Fields every event after the proposal carries: its contract and the event before it. */
function eventSchema<T extends ContractEventType, P extends Record<string, TSchema>>(
  type: T,
  payload: P,
) {
  return Type.Object(
    {
      ...envelope,
      type: Type.Literal(type),
      contract: ContentIdSchema,
      prev: ContentIdSchema,
      ...payload,
    },
    { additionalProperties: false },
  );
}

/** The proposal opens the contract: it has no `contract` or `prev`; its id is the contract id. */
export const ProposeEventSchema = Type.Object(
  { ...envelope, type: Type.Literal('propose'), terms: ContractTermsSchema },
  { additionalProperties: false },
);
export const CounterEventSchema = eventSchema('counter', { terms: ContractTermsSchema });
/** `terms` is the content id of the terms accepted (contractTermsId), so an acceptance cannot drift. */
export const AcceptEventSchema = eventSchema('accept', { terms: ContentIdSchema });
export const RejectEventSchema = eventSchema('reject', { reason: Reason });
export const CancelEventSchema = eventSchema('cancel', { reason: Reason });
export const StartEventSchema = eventSchema('start', {});
export const EvidenceEventSchema = eventSchema('evidence', {
  milestone: Type.String({
    pattern: MILESTONE_ID_PATTERN,
    maxLength: CONTRACT_MILESTONE_ID_CHARS_MAX,
  }),
  proofs: Type.Array(ContentIdSchema, {
    minItems: 1,
    maxItems: CONTRACT_EVIDENCE_PROOFS_MAX,
    uniqueItems: true,
  }),
  quantity: QuantitySchema,
  /** The producer's last evidence for this milestone: it closes the milestone to more. */
  final: Type.Optional(Type.Boolean()),
});
export const VerificationEventSchema = eventSchema('verification', {
  proof: ContentIdSchema,
  p: Type.Number({ minimum: 0, maximum: 1 }),
  passed: Type.Boolean(),
});
export const DisputeEventSchema = eventSchema('dispute', {
  proof: ContentIdSchema,
  reason: Reason,
});
export const ResolveEventSchema = eventSchema('resolve', {
  proof: ContentIdSchema,
  outcome: Type.Union([Type.Literal('upheld'), Type.Literal('overturned')]),
  reason: Reason,
});
export const SettleEventSchema = eventSchema('settle', { reason: Reason });

export const CONTRACT_EVENT_SCHEMAS = {
  propose: ProposeEventSchema,
  counter: CounterEventSchema,
  accept: AcceptEventSchema,
  reject: RejectEventSchema,
  cancel: CancelEventSchema,
  start: StartEventSchema,
  evidence: EvidenceEventSchema,
  verification: VerificationEventSchema,
  dispute: DisputeEventSchema,
  resolve: ResolveEventSchema,
  settle: SettleEventSchema,
} as const;

export const ContractEventSchema = Type.Union(Object.values(CONTRACT_EVENT_SCHEMAS), {
  $id: `${SCHEMA_BASE_URI}contract-event-v1.json`,
  title: 'Mycel coordination contract event v1',
});

export type ProposeEvent = Static<typeof ProposeEventSchema>;
export type CounterEvent = Static<typeof CounterEventSchema>;
export type AcceptEvent = Static<typeof AcceptEventSchema>;
export type RejectEvent = Static<typeof RejectEventSchema>;
export type CancelEvent = Static<typeof CancelEventSchema>;
export type StartEvent = Static<typeof StartEventSchema>;
export type EvidenceEvent = Static<typeof EvidenceEventSchema>;
export type VerificationEvent = Static<typeof VerificationEventSchema>;
export type DisputeEvent = Static<typeof DisputeEventSchema>;
export type ResolveEvent = Static<typeof ResolveEventSchema>;
export type SettleEvent = Static<typeof SettleEventSchema>;
export type ContractEvent = Static<typeof ContractEventSchema>;
/** An event after the proposal: it carries `contract` and `prev`. */
export type ChainedContractEvent = Exclude<ContractEvent, ProposeEvent>;
