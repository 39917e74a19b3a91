/**
 * `openSession`: the client's way into the grid. Place the client (probe landmarks, fit a
 * network coordinate), ask the coordinator for a session, connect to the node it chose and
 * attach with the ticket. When the grid pushes back (route_pushback, node_at_capacity) the whole
 * attempt is repeated after the delay the grid asked for, a bounded number of times. The session
 * keeps what it needs to resume on another node by itself (the coordinator, the client key).
 */
import { randomBytes } from 'node:crypto';
import { ed25519SignerFromSeed, type JsonValue, type Signer } from '@mycel/kernel';
import {
  isLatencyClass,
  type LatencyClass,
  type LatencyEmulation,
  type OpenSessionRequest,
  type WireErrorCode,
} from '@mycel/wire';
import { requestSession } from './coordinator-calls.js';
import { Deadline, pause } from './deadline.js';
import { OpenGridError } from './errors.js';
import type { HttpContext } from './http-json.js';
import { type Placement, probeCoordinate } from './landmark-probe.js';
import {
  COORDINATOR_URL_DEFAULT,
  OPEN_RETRY_ATTEMPTS_DEFAULT,
  OPEN_RETRY_ATTEMPTS_MAX,
  OPEN_RETRY_BASE_DELAY_MS,
  OPEN_RETRY_DELAY_MS_DEFAULT,
  OPEN_RETRY_DELAY_MS_MAX,
  OPEN_SESSION_TIMEOUT_MS,
  OPEN_SESSION_TIMEOUT_MS_MAX,
  RESUME_TIMEOUT_MS,
  RESUME_TIMEOUT_MS_MAX,
  RESUME_TIMEOUT_MS_MIN,
  SESSION_PING_INTERVAL_MS,
  SESSION_PING_INTERVAL_MS_MAX,
  SESSION_PING_INTERVAL_MS_MIN,
} from './limits.js';
import { checkCoordinators, nearestCoordinators } from './seed-coordinators.js';
import { Session, type SessionMove, type SessionSettings } from './session.js';

export interface RetryOptions {
  /** Attempts in all, the first included (1 = no retry). */
  readonly attempts?: number;
  /** Longest pause between two attempts; a longer retryAfterMs is cut to it. */
  readonly maxDelayMs?: number;
}

export interface ResumeOptions {
  /**
   * Bound on one resume, from losing the node to being attached to another (default
   * RESUME_TIMEOUT_MS). Past it the waiting turns fail with the last code heard.
   */
  readonly timeoutMs?: number;
}

export interface OpenSessionOptions {
  /** Built-in agent name (`tutor`), `name@version` of a bundle, or its `sha256:` asset id. */
  readonly agent: string;
  /** Coordinator base URL; default OPENGRID_COORDINATOR, else http://127.0.0.1:7800. */
  readonly coordinator?: string;
  /**
   * A seed list of coordinators (instead of `coordinator`): they are probed, the session opens
   * at the nearest, and the next ones are asked in turn when one does not answer, also when the
   * session resumes (docs/spec/mmp-switching.md §5).
   */
  readonly coordinators?: readonly string[];
  readonly latencyClass?: LatencyClass;
  /** Passed to the agent's init. */
  readonly config?: JsonValue;
  /** A label for the coordinator's logs (the client's city, say). */
  readonly label?: string;
  /** The key the ticket is bound to; default a fresh Ed25519 key for this session. */
  readonly clientKey?: Signer;
  /** Probe the coordinator's landmarks to place the client first (default true). */
  readonly probeLandmarks?: boolean;
  readonly retry?: RetryOptions;
  /** Devnet only: play a city of the emulated network. */
  readonly emulation?: LatencyEmulation;
  readonly signal?: AbortSignal;
  /** Bound on openSession as a whole (default OPEN_SESSION_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** How the session resumes when its node is lost. */
  readonly resume?: ResumeOptions;
  /**
   * How often to ping the node (default SESSION_PING_INTERVAL_MS). A node that answers no ping
   * is dropped and the session resumed, so a silent partition is noticed in about two intervals.
   */
  readonly pingIntervalMs?: number;
  /**
   * Called each time the session moved to another node, once attached there. It must not throw:
   * an exception is rethrown outside the session, as an uncaught one.
   */
  readonly onMove?: (move: SessionMove) => void;
}

