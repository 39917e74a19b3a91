/** HTTP paths and headers of the coordinator and the node, in one place for servers and clients. */
export const COORDINATOR_PATHS = {
  info: '/v1/coordinator',
  sessions: '/v1/sessions',
  session: '/v1/sessions/:sid',
  sessionResume: '/v1/sessions/:sid/resume',
  landmarks: '/v1/landmarks',
  nodes: '/v1/nodes',
  nodeLink: '/v1/nodes/link',
  asset: '/v1/assets/:id',
  agents: '/v1/agents',
  chatCompletions: '/v1/chat/completions',
  health: '/healthz',
  metrics: '/metrics',
} as const;

export const NODE_PATHS = {
  /** GET: is the control plane alive, and how are the workers? */
  health: '/v1/health',
  /** GET ?agent=&class=: can this node take another session right now? */
  admission: '/v1/admission',
  /** GET: an empty answer, for RTT probes (network coordinates). */
  ping: '/v1/ping',
  /** WebSocket: attach a session with a ticket, then stream turns. */
  session: '/v1/session',
  /**
   * POST, with the operator's control token: hand every session back at its next turn boundary
   * and take no new ones (`opengrid node drain`).
   */
  drain: '/v1/drain',
} as const;

/** Gateway session affinity: OpenAI's `user` field, or this header. */
export const SESSION_AFFINITY_HEADER = 'x-opengrid-session';
