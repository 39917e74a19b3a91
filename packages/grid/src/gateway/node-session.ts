/**
 * The gateway as a client of one node session: a WebSocket to `{node}/v1/session` driven by
 * wire's client session machine (the same one the SDK drives), so the gateway speaks the session
 * protocol exactly as other clients do. This file is the socket shell: it feeds the machine the
 * socket's events and carries its effects out; every protocol decision is the machine's.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonValue, Signer } from '@mycel/kernel';
import {
  attachProof,
  type ClientSessionEffect,
  type ClientSessionEvent,
  type ClientSessionState,
  cityHeaders,
  cityOf,
  type Inbound,
  inbound,
  inboundDelayMs,
  initialClientSession,
  type LatencyEmulation,
  NODE_PATHS,
  nodeFrameReader,
  type OpenSessionResponse,
  transitionClientSession,
  type WireErrorCode,
  type WireResult,
  wireFail,
  wireLimits,
} from '@mycel/wire';
import WebSocket from 'ws';
import {
  GATEWAY_ATTACH_TIMEOUT_MS,
  GATEWAY_CLOSE_GRACE_MS,
  GATEWAY_PING_INTERVAL_MS,
  GATEWAY_TURNS_QUEUED_MAX,
} from '../limits.js';

export type TurnOutcome =
  | { readonly ok: true; readonly chunks: number }
  | {
      readonly ok: false;
      readonly code: WireErrorCode;
      readonly message: string;
      readonly retryAfterMs?: number;
    };

export interface GatewayTurn {
  readonly seq: number;
  /** Settles when the node ends the turn (or the session ends); never rejects. */
  readonly finished: Promise<TurnOutcome>;
  /** Asks the node to stop the turn; its later chunks are dropped. */
  cancel(): void;
}

interface TurnListener {
  readonly onChunk: (data: unknown) => void;
  readonly settle: (outcome: TurnOutcome) => void;
}

