/**
 * The gateway (ARCHITECTURE §5.4): the coordinator's OpenAI-compatible front, so existing
 * OpenAI client code can use the grid unchanged. `POST /v1/chat/completions` names an agent as
 * its `model`; the last user message becomes one turn of a session on a node, opened through the
 * coordinator in-process and reused for the same affinity key. The answer is one
 * `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk` events as the
 * agent's chunks arrive.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  COORDINATOR_PATHS,
  type LatencyEmulation,
  type OpenSessionRequest,
  type OpenSessionResponse,
  SESSION_AFFINITY_HEADER,
  type WireErrorCode,
  type WireResult,
  wireFail,
} from '@mycel/wire';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  GATEWAY_BODY_BYTES_MAX,
  GATEWAY_NAME_CHARS_MAX,
  GATEWAY_REPLY_CHARS_MAX,
  GATEWAY_STREAM_BUFFER_BYTES_MAX,
  GATEWAY_SWEEP_INTERVAL_MS,
} from '../limits.js';
import { type ChatRequest, readChatRequest } from './chat-request.js';
import {
  type CompletionHeader,
  chunkText,
  completion,
  completionChunk,
  SERVER_SENT_DONE,
  serverSentEvent,
} from './chat-response.js';
import { gatewayError } from './gateway-errors.js';
import { NodeSession, type TurnOutcome } from './node-session.js';
import { SessionPool } from './session-pool.js';

/** What the gateway needs of a logger (pino's, Fastify's). */
export interface GatewayLogger {
  error(context: object, message: string): void;
}

export interface GatewayDeps {
  /** The coordinator's own session opening, in-process (what POST /v1/sessions does). */
  openSession(request: OpenSessionRequest): Promise<WireResult<OpenSessionResponse>>;
  /** Where unexpected failures are logged; defaults to the request's logger. */
  readonly logger?: GatewayLogger;
  /** Devnet only: the coordinator's city in the emulated network. */
  readonly emulation?: LatencyEmulation;
}

/** Adds the gateway's route to `app`; its kept sessions close with the app. */
export function registerGateway(app: FastifyInstance, deps: GatewayDeps): void {
  // One key for every session the gateway opens: the tickets are bound to it.
  const clientKey = ed25519SignerFromSeed(randomBytes(32));
  const pool = new SessionPool(
    async (agent) => {
      const placed = await deps.openSession({
        agent,
        class: 'interactive',
        client: clientKey.key.did,
      });
      if (!placed.ok) return placed;
      return NodeSession.open(placed.value, clientKey, deps.emulation);
    },
    () => performance.now(),
  );
  const sweeper = setInterval(() => pool.sweep(), GATEWAY_SWEEP_INTERVAL_MS);
  sweeper.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    pool.closeAll();
  });

  void app.register(async (scope) => gatewayRoutes(scope, pool, deps.logger));
}

function gatewayRoutes(
  scope: FastifyInstance,
  pool: SessionPool,
  logger: GatewayLogger | undefined,
): void {
  // The body is read here, bounded, whatever the coordinator does with its own routes' bodies.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: GATEWAY_BODY_BYTES_MAX },
    (_request, body, done) => done(null, body),
  );
  scope.setErrorHandler((error: { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const message = `a request is at most ${GATEWAY_BODY_BYTES_MAX} bytes`;
      return sendError(reply, 'request_too_large', message);
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return sendError(reply, 'request_malformed', 'the request could not be read');
    }
    (logger ?? request.log).error({ err: error }, 'gateway request failed');
    return sendError(reply, 'internal_error', 'the gateway failed; see the coordinator log');
  });
  scope.post(COORDINATOR_PATHS.chatCompletions, async (request, reply) => {
    const parsed = readChatRequest(parseBody(request.body));
    if (!parsed.ok) {
      const { code, message, path } = parsed.error;
      return sendError(reply, code, message, path === undefined ? {} : { param: path });
    }
    const affinity = affinityOf(request.headers[SESSION_AFFINITY_HEADER], parsed.value.user);
    if (!affinity.ok) return sendError(reply, affinity.error.code, affinity.error.message);
    const lease = await pool.acquire(parsed.value.agent, affinity.value);
    if (!lease.ok) {
      // The coordinator's refusal may carry retryAfterMs beside the code (route_pushback).
      const retryAfterMs = (lease.error as { retryAfterMs?: unknown }).retryAfterMs;
      return sendError(reply, lease.error.code, lease.error.message, {
        ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
      });
    }
    try {
      const { session } = lease.value;
      return parsed.value.stream
        ? await streamCompletion(session, parsed.value, reply)
        : await wholeCompletion(session, parsed.value, reply);
    } finally {
      lease.value.release();
    }
  });
}