/** Codes after which a new attempt may find room. */
const PUSHBACK_CODES: readonly WireErrorCode[] = ['route_pushback', 'node_at_capacity'];

export async function openSession(options: OpenSessionOptions): Promise<Session> {
  const settings = readOptions(options);
  const deadline = new Deadline(settings.timeoutMs, options.signal, 'opening the session');
  try {
    const context: HttpContext = {
      deadline,
      emulation: options.emulation,
      unavailable: 'coordinator_unavailable',
    };
    const chosen = await withNearestCoordinator(settings, context);
    const placement = chosen.probeLandmarks
      ? await probeCoordinate(chosen.coordinator, context)
      : undefined;
    const request = sessionRequest(options, chosen, placement);
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOpenAny(chosen, request, context);
      } catch (error) {
        const delayMs = retryDelayMs(error, attempt, settings, deadline);
        if (delayMs === undefined) throw error;
        await pause(delayMs, deadline);
      }
    }
  } finally {
    deadline.dispose();
  }
}

interface Settings extends SessionSettings {
  readonly latencyClass: LatencyClass;
  readonly probeLandmarks: boolean;
  readonly attempts: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

/** With a seed list: the settings name its nearest coordinator first, then the others. */
async function withNearestCoordinator(settings: Settings, context: HttpContext): Promise<Settings> {
  if (settings.coordinators === undefined) return settings;
  const ranked = await nearestCoordinators(settings.coordinators, context);
  return { ...settings, coordinator: ranked[0]!, coordinators: ranked };
}

/** Opens at the first coordinator of the list that answers (just the one without a list). */
async function attemptOpenAny(
  settings: Settings,
  request: OpenSessionRequest,
  context: HttpContext,
): Promise<Session> {
  const coordinators = settings.coordinators ?? [settings.coordinator];
  for (const [index, coordinator] of coordinators.entries()) {
    try {
      return await attemptOpen({ ...settings, coordinator }, request, context);
    } catch (error) {
      const last = index === coordinators.length - 1;
      if (last || !(error instanceof OpenGridError) || error.code !== 'coordinator_unavailable') {
        throw error;
      }
    }
  }
  throw new Error('assertion failed: a seed list is never empty');
}

async function attemptOpen(
  settings: Settings,
  request: OpenSessionRequest,
  context: HttpContext,
): Promise<Session> {
  const placement = await requestSession(settings.coordinator, request, context);
  const session = new Session(placement, settings);
  try {
    await session.start(context.deadline);
    return session;
  } catch (error) {
    session.abandon();
    // The socket dropped because the deadline fired: say so, not "node unavailable".
    if (context.deadline.aborted) throw context.deadline.error();
    throw error;
  }
}

/** How long to wait before the next attempt, or undefined to give up with `error`. */
function retryDelayMs(
  error: unknown,
  attempt: number,
  settings: Settings,
  deadline: Deadline,
): number | undefined {
  if (!(error instanceof OpenGridError) || !PUSHBACK_CODES.includes(error.code as WireErrorCode)) {
    return undefined;
  }
  if (attempt >= settings.attempts) return undefined;
  const backoffMs = OPEN_RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
  const delayMs = Math.min(error.retryAfterMs ?? backoffMs, settings.maxDelayMs);
  // Sleeping past the deadline would only turn the grid's answer into sdk_timeout.
  return delayMs < deadline.remainingMs() ? delayMs : undefined;
}

function sessionRequest(
  options: OpenSessionOptions,
  settings: Settings,
  placement: Placement | undefined,
): OpenSessionRequest {
  const coordinate = placement?.coordinate;
  const probes = placement?.probes ?? [];
  return {
    agent: options.agent,
    class: settings.latencyClass,
    client: settings.clientKey.key.did,
    ...(coordinate === undefined
      ? {}
      : {
          coordinate: {
            vector: [...coordinate.vector],
            height: coordinate.height,
            error: coordinate.error,
          },
        }),
    ...(probes.length === 0 ? {} : { probes: probes.map((probe) => ({ ...probe })) }),
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.label === undefined ? {} : { label: options.label }),
  };
}

