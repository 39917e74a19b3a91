/**
 * The coordinator's control links on the simulated network, mirroring grid's node-links.ts: the
 * coordinator speaks first with a challenge; the first frame must be a registration signed for
 * it (wire's verifyRegistration); a newer link of the same node replaces the older; heartbeats,
 * session reports and checkpoints go to the real CoordinatorCore; a report the node may not make
 * while it believes it serves the session is answered with `session-refused`. Not mirrored: the
 * link pings (the failure detector's silence and the node's own link-silence check cover a dead
 * link here) and the `peers` frames (no network coordinates are simulated).
 */

import { type CoordinatorCore, type CoreEffect, gridLimits } from '@mycel/grid';
import { toBase64Url } from '@mycel/kernel';
import {
  type CoordinatorFrame,
  nodeLinkFrameReader,
  type RegisterFrame,
  verifyRegistration,
  type WireErrorCode,
  wireLimits,
} from '@mycel/wire';
import type { SimEvent } from './event-queue.js';
import {
  type Connection,
  type ConnectionHandler,
  TRANSPORT_PING,
  TRANSPORT_PONG,
} from './network.js';
import type { SimContext } from './sim-context.js';

/** Report refusals after which the node must stop serving the session (node-links.ts). */
const DROP_CODES: ReadonlySet<WireErrorCode> = new Set([
  'session_not_found',
  'session_wrong_node',
  'session_epoch_stale',
  'session_transition_invalid',
]);

interface Link {
  readonly conn: Connection;
  readonly nonce: string;
  node: string | undefined;
  badFrames: number;
  registrationTimer: SimEvent | undefined;
}

export interface LinkHooks {
  readonly core: CoordinatorCore;
  readonly heartbeatMs: number;
  applyEffects(effects: readonly CoreEffect[]): void;
  offerCheckpoint(node: string, checkpoint: unknown): void;
  refuseSession(
    node: string,
    sid: string,
    epoch: number,
    code: WireErrorCode,
    message: string,
  ): void;
}

export class CoordinatorLinks {
  private readonly byNode = new Map<string, Link>();

  constructor(
    private readonly context: SimContext,
    private readonly hooks: LinkHooks,
  ) {}

  accept(conn: Connection): ConnectionHandler {
    const { scheduler } = this.context;
    const link: Link = {
      conn,
      nonce: toBase64Url(scheduler.prng.bytes(32)),
      node: undefined,
      badFrames: 0,
      registrationTimer: undefined,
    };
    link.registrationTimer = scheduler.after(
      gridLimits.LINK_REGISTRATION_TIMEOUT_MS,
      `co registration-timeout ${conn.label}`,
      () => this.refuse(link, 'link_timeout', 'no registration in time'),
    );
    const { core } = this.hooks;
    this.send(link, { t: 'challenge', nonce: link.nonce, grid: core.grid, coordinator: core.did });
    return {
      receive: (_conn, data) => this.receive(link, data),
      closed: () => this.closed(link),
    };
  }

  /** Sends on the node's current link; false when it has none. */
  sendTo(node: string, frame: CoordinatorFrame): boolean {
    const link = this.byNode.get(node);
    if (link === undefined || link.conn.toClosed || link.conn.broken) return false;
    this.send(link, frame);
    return true;
  }

  /** The node's failure was confirmed: its link closes and it must register again. */
  closeNode(node: string): void {
    const link = this.byNode.get(node);
    if (link === undefined) return;
    this.byNode.delete(node);
    link.node = undefined;
    this.context.network.close(link.conn, 'to');
  }

  private receive(link: Link, data: string): void {
    if (data === TRANSPORT_PING) {
      this.context.network.send(link.conn, 'to', TRANSPORT_PONG, 'pong');
      return;
    }
    const read = nodeLinkFrameReader.read(data);
    if (!read.ok) {
      if (link.node === undefined) {
        this.refuse(link, read.error.code, read.error.message);
        return;
      }
      this.badFrame(link, read.error.code, read.error.message);
      return;
    }
    const frame = read.value;
    if (link.node === undefined) {
      if (frame.t !== 'register') {
        this.refuse(link, 'registration_required', 'register first');
        return;
      }
      this.register(link, frame);
      return;
    }
    const node = link.node;
    const { core } = this.hooks;
    const nowMs = this.context.scheduler.nowMs;
    switch (frame.t) {
      case 'register':
        this.badFrame(link, 'frame_unknown_type', 'this link is registered');
        return;
      case 'heartbeat':
        this.hooks.applyEffects(core.heartbeat(node, frame, nowMs));
        return;
      case 'pong':
        return;
      case 'session-state': {
        this.context.oracle.touch(frame.sid);
        const reported = core.sessionReport(node, frame, nowMs);
        if (!reported.ok && frame.state === 'active' && DROP_CODES.has(reported.error.code)) {
          const { code, message } = reported.error;
          this.hooks.refuseSession(node, frame.sid, frame.epoch, code, message);
        }
        return;
      }
      case 'checkpoint':
        this.hooks.offerCheckpoint(node, frame.checkpoint);
        return;
      case 'drain':
        core.drain(node);
        return;
    }
  }

  private register(link: Link, frame: RegisterFrame): void {
    const { core } = this.hooks;
    const checked = verifyRegistration(frame.registration, { nonce: link.nonce, grid: core.grid });
    if (!checked.ok) {
      this.refuse(link, checked.error.code, checked.error.message);
      return;
    }
    const registered = core.register(checked.value, this.context.scheduler.nowMs);
    if (!registered.ok) {
      this.refuse(link, registered.error.code, registered.error.message);
      return;
    }
    this.context.scheduler.cancel(link.registrationTimer);
    link.registrationTimer = undefined;
    const node = checked.value.node;
    const previous = this.byNode.get(node);
    if (previous !== undefined && previous !== link) {
      previous.node = undefined;
      this.send(previous, { t: 'error', code: 'link_replaced', message: 'a newer link took over' });
      this.context.network.close(previous.conn, 'to');
    }
    link.node = node;
    this.byNode.set(node, link);
    this.send(link, { t: 'registered', node, heartbeatMs: this.hooks.heartbeatMs, peers: [] });
  }

  private badFrame(link: Link, code: WireErrorCode, message: string): void {
    link.badFrames += 1;
    if (link.badFrames >= gridLimits.LINK_BAD_FRAMES_MAX) {
      this.refuse(link, code, message);
      return;
    }
    this.send(link, { t: 'error', code, message: cut(message) });
  }

  private refuse(link: Link, code: WireErrorCode, message: string): void {
    this.send(link, { t: 'error', code, message: cut(message) });
    this.context.network.close(link.conn, 'to');
    this.closed(link);
  }

  private closed(link: Link): void {
    this.context.scheduler.cancel(link.registrationTimer);
    link.registrationTimer = undefined;
    const node = link.node;
    if (node === undefined || this.byNode.get(node) !== link) return;
    this.byNode.delete(node);
    link.node = undefined;
    const { core } = this.hooks;
    this.hooks.applyEffects(core.linkClosed(node, this.context.scheduler.nowMs));
  }

  private send(link: Link, frame: CoordinatorFrame): void {
    this.context.network.send(link.conn, 'to', JSON.stringify(frame), frame.t);
  }
}

function cut(message: string): string {
  return message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX);
}