function sendError(
  reply: FastifyReply,
  code: WireErrorCode,
  message: string,
  options: { readonly retryAfterMs?: number; readonly param?: string } = {},
) {
  const error = gatewayError(code, message, options);
  return reply.code(error.status).headers(error.headers).send(error.body);
}

function parseBody(body: unknown): unknown {
  if (!(body instanceof Buffer)) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The header wins over `user`; both are attacker-controlled and only used as a map key. */
function affinityOf(
  header: string | string[] | undefined,
  user: string | undefined,
): WireResult<string | undefined> {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return { ok: true, value: user || undefined };
  if (value.length > GATEWAY_NAME_CHARS_MAX) {
    return wireFail(
      'request_malformed',
      `${SESSION_AFFINITY_HEADER} is at most ${GATEWAY_NAME_CHARS_MAX} characters`,
    );
  }
  return { ok: true, value };
}

function headerOf(session: NodeSession, seq: number, request: ChatRequest): CompletionHeader {
  return {
    id: `chatcmpl-${session.sid}-${seq}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
  };
}

/** Cancels the turn when the HTTP client goes away before its answer is complete. */
function cancelOnHangUp(response: ServerResponse, cancel: () => void): () => void {
  const onClose = () => {
    if (!response.writableEnded) cancel();
  };
  response.once('close', onClose);
  return () => response.off('close', onClose);
}

async function wholeCompletion(session: NodeSession, request: ChatRequest, reply: FastifyReply) {
  let text = '';
  let truncated = false;
  const turn = session.runTurn(request.input, (data) => {
    if (truncated) return;
    text += chunkText(data, text !== '');
    if (text.length > GATEWAY_REPLY_CHARS_MAX) {
      text = text.slice(0, GATEWAY_REPLY_CHARS_MAX);
      truncated = true;
      turn.cancel();
    }
  });
  const stopWatching = cancelOnHangUp(reply.raw, turn.cancel);
  const outcome = await turn.finished;
  stopWatching();
  if (!outcome.ok && !truncated) return sendTurnError(reply, outcome);
  const header = headerOf(session, turn.seq, request);
  return reply.send(completion(header, text, truncated ? 'length' : 'stop'));
}

/**
 * Server-sent events. The status line waits for the turn's first chunk (or its end), so a turn
 * that fails at once still gets a proper HTTP error; a failure after that is an error event.
 */
async function streamCompletion(session: NodeSession, request: ChatRequest, reply: FastifyReply) {
  const response = reply.raw;
  let header: CompletionHeader | undefined;
  let gone = false;
  let sentText = false;
  const start = (seq: number): CompletionHeader => {
    if (header !== undefined) return header;
    header = headerOf(session, seq, request);
    reply.hijack();
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(
      serverSentEvent(completionChunk(header, { role: 'assistant', content: '' }, null)),
    );
    return header;
  };
  const turn = session.runTurn(request.input, (data) => {
    if (gone) return;
    const content = chunkText(data, sentText);
    if (content === '') return;
    sentText = true;
    response.write(serverSentEvent(completionChunk(start(turn.seq), { content }, null)));
    // A client that does not read is not buffered for without end.
    if (response.writableLength > GATEWAY_STREAM_BUFFER_BYTES_MAX) {
      gone = true;
      turn.cancel();
    }
  });
  const stopWatching = cancelOnHangUp(response, () => {
    gone = true;
    turn.cancel();
  });
  const outcome = await turn.finished;
  stopWatching();
  if (header === undefined && !outcome.ok) return sendTurnError(reply, outcome);
  const opened = start(turn.seq);
  if (!gone) {
    if (outcome.ok) {
      response.write(serverSentEvent(completionChunk(opened, {}, 'stop')));
      response.write(SERVER_SENT_DONE);
    } else {
      const error = gatewayError(outcome.code, outcome.message, retryOf(outcome));
      response.write(serverSentEvent(error.body));
    }
  }
  response.end();
  return reply;
}

function sendTurnError(reply: FastifyReply, outcome: Extract<TurnOutcome, { ok: false }>) {
  return sendError(reply, outcome.code, outcome.message, retryOf(outcome));
}

function retryOf(outcome: Extract<TurnOutcome, { ok: false }>): { retryAfterMs?: number } {
  return outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs };
}
