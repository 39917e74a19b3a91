/**
 * The session endpoint of a simulated node, mirroring grid's session-server.ts: attach (wire's
 * verifyTicket against the pinned coordinator and the EpochFence, verifyAttachProof, takeover of
 * a session already attached here, admission, then the state: carried over, restored from the
 * checkpoint the ticket names, or a fresh init; resumeSeq for where the client goes on), the
 * registry of attached sessions, detached sessions' grace, and what the coordinator says about
 * them (checkpoint acks, refusals, restores). Every live host is reported to the oracle's serving
 * index, which invariant I1 reads.
 */
import {
  attachFailureOf,
  attachSource,
  EpochFence,
  gridLimits,
  resumeSeq,
  type SessionSnapshot,
  startTurns,
  turnsFromCheckpoint,
} from '@mycel/grid';
import type { DidKey } from '@mycel/kernel';
import {
  type AttachFrame,
  type CheckpointAckFrame,
  isWireErrorCode,
  type RestoreFrame,
  type SessionCheckpoint,
  type SessionRefusedFrame,
  type SessionStateFrame,
  type SessionTicket,
  verifyAttachProof,
  verifyCheckpoint,
  verifyTicket,
  type WireError,
  type WireResult,
  wireFail,
} from '@mycel/wire';
import type { EventOwner, SimEvent } from './event-queue.js';
import { AGENT_INIT_MS_MAX } from './limits.js';
import type { Connection, ConnectionHandler } from './network.js';
import { type HostContext, NodeHost } from './node-host.js';
import { NodeRestores } from './node-restores.js';
import type { NodeSlots } from './node-slots.js';
import { NodeSocket } from './node-socket.js';
import type { SimContext } from './sim-context.js';
import { initialAgentState } from './test-agent.js';

export interface NodeSessionsOptions {
  /** The node's network name (trace labels, the serving index). */
  readonly node: string;
  readonly did: string;
  readonly trust: { readonly coordinator: DidKey; readonly grid: string };
  readonly slots: NodeSlots;
  readonly owner: EventOwner;
  report(frame: SessionStateFrame): void;
  sendCheckpoint(checkpoint: SessionCheckpoint): void;
}

type Started = WireResult<{ start: SessionSnapshot; nextSeq: number }>;

export class NodeSessions {
  readonly fence = new EpochFence();
  private readonly sessions = new Map<string, NodeHost>();
  private readonly detached = new Map<string, SimEvent>();
  private readonly restores: NodeRestores;
  private readonly hostContext: HostContext;

  constructor(
    private readonly context: SimContext,
    private readonly options: NodeSessionsOptions,
  ) {
    this.restores = new NodeRestores(context.scheduler, options.node);
    this.hostContext = {
      scheduler: context.scheduler,
      owner: options.owner,
      node: options.node,
      sendCheckpoint: (checkpoint) => options.sendCheckpoint(checkpoint),
      dropped: (host, code) => this.dropped(host, code),
    };
  }

  /** A client's session socket. */
  accept(conn: Connection): ConnectionHandler {
    const socket = new NodeSocket(conn, this.context.network, this);
    return {
      receive: (_conn, data) => socket.receive(data),
      closed: () => socket.closed(),
    };
  }

  /** Every attached session, as `active` reports (sent again after the link registers). */
  activeReports(): SessionStateFrame[] {
    return [...this.sessions.values()].map((host) => stateFrame(host, 'active'));
  }

  attach(socket: NodeSocket, frame: AttachFrame): void {
    const checked = this.checkAttach(frame);
    if (!checked.ok) {
      socket.attachRefused(checked.error.code, checked.error.message);
      return;
    }
    const ticket = checked.value;
    const carried = this.takeOver(ticket);
    const admission = this.options.slots.take(ticket.class);
    if (!admission.admit) {
      socket.attachRefused(
        admission.reason ?? 'node_at_capacity',
        `no free ${ticket.class} slot on this node`,
        gridLimits.NODE_AT_CAPACITY_RETRY_AFTER_MS,
      );
      return;
    }
    this.start(ticket, carried, frame.lastSeq ?? 0, (started) =>
      this.started(socket, ticket, started),
    );
  }

