/**
 * Opening a session: the one function behind POST /v1/sessions and RunningCoordinator.openSession
 * (the gateway calls it in process). Checks the request, draws a session id, lets the core place
 * it and sign the ticket, and records the outcome in metrics and the log.
 */
import { randomBytes } from 'node:crypto';
import { parseDidKey, toBase64Url } from '@mycel/kernel';
import {
  checkOpenSessionRequest,
  type OpenSessionRequest,
  type OpenSessionResponse,
  type WireError,
  wireFail,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { PUSHBACK_RETRY_AFTER_MS } from '../limits.js';
import type { CoordinatorCore } from './coordinator-core.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import type { SessionJournal } from './session-journal.js';

/** A failed open; pushback carries how long to wait before asking again. */
export type OpenSessionError = WireError & { readonly retryAfterMs?: number };

/** The coordinator that placed a session a canopy neighbour was asked for (canopy/). */
export interface PlacedBy {
  readonly coordinator: string;
  readonly url: string;
}

/** A placement; `placedBy` when a canopy neighbour placed it and issued the ticket. */
export type OpenedSessionAnswer = OpenSessionResponse & { readonly placedBy?: PlacedBy };
export type OpenSessionResult =
  | { readonly ok: true; readonly value: OpenedSessionAnswer }
  | { readonly ok: false; readonly error: OpenSessionError };

export interface OpenSessionOptions {
  /** false: place in this colony only, never forward to a canopy neighbour. */
  readonly overflow?: boolean;
}

export type OpenSession = (
  request: OpenSessionRequest,
  nowMs?: number,
  options?: OpenSessionOptions,
) => Promise<OpenSessionResult>;

/**
 * Forwards a session this colony refused to a canopy neighbour (canopy/canopy-service.ts);
 * undefined when no neighbour placed it and the local refusal stands.
 */
export type Overflow = (
  request: OpenSessionRequest,
  refusal: OpenSessionError['code'],
  nowMs: number,
) => Promise<OpenSessionResult | undefined>;

export function sessionOpener(
  core: CoordinatorCore,
  metrics: CoordinatorMetrics,
  logger: Logger,
  journal?: SessionJournal,
  overflow?: Overflow,
): OpenSession {
  return async (request, nowMs = Date.now(), options = {}) => {
    const started = process.hrtime.bigint();
    let result: OpenSessionResult = open(core, request, nowMs);
    metrics.placementSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    // Overflow (docs/spec/mmp-canopy.md): a well-formed request this colony cannot place goes to
    // the best canopy neighbour, which places it and issues the ticket itself.
    if (!result.ok && overflow !== undefined && options.overflow !== false) {
      result = (await overflow(request, result.error.code, nowMs)) ?? result;
      if (result.ok) {
        metrics.placements.inc({ result: 'forwarded' });
        return result;
      }
    }
    // The session is on record before its ticket leaves: after a restart it is still known.
    if (journal !== undefined) {
      try {
        await journal.flush();
      } catch (error) {
        logger.error({ err: error }, 'session journal write failed');
        result = wireFail('internal_error', 'the coordinator could not record the session');
      }
    }
    metrics.placements.inc({ result: result.ok ? 'placed' : result.error.code });
    if (result.ok) {
      const { sid, node, predictedRttMs } = result.value;
      logger.info(
        {
          sid,
          node: node.did,
          nodeLabel: node.label,
          agent: result.value.ticket.agent,
          class: request.class,
          client: request.label,
          predictedRttMs:
            predictedRttMs === undefined ? undefined : Math.round(predictedRttMs * 10) / 10,
        },
        'session placed',
      );
    } else {
      logger.info(
        { agent: request.agent, class: request.class, code: result.error.code },
        'session not placed',
      );
    }
    return result;
  };
}

function open(
  core: CoordinatorCore,
  request: OpenSessionRequest,
  nowMs: number,
): OpenSessionResult {
  // The in-process caller is trusted code, but the HTTP body is not: both are checked here.
  if (!checkOpenSessionRequest.Check(request)) {
    const first = checkOpenSessionRequest.Errors(request).First();
    return wireFail(
      'request_malformed',
      `${first?.path ?? ''} ${first?.message ?? 'bad shape'}`.trim(),
    );
  }
  if (!parseDidKey(request.client).ok) {
    return wireFail(
      'request_malformed',
      'client is not a did:key of an Ed25519 or P-256 key',
      '/client',
    );
  }
  const opened = core.open(
    {
      sid: toBase64Url(randomBytes(16)),
      agent: request.agent,
      latencyClass: request.class,
      client: request.client,
      ...(request.coordinate === undefined ? {} : { coordinate: request.coordinate }),
      ...(request.probes === undefined ? {} : { probes: request.probes }),
    },
    nowMs,
  );
  if (!opened.ok) {
    if (opened.error.code !== 'route_pushback') return opened;
    return { ok: false, error: { ...opened.error, retryAfterMs: PUSHBACK_RETRY_AFTER_MS } };
  }
  const { session, node, ticket, predictedRttMs } = opened.value;
  return {
    ok: true,
    value: {
      sid: session.sid,
      epoch: session.epoch,
      ticket,
      node: { did: node.did, endpoint: node.endpoint, label: node.label },
      ...(predictedRttMs === undefined ? {} : { predictedRttMs }),
    },
  };
}