function readOptions(options: OpenSessionOptions): Settings {
  const invalid = (message: string) => new OpenGridError('sdk_option_invalid', message);
  if (typeof options !== 'object' || options === null) throw invalid('options is an object');
  if (typeof options.agent !== 'string' || options.agent === '') {
    throw invalid('agent names the agent to run, e.g. "tutor"');
  }
  const coordinators =
    options.coordinators === undefined ? undefined : checkCoordinators(options.coordinators);
  const coordinator =
    coordinators?.[0] ??
    options.coordinator ??
    process.env.OPENGRID_COORDINATOR ??
    COORDINATOR_URL_DEFAULT;
  if (!/^https?:\/\/[^\s]+$/.test(coordinator) || !URL.canParse(coordinator)) {
    throw invalid(`coordinator is an http(s) URL, not ${JSON.stringify(coordinator)}`);
  }
  const latencyClass = options.latencyClass ?? 'interactive';
  if (!isLatencyClass(latencyClass)) {
    throw invalid(
      `latencyClass is robot, voice, interactive or batch, not ${String(latencyClass)}`,
    );
  }
  const attempts = options.retry?.attempts ?? OPEN_RETRY_ATTEMPTS_DEFAULT;
  const maxDelayMs = options.retry?.maxDelayMs ?? OPEN_RETRY_DELAY_MS_DEFAULT;
  const timeoutMs = options.timeoutMs ?? OPEN_SESSION_TIMEOUT_MS;
  checkWhole(attempts, 1, OPEN_RETRY_ATTEMPTS_MAX, 'retry.attempts', invalid);
  checkWhole(maxDelayMs, 0, OPEN_RETRY_DELAY_MS_MAX, 'retry.maxDelayMs', invalid);
  checkWhole(timeoutMs, 1, OPEN_SESSION_TIMEOUT_MS_MAX, 'timeoutMs', invalid);
  if (
    options.resume !== undefined &&
    (typeof options.resume !== 'object' || options.resume === null)
  ) {
    throw invalid('resume is an object, e.g. { timeoutMs: 30000 }');
  }
  const resumeTimeoutMs = options.resume?.timeoutMs ?? RESUME_TIMEOUT_MS;
  checkWhole(
    resumeTimeoutMs,
    RESUME_TIMEOUT_MS_MIN,
    RESUME_TIMEOUT_MS_MAX,
    'resume.timeoutMs',
    invalid,
  );
  const pingIntervalMs = options.pingIntervalMs ?? SESSION_PING_INTERVAL_MS;
  checkWhole(
    pingIntervalMs,
    SESSION_PING_INTERVAL_MS_MIN,
    SESSION_PING_INTERVAL_MS_MAX,
    'pingIntervalMs',
    invalid,
  );
  if (options.onMove !== undefined && typeof options.onMove !== 'function') {
    throw invalid('onMove is a function');
  }
  return {
    coordinator,
    ...(coordinators === undefined ? {} : { coordinators }),
    latencyClass,
    clientKey: options.clientKey ?? ed25519SignerFromSeed(randomBytes(32)),
    probeLandmarks: options.probeLandmarks ?? true,
    attempts,
    maxDelayMs,
    timeoutMs,
    emulation: options.emulation,
    resumeTimeoutMs,
    pingIntervalMs,
    onMove: options.onMove,
  };
}

function checkWhole(
  value: number,
  min: number,
  max: number,
  name: string,
  invalid: (message: string) => OpenGridError,
): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`${name} is a whole number in [${min}, ${max}], not ${String(value)}`);
  }
}
