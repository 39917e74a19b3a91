/**
 * The session container every agent plugs into (ARCHITECTURE §5.4). An agent is a pair of
 * functions over plain JSON state: `init` makes the first state of a session, `onTurn` takes the
 * state and one input and returns the next state, streaming output through `context.emit` as
 * it is produced. The host owns the state: it snapshots what a turn returns (the checkpoint)
 * and hands it back for the next turn, possibly on another worker or another node.
 */
import type { JsonValue } from '@mycel/kernel';
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { AGENT_NAME_CHARS_MAX, AGENT_VERSION_CHARS_MAX } from '../limits.js';
import type { AgentErrorCode } from './agent-error-codes.js';
import type { ChatBackend } from './chat-backend.js';

export interface AgentInitContext {
  readonly sid: string;
  /** Session configuration from the client, if any (attacker-controlled). */
  readonly config: JsonValue | undefined;
}

export interface TurnContext {
  readonly sid: string;
  /** The turn's sequence number within its session. */
  readonly seq: number;
  /** Streams one piece of output to the client; bounded in size and count by the host. */
  emit(chunk: JsonValue): void;
  /** Waits `ms`; rejects when the turn is cancelled or times out. */
  sleep(ms: number): Promise<void>;
  /** Aborted when the turn is cancelled or times out. */
  readonly signal: AbortSignal;
  /** The node's language-model backend, when one is configured. */
  readonly backend: ChatBackend | undefined;
}

export interface AgentDefinition<S extends JsonValue = JsonValue> {
  readonly name: string;
  readonly version: string;
  init(context: AgentInitContext): S | Promise<S>;
  /** Returns the new state; `input` is attacker-controlled. */
  onTurn(state: S, input: JsonValue, context: TurnContext): S | Promise<S>;
}

const AGENT_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
// Semantic Versioning 2.0.0 §2, §9, §10: numeric core, optional pre-release and build parts.
const AGENT_VERSION_PATTERN =
  /^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function checkAgentName(name: unknown): Outcome<string, AgentErrorCode> {
  if (
    typeof name !== 'string' ||
    name.length > AGENT_NAME_CHARS_MAX ||
    !AGENT_NAME_PATTERN.test(name)
  ) {
    return failWith('agent_name_invalid', `agent name must match [a-z][a-z0-9-]{0,62}`);
  }
  return ok(name);
}

export function checkAgentVersion(version: unknown): Outcome<string, AgentErrorCode> {
  if (
    typeof version !== 'string' ||
    version.length > AGENT_VERSION_CHARS_MAX ||
    !AGENT_VERSION_PATTERN.test(version)
  ) {
    return failWith('agent_version_invalid', 'agent version must look like 1.2.3 (semver)');
  }
  return ok(version);
}

/** Checks a value that claims to be an agent, e.g. the default export of a bundle's entry. */
export function checkAgentDefinition(value: unknown): Outcome<AgentDefinition, AgentErrorCode> {
  if (typeof value !== 'object' || value === null) {
    return failWith('agent_definition_invalid', 'an agent is an object');
  }
  const candidate = value as Partial<Record<keyof AgentDefinition, unknown>>;
  const name = checkAgentName(candidate.name);
  if (!name.ok) return name;
  const version = checkAgentVersion(candidate.version);
  if (!version.ok) return version;
  if (typeof candidate.init !== 'function' || typeof candidate.onTurn !== 'function') {
    return failWith('agent_definition_invalid', 'an agent has init() and onTurn() functions');
  }
  return ok(value as AgentDefinition);
}

/**
 * Declares an agent. A bad name or version here is a bug in the agent's own source, so it
 * throws; hosts loading untrusted code use checkAgentDefinition instead.
 */
export function defineAgent<S extends JsonValue>(
  definition: AgentDefinition<S>,
): AgentDefinition<S> {
  const checked = checkAgentDefinition(definition);
  if (!checked.ok) throw new Error(`${checked.error.code}: ${checked.error.message}`);
  return definition;
}
