/**
 * Errors of coordination contracts (docs/spec/contracts.md): refusals of terms and events by the
 * pure reducer replayContract. Spread into the kernel's ERROR_CODES.
 */
export const CONTRACT_ERROR_CODES = {
  contract_terms_invalid:
    'the contract terms break a rule the schema cannot state (one buyer, a producer, enough verifiers, the authority a party, deadlines in order, splits summing to 10 000 bps)',
  contract_event_schema_invalid: 'the contract event does not match the contract event schema',
  contract_event_id_mismatch: 'the contract event id is not the content id of its body',
  contract_event_out_of_order:
    'the contract event is not where it may be: a proposal that is not first, a first event that is not a proposal, or an `at` before the previous event',
  contract_event_prev_mismatch: 'the contract event `prev` is not the id of the previous event',
  contract_event_contract_mismatch: 'the contract event names another contract',
  contract_event_from_future:
    'the contract event is dated further after `now` than CONTRACT_EVENT_FUTURE_SKEW_MS',
  contract_event_signer_not_party:
    'the contract event is signed by (or for) a key that is not a party',
  contract_event_signer_mismatch: 'the contract event is not signed by the party in its `by`',
  contract_event_role_forbidden: 'the party in `by` does not hold the role this event needs',
  contract_events_too_many: 'the contract history holds more than CONTRACT_EVENTS_MAX events',
  contract_transition_invalid: 'the event does not lead from the contract state to a next state',
  contract_expired:
    'the contract expired: an acceptance after acceptBy, or work not started by workBy',
  contract_acceptance_stale: 'the acceptance names terms other than the current ones',
  contract_already_accepted: 'the party already accepted the current terms',
  contract_work_overdue: 'work (start or evidence) after the contract workBy',
  contract_milestone_unknown: 'the event names a milestone the terms do not list',
  contract_milestone_closed: 'the milestone took its final evidence, or its work deadline passed',
  contract_proof_unknown: 'the event names a proof no evidence of this contract lists',
  contract_proof_duplicate: 'the evidence lists a proof this contract already holds',
  contract_proof_decided: 'the proof is already verified or refused; further verdicts do not count',
  contract_verification_duplicate: 'the verifier already reported on this proof',
  contract_quantity_invalid:
    'the claimed quantity would take the milestone amount beyond 38 digits of minor units',
  contract_dispute_invalid:
    'the dispute or resolution names a proof that is not verified, already disputed, or has no open dispute',
  contract_challenge_window_closed:
    "the dispute came after the milestone's challenge window closed",
} as const;

export type ContractErrorCode = keyof typeof CONTRACT_ERROR_CODES;
