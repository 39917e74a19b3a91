/**
 * Checks a request before it is sent to a worker, so that a bad one fails with a precise code
 * on the caller's side and never costs a worker. Input and config come from clients.
 */
import { failWith, type JsonValue, type Outcome, ok } from '@mycel/kernel';
import { measureJson } from '../agents/measure-json.js';
import {
  AGENT_INIT_TIMEOUT_MS,
  AGENT_NAME_CHARS_MAX,
  AGENT_STATE_CHARS_MAX,
  TURN_INPUT_CHARS_MAX,
  TURN_TIMEOUT_MS_MAX,
} from '../limits.js';
import type { InferenceErrorCode } from './inference-error-codes.js';
import type { RequestBody } from './inference-worker.js';
import type { AgentRef, InitRequest, TurnRequest } from './turn-request.js';

export interface CheckedRequest {
  readonly body: RequestBody;
  readonly timeoutMs: number;
}

type Checked = Outcome<CheckedRequest, InferenceErrorCode>;

function checkAgentRef(agent: AgentRef): Outcome<AgentRef, InferenceErrorCode> {
  if (agent.kind === 'builtin' && typeof agent.name === 'string') {
    if (agent.name.length <= AGENT_NAME_CHARS_MAX) return ok({ kind: 'builtin', name: agent.name });
  } else if (
    agent.kind === 'bundle' &&
    typeof agent.id === 'string' &&
    typeof agent.entryPath === 'string'
  ) {
    return ok({ kind: 'bundle', id: agent.id, entryPath: agent.entryPath });
  }
  return failWith('agent_unknown', 'the agent reference is neither a built-in name nor a bundle');
}

function checkTimeout(timeoutMs: number): boolean {
  return Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= TURN_TIMEOUT_MS_MAX;
}

function isPlainInput(value: JsonValue | undefined): boolean {
  return value === undefined || measureJson(value, TURN_INPUT_CHARS_MAX) !== undefined;
}

export function checkInitRequest(request: InitRequest): Checked {
  const agent = checkAgentRef(request.agent);
  if (!agent.ok) return agent;
  const timeoutMs = request.timeoutMs ?? AGENT_INIT_TIMEOUT_MS;
  if (!checkTimeout(timeoutMs)) {
    return failWith(
      'turn_input_invalid',
      `an init timeout is between 0 and ${TURN_TIMEOUT_MS_MAX} ms`,
    );
  }
  if (!isPlainInput(request.config)) {
    return failWith(
      'turn_input_invalid',
      `the config is not plain JSON of at most ${TURN_INPUT_CHARS_MAX} characters`,
    );
  }
  const body: RequestBody =
    request.config === undefined
      ? { type: 'init', sid: request.sid, agent: agent.value }
      : { type: 'init', sid: request.sid, agent: agent.value, config: request.config };
  return ok({ body, timeoutMs });
}

export function checkTurnRequest(request: TurnRequest): Checked {
  const agent = checkAgentRef(request.agent);
  if (!agent.ok) return agent;
  if (!checkTimeout(request.timeoutMs)) {
    return failWith(
      'turn_input_invalid',
      `a turn timeout is between 0 and ${TURN_TIMEOUT_MS_MAX} ms`,
    );
  }
  if (!Number.isSafeInteger(request.seq) || request.seq < 0) {
    return failWith('turn_input_invalid', 'a turn sequence number is a non-negative integer');
  }
  if (!isPlainInput(request.input)) {
    return failWith(
      'turn_input_invalid',
      `the input is not plain JSON of at most ${TURN_INPUT_CHARS_MAX} characters`,
    );
  }
  if (measureJson(request.state, AGENT_STATE_CHARS_MAX) === undefined) {
    return failWith(
      'agent_state_invalid',
      `the state is not plain JSON of at most ${AGENT_STATE_CHARS_MAX} characters`,
    );
  }
  const { sid, seq, state, input } = request;
  return ok({
    body: { type: 'turn', sid, seq, agent: agent.value, state, input },
    timeoutMs: request.timeoutMs,
  });
}
