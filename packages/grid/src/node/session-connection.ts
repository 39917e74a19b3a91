/**
 * One session WebSocket from upgrade to close. Every frame from the client is attacker-controlled:
 * clientFrameReader checks size, JSON and shape before anything looks at it. The first good frame
 * must be `attach`; then turns, cancels and close go to the attached SessionHost, and the client's
 * answers to usage proofs to the session server. A `close` is answered with `closed` once the
 * session's last usage is settled. A bad frame gets an `error` frame and the socket stays usable,
 * up to SESSION_BAD_FRAMES_MAX of them (then 1008).
 */
import {
  type AttachFrame,
  type ClientFrame,
  clientFrameReader,
  type NodeFrame,
  type UsageRefusedFrame,
  type UsageSignedFrame,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import WebSocket from 'ws';
import { SESSION_ATTACH_TIMEOUT_MS, SESSION_BAD_FRAMES_MAX } from '../limits.js';
import type { FrameSink, SessionHost, TurnContext } from './session-host.js';

/** WebSocket close codes this node uses (RFC 6455 §7.4.1). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY_VIOLATION = 1008;

export type ConnectionPhase = 'unattached' | 'attaching' | 'attached' | 'closed';

/** What a connection needs from the session server. */
export interface ConnectionOwner {
  readonly turnContext: TurnContext;
  attach(connection: SessionConnection, frame: AttachFrame): Promise<void>;
  /** The client broke the protocol: the session ends here. */
  endSession(host: SessionHost, how: 'closed' | 'failed'): void;
  /** The client closed the session: it ends once its last usage is settled (bounded). */
  closeSession(host: SessionHost): Promise<void>;
  /** The client countersigned or refused a usage proof offered on `connection`. */
  usageAnswered(connection: SessionConnection, frame: UsageSignedFrame | UsageRefusedFrame): void;
  /** The client's socket dropped without a `close`: the session waits for it to come back. */
  detach(host: SessionHost): void;
  forget(connection: SessionConnection): void;
}

export class SessionConnection implements FrameSink {
  phase: ConnectionPhase = 'unattached';
  host: SessionHost | undefined;
  everAttached = false;
  private badFrames = 0;
  private attachTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: WebSocket,
    private readonly owner: ConnectionOwner,
  ) {
    this.attachTimer = setTimeout(() => {
      if (this.phase === 'unattached') this.shut(CLOSE_POLICY_VIOLATION, 'attach timeout');
    }, SESSION_ATTACH_TIMEOUT_MS);
    this.attachTimer.unref();
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(frame: NodeFrame): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** One message from the client, after any emulated delay. */
  receive(data: Buffer): void {
    if (this.phase === 'closed') return;
    const read = clientFrameReader.read(data);
    if (read.ok) this.dispatch(read.value);
    else this.refuse(read.error.code, read.error.message);
  }

  private dispatch(frame: ClientFrame): void {
    const host = this.host;
    if (frame.t === 'usage-signed' || frame.t === 'usage-refused') {
      // Also after the session left this socket: the answer to its last usage comes then.
      this.owner.usageAnswered(this, frame);
    } else if (frame.t === 'attach') {
      if (this.phase === 'unattached') {
        this.phase = 'attaching';
        void this.owner.attach(this, frame);
      } else {
        this.refuse('session_already_attached', 'this socket already has a session');
      }
    } else if (host === undefined) {
      if (frame.t === 'close') this.shut(CLOSE_NORMAL, 'closed');
      else this.refuse('session_not_attached', 'attach first', frame.seq);
    } else if (frame.t === 'turn') {
      host.turn(frame);
    } else if (frame.t === 'cancel') {
      host.cancel(frame.seq);
    } else {
      // Turns from now on are refused; the usage exchange comes before `closed`.
      this.host = undefined;
      void this.owner.closeSession(host).then(() => {
        this.send({ t: 'closed', sid: host.sid });
        this.shut(CLOSE_NORMAL, 'closed');
      });
    }
  }

  /** The attach succeeded: from now on turns go to `host`. */
  attached(host: SessionHost): void {
    this.host = host;
    this.phase = 'attached';
    this.everAttached = true;
    if (this.attachTimer !== undefined) clearTimeout(this.attachTimer);
    this.attachTimer = undefined;
  }

  /** The attach was refused: an error frame, and the socket may try again. */
  attachRefused(code: WireErrorCode, message: string, retryAfterMs?: number): void {
    if (this.phase === 'attaching') this.phase = 'unattached';
    this.refuse(code, message, undefined, retryAfterMs);
  }

  /** Answers a bad frame; too many of them end the connection. */
  refuse(code: WireErrorCode, message: string, seq?: number, retryAfterMs?: number): void {
    this.send({
      t: 'error',
      code,
      message: message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX),
      ...(seq === undefined ? {} : { seq }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    this.badFrames += 1;
    if (this.badFrames >= SESSION_BAD_FRAMES_MAX) {
      this.endHere('failed');
      this.shut(CLOSE_POLICY_VIOLATION, 'too many bad frames');
    }
  }

  /** Closes the socket from the node's side; `closed()` follows when the socket is gone. */
  shut(code: number, reason: string): void {
    if (
      this.socket.readyState === WebSocket.OPEN ||
      this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close(code, reason);
    }
  }

  /** The socket is gone: the client disconnected, or the node closed it. */
  closed(): void {
    if (this.phase === 'closed') return;
    if (this.attachTimer !== undefined) clearTimeout(this.attachTimer);
    this.attachTimer = undefined;
    const host = this.host;
    this.host = undefined;
    if (host !== undefined) this.owner.detach(host);
    this.phase = 'closed';
    this.owner.forget(this);
  }

  /** Ends the attached session, once; the socket itself is closed by the caller. */
  private endHere(how: 'closed' | 'failed'): void {
    const host = this.host;
    this.host = undefined;
    if (host !== undefined) this.owner.endSession(host, how);
  }

  /** The session left this node (the client was told why): the socket closes. */
  handedBack(code: number, reason: string): void {
    this.host = undefined;
    this.shut(code, reason);
  }

  /** Another attach of the same session took over: this socket no longer serves it. */
  superseded(code: WireErrorCode, message: string): void {
    this.host = undefined;
    this.send({ t: 'error', code, message });
    this.shut(CLOSE_NORMAL, 'superseded');
  }
}