  private started(socket: NodeSocket, ticket: SessionTicket, started: Started): void {
    const stale = (this.fence.highestSeen(ticket.sid) ?? 0) > ticket.epoch;
    if (!started.ok || socket.phase !== 'attaching' || stale) {
      this.options.slots.release(ticket.class);
      if (!started.ok) {
        this.startFailed(socket, ticket, started.error);
        return;
      }
      if (stale) socket.attachRefused('ticket_stale_epoch', 'a newer epoch attached meanwhile');
      return;
    }
    // Another attach of the session may have finished while this one waited: it is superseded.
    const raced = this.takeOver(ticket);
    const { start, nextSeq } = started.value;
    const host = new NodeHost(
      socket,
      ticket.class,
      raced !== undefined && raced.seq >= start.seq ? { ...raced, epoch: ticket.epoch } : start,
      this.hostContext,
    );
    this.serve(host);
    this.restores.drop(ticket.sid);
    socket.attached(host);
    socket.send({ t: 'attached', sid: ticket.sid, epoch: ticket.epoch, nextSeq }, ticket.epoch);
    this.options.report(stateFrame(host, 'active'));
  }

  private checkAttach(frame: AttachFrame): WireResult<SessionTicket> {
    const { trust, did } = this.options;
    const sid = frame.ticket.sid;
    const highestEpochSeen = this.fence.highestSeen(sid);
    const verified = verifyTicket(frame.ticket, {
      coordinator: trust.coordinator,
      audience: trust.grid,
      node: did,
      nowMs: this.context.scheduler.nowMs,
      ...(highestEpochSeen === undefined ? {} : { highestEpochSeen }),
    });
    if (!verified.ok) return verified;
    const proof = verifyAttachProof(verified.value, frame.proof);
    if (!proof.ok) return proof;
    this.fence.record(sid, verified.value.epoch, verified.value.exp);
    return verified;
  }

  private takeOver(ticket: SessionTicket): SessionSnapshot | undefined {
    const previous = this.sessions.get(ticket.sid);
    if (previous === undefined) return undefined;
    this.unserve(previous);
    this.undetach(ticket.sid);
    previous.dispose();
    this.options.slots.release(previous.latencyClass);
    const code = ticket.epoch > previous.epoch ? 'ticket_stale_epoch' : 'session_closed';
    const message = `the session was attached again at epoch ${ticket.epoch}`;
    if (previous.sink instanceof NodeSocket) previous.sink.superseded(code, message);
    return previous.snapshot();
  }

  /**
   * session-server.ts start(): the state the session goes on from, then where the client
   * resumes. A carried state is at hand; a restore may wait for its frame; an init takes a moment.
   */
  private start(
    ticket: SessionTicket,
    carried: SessionSnapshot | undefined,
    lastSeq: number,
    done: (started: Started) => void,
  ): void {
    const finish = (start: SessionSnapshot) => {
      const resumed = resumeSeq(startTurns(start), lastSeq);
      if (!resumed.ok) return done(wireFail(resumed.code, resumed.message));
      done({ ok: true, value: { start, nextSeq: resumed.nextSeq } });
    };
    const source = attachSource(ticket.checkpoint, carried === undefined ? null : carried.digest);
    const { scheduler } = this.context;
    const { node, owner } = this.options;
    if (source.from === 'carried' && carried !== undefined) {
      finish({ ...carried, epoch: ticket.epoch });
    } else if (source.from === 'restore') {
      this.restores.take(
        ticket.sid,
        ticket.epoch,
        source.digest,
        gridLimits.RESTORE_WAIT_MS,
        (checkpoint) => {
          if (checkpoint === undefined) {
            const message = `the checkpoint of turn ${source.seq} has not reached this node`;
            return done(wireFail('checkpoint_missing', message));
          }
          finish({ ...turnsFromCheckpoint(checkpoint, ticket.epoch), digest: checkpoint.digest });
        },
      );
    } else {
      const initMs = scheduler.delay(0, AGENT_INIT_MS_MAX);
      scheduler.after(
        initMs,
        `${node} init ${ticket.sid}`,
        () =>
          finish({
            sid: ticket.sid,
            epoch: ticket.epoch,
            agent: ticket.agent,
            state: initialAgentState(),
            seq: 0,
            turns: 0,
            last: undefined,
            digest: undefined,
          }),
        owner,
      );
    }
  }

