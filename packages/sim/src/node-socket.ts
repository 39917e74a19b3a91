/**
 * One session socket on a simulated node, mirroring grid's session-connection.ts: client frames
 * are read by wire's clientFrameReader; the first must be `attach`; then turns, cancels and
 * close go to the attached host. The transport's pings are answered below the frames.
 */
import { gridLimits } from '@mycel/grid';
import {
  type AttachFrame,
  type ClientFrame,
  clientFrameReader,
  type NodeFrame,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import { type Connection, type Network, TRANSPORT_PING, TRANSPORT_PONG } from './network.js';
import type { HostSink, NodeHost } from './node-host.js';

export type SocketPhase = 'unattached' | 'attaching' | 'attached' | 'closed';

export interface SocketOwner {
  attach(socket: NodeSocket, frame: AttachFrame): void;
  endSession(host: NodeHost, how: 'closed' | 'failed'): void;
  detach(host: NodeHost): void;
}

export class NodeSocket implements HostSink {
  phase: SocketPhase = 'unattached';
  host: NodeHost | undefined;
  private badFrames = 0;

  constructor(
    readonly conn: Connection,
    private readonly network: Network,
    private readonly owner: SocketOwner,
  ) {}

  send(frame: NodeFrame, epoch?: number): void {
    this.network.send(this.conn, 'to', JSON.stringify(frame), frameLabel(frame), epoch);
  }

  receive(data: string): void {
    if (this.phase === 'closed') return;
    if (data === TRANSPORT_PING) {
      this.network.send(this.conn, 'to', TRANSPORT_PONG, 'pong');
      return;
    }
    const read = clientFrameReader.read(data);
    if (read.ok) this.dispatch(read.value);
    else this.refuse(read.error.code, read.error.message);
  }

  private dispatch(frame: ClientFrame): void {
    const host = this.host;
    if (frame.t === 'attach') {
      if (this.phase === 'unattached') {
        this.phase = 'attaching';
        this.owner.attach(this, frame);
      } else {
        this.refuse('session_already_attached', 'this socket already has a session');
      }
    } else if (host === undefined) {
      if (frame.t === 'close') this.shut();
      else if (frame.t === 'turn' || frame.t === 'cancel') {
        this.refuse('session_not_attached', 'attach first', frame.seq);
      }
    } else if (frame.t === 'turn') {
      host.turn(frame);
    } else if (frame.t === 'cancel') {
      host.cancel(frame.seq);
    } else if (frame.t === 'close') {
      // The simulator does not model usage metering (its nodes quote no price), so a close
      // ends the session at once, as a node without a price does.
      this.endHere('closed');
      this.send({ t: 'closed', sid: host.sid });
      this.shut();
    }
  }

  attached(host: NodeHost): void {
    this.host = host;
    this.phase = 'attached';
  }

  attachRefused(code: WireErrorCode, message: string, retryAfterMs?: number): void {
    if (this.phase === 'attaching') this.phase = 'unattached';
    this.refuse(code, message, undefined, retryAfterMs);
  }

  refuse(code: WireErrorCode, message: string, seq?: number, retryAfterMs?: number): void {
    this.send({
      t: 'error',
      code,
      message: message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX),
      ...(seq === undefined ? {} : { seq }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    this.badFrames += 1;
    if (this.badFrames >= gridLimits.SESSION_BAD_FRAMES_MAX) {
      this.endHere('failed');
      this.shut();
    }
  }

  /** Closes from the node's side; what was sent still arrives first. */
  shut(): void {
    this.network.close(this.conn, 'to');
    this.closed();
  }

  /** The socket is gone (the client went, or the node closed it). */
  closed(): void {
    if (this.phase === 'closed') return;
    const host = this.host;
    this.host = undefined;
    if (host !== undefined) this.owner.detach(host);
    this.phase = 'closed';
  }

  handedBack(): void {
    this.host = undefined;
    this.shut();
  }

  superseded(code: WireErrorCode, message: string): void {
    this.host = undefined;
    this.send({ t: 'error', code, message });
    this.shut();
  }

  private endHere(how: 'closed' | 'failed'): void {
    const host = this.host;
    this.host = undefined;
    if (host !== undefined) this.owner.endSession(host, how);
  }
}

function frameLabel(frame: NodeFrame): string {
  switch (frame.t) {
    case 'chunk':
    case 'done':
      return `${frame.t}:${frame.seq}`;
    case 'error':
      return `error:${frame.code}${frame.seq === undefined ? '' : `:${frame.seq}`}`;
    default:
      return frame.t;
  }
}
