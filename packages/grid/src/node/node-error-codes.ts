/**
 * Codes of the node daemon itself: its data folder, its options and its trust in a coordinator.
 * What a client or coordinator sees on the wire uses @mycel/wire's codes instead.
 */
export const NODE_ERROR_CODES = {
  node_options_invalid: 'a node option is out of range or of the wrong kind',
  node_data_invalid: 'the node data folder holds an unreadable key or settings file',
  node_data_in_repository: 'the node data folder is inside a git working tree (keys stay out)',
  coordinator_key_mismatch:
    'the coordinator presented another key than the one this node pinned; it is not trusted',
} as const;

export type NodeErrorCode = keyof typeof NODE_ERROR_CODES;

/** Thrown by startNode for a failure the operator must fix (options, data folder). */
export class NodeStartError extends Error {
  constructor(
    readonly code: NodeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'NodeStartError';
  }
}