  private startFailed(socket: NodeSocket, ticket: SessionTicket, error: WireError): void {
    const action = attachFailureOf(error.code);
    if (action === 'retry-later') {
      socket.attachRefused(error.code, error.message, gridLimits.NODE_AT_CAPACITY_RETRY_AFTER_MS);
      return;
    }
    if (action === 'refuse') {
      socket.attachRefused(error.code, error.message);
      return;
    }
    const { sid, epoch } = ticket;
    this.context.oracle.failedReports.set(sid, error.code);
    this.options.report({ t: 'session-state', sid, epoch, state: 'failed', turns: 0 });
    socket.attachRefused(error.code, error.message);
  }

  endSession(host: NodeHost, how: 'closed' | 'failed'): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.unserve(host);
    this.undetach(host.sid);
    host.dispose();
    this.options.slots.release(host.latencyClass);
    this.options.report(stateFrame(host, how));
  }

  detach(host: NodeHost): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.undetach(host.sid);
    const timer = this.context.scheduler.after(
      gridLimits.SESSION_DETACHED_GRACE_MS,
      `${this.options.node} detached-end ${host.sid}`,
      () => {
        this.detached.delete(host.sid);
        this.endSession(host, 'closed');
      },
      this.options.owner,
    );
    this.detached.set(host.sid, timer);
  }

  private undetach(sid: string): void {
    this.context.scheduler.cancel(this.detached.get(sid));
    this.detached.delete(sid);
  }

  private dropped(host: NodeHost, _code: string): void {
    if (this.sessions.get(host.sid) !== host) return;
    this.unserve(host);
    this.undetach(host.sid);
    this.options.slots.release(host.latencyClass);
    if (host.sink instanceof NodeSocket) host.sink.handedBack();
  }

  checkpointAcked(frame: CheckpointAckFrame): void {
    const host = this.sessions.get(frame.sid);
    if (host !== undefined && host.epoch === frame.epoch) {
      host.checkpointAcked(frame.seq, frame.digest);
    }
  }

  sessionRefused(frame: SessionRefusedFrame): void {
    const host = this.sessions.get(frame.sid);
    if (host === undefined || host.epoch > frame.epoch) return;
    const code = isWireErrorCode(frame.code) ? frame.code : 'session_epoch_stale';
    host.refused(code, frame.message);
  }

  restore(frame: RestoreFrame): void {
    const checked = verifyCheckpoint(frame.checkpoint);
    if (!checked.ok) return;
    this.restores.put(frame.epoch, checked.value);
  }

  relinked(): void {
    for (const host of [...this.sessions.values()]) host.resendCheckpoint();
  }

  sweepFence(): void {
    this.fence.sweep(this.context.scheduler.nowMs);
  }

  /** The node's process died: its sessions are gone without a word. */
  crashed(): void {
    for (const host of [...this.sessions.values()]) this.unserve(host);
    this.restores.dispose();
  }

  private serve(host: NodeHost): void {
    this.sessions.set(host.sid, host);
    this.context.oracle.serving.add(host.sid, host.epoch, this.options.node);
    this.context.oracle.touch(host.sid);
  }

  private unserve(host: NodeHost): void {
    this.sessions.delete(host.sid);
    this.context.oracle.serving.remove(host.sid, host.epoch, this.options.node);
    this.context.oracle.touch(host.sid);
  }
}

function stateFrame(host: NodeHost, state: SessionStateFrame['state']): SessionStateFrame {
  return {
    t: 'session-state',
    sid: host.sid,
    epoch: host.epoch,
    state,
    turns: host.completedTurns,
  };
}
