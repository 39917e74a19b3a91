/**
 * Errors of the coordinator's settlement side: usage proofs refused on the control link (in a
 * `usage-ack`), and NodeCo and earnings requests refused over HTTP. Stable snake_case codes, each
 * with the HTTP status it answers with.
 */
export const SETTLEMENT_ERROR_CODES = {
  usage_claim_invalid: 'the usage proof is not a valid mip-session/usage claim',
  usage_node_mismatch: 'the usage proof was not issued by the node that serves the session epoch',
  usage_session_unknown: 'the usage proof names a session this coordinator never placed',
  usage_countersignature_missing: "the usage proof lacks the session client's countersignature",
  usage_countersigner_mismatch:
    'the usage proof was countersigned by a key other than the session client',
  usage_seconds_exceed_lifetime:
    "the metered seconds exceed the session's lifetime or the proof's window",
  usage_price_mismatch: 'the unit price differs from the price this coordinator quoted',
  usage_proof_invalid: 'the usage proof failed the integrity plane (schema, id or signatures)',
  usage_unsettleable:
    "the usage cannot be settled by the node's split (e.g. the paying client is one of its parties)",
  settlement_unavailable: 'the ledger or the transparency log cannot be written; retry later',
  nodeco_invalid: 'the NodeCo record or share transfer is malformed or wrongly signed',
  nodeco_protocol_mismatch: "the NodeCo record's protocol party is not this federation's",
  nodeco_federation_mismatch: 'the NodeCo record belongs to another federation',
  nodeco_exists: 'the node already has another NodeCo record',
  nodeco_unknown: 'no NodeCo record for that node',
  nodeco_transfer_refused: 'the share transfer breaks an ownership rule (owner, holdings, order)',
  nodeco_transfer_conflict: 'another share transfer was recorded first; fetch and retry',
  node_unknown: 'no such node has earned anything here',
  request_malformed: 'the request is not what the endpoint takes',
} as const;

export type SettlementErrorCode = keyof typeof SETTLEMENT_ERROR_CODES;

const STATUS: Partial<Record<SettlementErrorCode, number>> = {
  settlement_unavailable: 503,
  nodeco_exists: 409,
  nodeco_transfer_conflict: 409,
  nodeco_unknown: 404,
  node_unknown: 404,
  request_malformed: 400,
  nodeco_invalid: 422,
  nodeco_transfer_refused: 403,
};

export function settlementStatusOf(code: SettlementErrorCode): number {
  return STATUS[code] ?? 422;
}
