/** Errors of the transparency log: Merkle proofs and checkpoints. */
export const LOG_ERROR_CODES = {
  log_index_out_of_range: 'the leaf index is not inside the tree of the given size',
  log_size_invalid: 'a tree size is negative, not an integer, or the old size exceeds the new one',
  log_inclusion_proof_invalid: 'the inclusion proof does not lead from the leaf to the root',
  log_consistency_proof_invalid:
    'the consistency proof does not join the two roots (a forked or rewritten log)',
  checkpoint_malformed: 'the checkpoint is not a well-formed C2SP tlog-checkpoint signed note',
  checkpoint_signature_invalid: 'a signature on the checkpoint by a known key does not verify',
  checkpoint_unsigned: 'no signature on the checkpoint is by a known key',
  checkpoint_origin_mismatch: 'the checkpoint names another log (origin line)',
} as const;
