/**
 * Codes for agent definitions and backend configuration. Failures of a running turn (including
 * an external backend's) carry inference-plane codes (inference/inference-error-codes.ts).
 */
export const AGENT_ERROR_CODES = [
  'agent_name_invalid',
  'agent_version_invalid',
  'agent_definition_invalid',
  'backend_spec_invalid',
] as const;

export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

export const AGENT_ERROR_MEANINGS: { readonly [code in AgentErrorCode]: string } = {
  agent_name_invalid: 'an agent name is lower case [a-z][a-z0-9-]{0,62}',
  agent_version_invalid: 'an agent version is MAJOR.MINOR.PATCH with optional -pre and +build',
  agent_definition_invalid: 'an agent is an object with name, version, init() and onTurn()',
  backend_spec_invalid: 'a backend is openai:<http(s) base URL> with a model name',
};