export class NodeSession {
  private state: ClientSessionState = initialClientSession({
    queuedTurnsMax: GATEWAY_TURNS_QUEUED_MAX,
  });
  private readonly turns = new Map<number, TurnListener>();
  private attachWaiter: ((result: WireResult<true>) => void) | undefined;
  private events: Inbound<ClientSessionEvent> | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly placement: OpenSessionResponse,
    private readonly socket: WebSocket,
  ) {}

  /** Connects to the node the coordinator chose and attaches; bounded by GATEWAY_ATTACH_TIMEOUT_MS. */
  static open(
    placement: OpenSessionResponse,
    clientKey: Signer,
    emulation: LatencyEmulation | undefined,
  ): Promise<WireResult<NodeSession>> {
    const url = `${placement.node.endpoint.replace(/\/+$/, '')}${NODE_PATHS.session}`;
    const socket = new WebSocket(url.replace(/^http/, 'ws'), {
      headers: cityHeaders(emulation),
      maxPayload: wireLimits.SESSION_FRAME_BYTES_MAX,
      perMessageDeflate: false,
    });
    const session = new NodeSession(placement, socket);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(
          wireFail(
            'node_unavailable',
            `the node did not attach within ${GATEWAY_ATTACH_TIMEOUT_MS} ms`,
          ),
        );
      }, GATEWAY_ATTACH_TIMEOUT_MS);
      const settle = (result: WireResult<true>) => {
        clearTimeout(timer);
        session.attachWaiter = undefined;
        if (result.ok) return resolve({ ok: true, value: session });
        socket.terminate();
        resolve(result);
      };
      session.attachWaiter = settle;
      socket.on('error', () => {
        // Before open: the attach fails below; after open: 'close' follows and ends the session.
        if (session.state.phase === 'new') {
          settle(
            wireFail('node_unavailable', `the node at ${placement.node.endpoint} is unreachable`),
          );
        }
      });
      socket.once('upgrade', (response: IncomingMessage) => {
        session.events = inbound(inboundDelayMs(emulation, cityOf(response.headers)), (event) =>
          session.dispatch(event),
        );
      });
      socket.once('unexpected-response', (_request, response: IncomingMessage) => {
        response.resume();
        settle(
          wireFail(
            'node_unavailable',
            `the node refused the socket with HTTP ${response.statusCode}`,
          ),
        );
      });
      socket.once('open', () => {
        session.listen();
        session.dispatch({
          type: 'attach',
          ticket: placement.ticket,
          proof: attachProof(placement.ticket, clientKey),
        });
      });
    });
  }

  get sid(): string {
    return this.placement.sid;
  }

  /** True while turns can run. */
  get usable(): boolean {
    return this.state.phase === 'open';
  }

  /** True while a turn runs or waits. */
  get busy(): boolean {
    return this.state.turn !== undefined || this.state.queue.length > 0;
  }

  runTurn(input: JsonValue, onChunk: (data: unknown) => void): GatewayTurn {
    const seq = this.state.nextSeq;
    const finished = new Promise<TurnOutcome>((settle) => {
      this.turns.set(seq, { onChunk, settle });
    });
    this.dispatch({ type: 'send', input });
    return { seq, finished, cancel: () => this.dispatch({ type: 'cancel', seq }) };
  }

  /** Ends the session on the node; the socket is dropped if it lingers. */
  close(): void {
    this.dispatch({ type: 'close' });
    if (this.state.phase !== 'closing') this.socket.close(1000);
    setTimeout(() => this.socket.terminate(), GATEWAY_CLOSE_GRACE_MS).unref();
  }

  private listen(): void {
    const events = this.events ?? inbound<ClientSessionEvent>(0, (event) => this.dispatch(event));
    this.events = events;
    this.socket.on('message', (data: WebSocket.RawData) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const read = nodeFrameReader.read(bytes);
      events.push(
        read.ok
          ? { type: 'frame', frame: read.value }
          : { type: 'frame-invalid', code: read.error.code, message: read.error.message },
      );
    });
    // A node that vanished without closing its TCP connection answers no ping: drop it.
    let answered = true;
    this.socket.on('pong', () => {
      answered = true;
    });
    this.keepalive = setInterval(() => {
      if (!answered) return this.socket.terminate();
      answered = false;
      this.socket.ping();
    }, GATEWAY_PING_INTERVAL_MS);
    this.keepalive.unref();
    this.socket.once('close', () => {
      clearInterval(this.keepalive);
      events.push({ type: 'socket-closed' });
    });
  }

  private dispatch(event: ClientSessionEvent): void {
    const before = this.state.phase;
    const { state, effects } = transitionClientSession(this.state, event);
    this.state = state;
    for (const effect of effects) this.apply(effect);
    if (before === 'attaching' && state.phase === 'open')
      this.attachWaiter?.({ ok: true, value: true });
    if (before === 'closing' && state.phase === 'closed') this.socket.close(1000);
  }

  private apply(effect: ClientSessionEffect): void {
    switch (effect.type) {
      case 'send':
        if (this.socket.readyState === WebSocket.OPEN)
          this.socket.send(JSON.stringify(effect.frame));
        return;
      case 'emit-chunk':
        this.turns.get(effect.seq)?.onChunk(effect.data);
        return;
      case 'turn-done':
        this.takeTurn(effect.seq)?.settle({ ok: true, chunks: effect.chunks });
        return;
      case 'turn-failed': {
        const { code, message, retryAfterMs } = effect;
        const outcome: TurnOutcome =
          retryAfterMs === undefined
            ? { ok: false, code, message }
            : { ok: false, code, message, retryAfterMs };
        this.takeTurn(effect.seq)?.settle(outcome);
        return;
      }
      case 'session-failed':
        this.attachWaiter?.(wireFail(effect.code, effect.message));
        this.socket.close(1000);
        return;
      case 'resume':
        // The gateway does not resume: its session pool opens a new session for the next
        // request (chat requests carry their whole history), so the loss ends this one.
        queueMicrotask(() =>
          this.dispatch({ type: 'resume-failed', code: effect.code, message: effect.message }),
        );
        return;
    }
  }

  private takeTurn(seq: number): TurnListener | undefined {
    const listener = this.turns.get(seq);
    this.turns.delete(seq);
    return listener;
  }
}
