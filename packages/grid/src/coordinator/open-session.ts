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
export type OpenSessionResult =
  | { readonly ok: true; readonly value: OpenSessionResponse }
  | { readonly ok: false; readonly error: OpenSessionError };

export type OpenSession = (
  request: OpenSessionRequest,
  nowMs?: number,
) => Promise<OpenSessionResult>;

export function sessionOpener(
  core: CoordinatorCore,
  metrics: CoordinatorMetrics,
  logger: Logger,
  journal?: SessionJournal,
): OpenSession {
  return async (request, nowMs = Date.now()) => {
    const started = process.hrtime.bigint();
    let result = open(core, request, nowMs);
    metrics.placementSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
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
