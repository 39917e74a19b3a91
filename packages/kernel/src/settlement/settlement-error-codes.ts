/**
 * Errors raised by the settlement core: NodeCo ownership records, share transfers, and the
 * transfers that settle a receipt (ARCHITECTURE §4.2 VCR, §5.5 fees). Codes are protocol.
 */
export const SETTLEMENT_ERROR_CODES = {
  // NodeCo ownership records.
  nodeco_schema_invalid: 'the NodeCo record does not match the NodeCo schema',
  nodeco_id_mismatch: 'the NodeCo record id is not the content id of its body',
  nodeco_policy_invalid:
    'the NodeCo split policy is not whole basis points summing to exactly BPS_TOTAL (10 000)',
  nodeco_owners_invalid:
    'the NodeCo owners are empty, too many, repeated, out of party order, hold a share count that is not a positive integer, or more than 10^NODECO_SHARES_DIGITS_MAX - 1 shares in all',
  nodeco_parties_invalid:
    'the node, operator and protocol of a NodeCo are not three distinct parties, or the node is listed as an owner',
  nodeco_signature_invalid: 'the NodeCo record carries no valid signature by its node',
  // Share transfers between NodeCo owners.
  share_transfer_schema_invalid: 'the share transfer does not match the share transfer schema',
  share_transfer_id_mismatch: 'the share transfer id is not the content id of its body',
  share_transfer_shares_invalid: 'the shares transferred are not a positive integer',
  share_transfer_parties_invalid: 'a share transfer names the same party as sender and recipient',
  share_transfer_signature_invalid:
    'the share transfer carries no valid signature by the owner who gives the shares',
  share_transfer_nodeco_mismatch: 'the share transfer is about another NodeCo record or node',
  share_transfer_replayed: 'a share transfer appears twice in the chain of one NodeCo record',
  share_transfer_backdated:
    'the share transfer takes effect before the NodeCo record or before an earlier transfer',
  share_transfer_unauthorized:
    'the sender holds no shares of the NodeCo when the transfer takes effect',
  share_transfer_insufficient:
    'the sender holds fewer shares than it transfers when the transfer takes effect',
  share_transfer_owners_too_many:
    'after the share transfer the NodeCo would have more than SPLIT_PARTIES_MAX owners',
  share_transfer_chain_too_long:
    'a NodeCo record has more than SHARE_TRANSFERS_PER_NODECO_MAX share transfers',
  // Settlement transfers of a receipt.
  settlement_holdings_invalid:
    'the owner holdings are empty, too many, repeated, not did:key parties, or hold a share count that is not a positive integer',
  settlement_owner_split_ambiguous: 'a receipt has more than one split with the role owner',
  settlement_payer_is_payee: 'the payer of a receipt would pay part of it to itself',
} as const;
