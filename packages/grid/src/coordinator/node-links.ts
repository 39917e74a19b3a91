/**
 * Control links: the WebSocket each node keeps open to the coordinator (COORDINATOR_PATHS.nodeLink,
 * docs/spec/opengrid.md). The coordinator speaks first with a challenge; the node's first frame
 * must be a registration signed by its key for that challenge, or the link is refused (error
 * frame, close 1008). After that come heartbeats, pongs and session reports, all
 * attacker-controlled input read by nodeLinkFrameReader; a bad frame is answered with its error
 * code and counted, and the link is closed after LINK_BAD_FRAMES_MAX of them. A newer link of the
 * same node replaces the older one. Every decision is the core's; this file moves frames.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Amount, toBase64Url } from '@mycel/kernel';
import {
  CITY_HEADER,
  type CoordinatorFrame,
  DelayLine,
  type Landmark,
  type LatencyEmulation,
  nodeLinkFrameReader,
  type Peer,
  type RegisterFrame,
  type SessionStateFrame,
  verifyRegistration,
  type WireError,
  type WireErrorCode,
  type WireResult,
  wireLimits,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  ADOPTION_HELD_FRAMES_MAX,
  LINK_BAD_FRAMES_MAX,
  LINK_CLOSE_GRACE_MS,
  LINK_CLOSE_NODE_MOVED,
  LINK_MESSAGE_BYTES_MAX,
  LINK_PINGS_UNANSWERED_MAX,
  LINK_REGISTRATION_TIMEOUT_MS,
  PEERS_UPDATE_INTERVAL_MS,
} from '../limits.js';
import type { CoordinatorCore, CoreEffect } from './coordinator-core.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import { choosePeers } from './landmarks.js';

/** WebSocket close codes: 1008 policy violation (refused), 4000 replaced by a newer link. */
const CLOSE_REFUSED = 1008;
const CLOSE_REPLACED = 4000;
const CLOSE_GOING_AWAY = 1001;

/** Report refusals after which the node must stop serving the session it reported. */
const DROP_CODES: ReadonlySet<WireErrorCode> = new Set([
  'session_not_found',
  'session_wrong_node',
  'session_epoch_stale',
  'session_transition_invalid',
]);

export interface NodeLinksOptions {
  readonly core: CoordinatorCore;
  readonly metrics: CoordinatorMetrics;
  readonly logger: Logger;
  readonly heartbeatMs: number;
  readonly emulation: LatencyEmulation | undefined;
  readonly landmarks: () => readonly Landmark[];
  /** A node registered (new or again). */
  readonly onRegistered: () => void;
  /** Carries out what the core decided (probes, logs, closing links of failed nodes). */
  readonly applyEffects: (effects: readonly CoreEffect[]) => void;
  /** Checkpoints go here (checkpoint-intake.ts); it answers through sendTo. */
  readonly offerCheckpoint: (node: string, checkpoint: unknown) => void;
  /** Usage proofs go here (settlement/usage-intake.ts); it answers through sendTo. */
  readonly offerUsage: (node: string, proof: unknown) => void;
  /** The price per second nodes are told to meter at (docs/spec/settlement.md). */
  readonly price: Amount;
  /** Tells a node to drop a session it reported but may not serve (refusal codes below). */
  readonly refuseSession: (
    node: string,
    sid: string,
    epoch: number,
    code: WireErrorCode,
    message: string,
  ) => void;
  /**
   * A node reported a session this coordinator does not know: adopt it if the shared store
   * vouches for it (session-adoption.ts). The link's later frames wait until this settles.
   */
  readonly adoptSession?: (node: string, frame: SessionStateFrame) => Promise<WireResult<unknown>>;
  /** The node closed its link with LINK_CLOSE_NODE_MOVED: it moved to another coordinator. */
  readonly nodeMoved?: (node: string) => void;
  readonly nowMs: () => number;
}

interface Link {
  readonly socket: WebSocket;
  readonly nonce: string;
  readonly city: string | undefined;
  /** The node's did once it registered on this link (and this link is its current one). */
  node: string | undefined;
  badFrames: number;
  pingsSent: number;
  lastPong: number;
  /** When the latest ping left (options.nowMs): its pong is an RTT sample (placement-observed.ts). */
  pingSentAtMs: number;
  registrationTimer: ReturnType<typeof setTimeout> | undefined;
  delay: DelayLine<RawData> | undefined;
  /** The peers last sent (their dids, joined), so unchanged lists are not sent again. */
  peersKey: string;
  /** Frames that arrived while a session of this node was being adopted, in order. */
  held: RawData[] | undefined;
}

export class NodeLinks {
  private readonly sockets: WebSocketServer;
  private readonly links = new Set<Link>();
  private readonly byNode = new Map<string, Link>();
  private peersDirty = false;
  private peersSentAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: NodeLinksOptions) {
    this.sockets = new WebSocketServer({
      noServer: true,
      maxPayload: LINK_MESSAGE_BYTES_MAX,
      perMessageDeflate: false,
    });
    const emulation = options.emulation;
    if (emulation !== undefined) {
      this.sockets.on('headers', (headers) => headers.push(`${CITY_HEADER}: ${emulation.city}`));
    }
  }

  /** Node dids with an open, registered link. */
  get linkedNodes(): number {
    return this.byNode.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
  }

  /** One heartbeat interval passed: ping every registered link, drop those that stopped answering. */
  pingAll(): void {
    for (const link of this.byNode.values()) {
      if (link.pingsSent - link.lastPong > LINK_PINGS_UNANSWERED_MAX) {
        this.refuse(link, 'link_timeout', `${LINK_PINGS_UNANSWERED_MAX} pings went unanswered`);
        // Nobody will answer the closing handshake either: the link is gone now.
        link.socket.terminate();
        continue;
      }
      link.pingsSent += 1;
      link.pingSentAtMs = this.options.nowMs();
      this.send(link, { t: 'ping', n: link.pingsSent });
    }
  }

  /** Membership changed (a node joined or failed): nodes get fresh peers, rate-limited. */
  membershipChanged(): void {
    this.peersDirty = true;
  }

  /**
   * Sends `peers` frames to nodes whose peer list changed, when membership changed and
   * PEERS_UPDATE_INTERVAL_MS passed since the last round that sent any.
   */
  sendPeersIfDue(): void {
    const nowMs = this.options.nowMs();
    if (!this.peersDirty || nowMs - this.peersSentAtMs < PEERS_UPDATE_INTERVAL_MS) return;
    this.peersDirty = false;
    const landmarks = this.options.landmarks();
    let sent = 0;
    for (const [node, link] of this.byNode) {
      const peers = this.peersFor(node, link, landmarks);
      if (peers === undefined) continue;
      this.send(link, { t: 'peers', peers });
      sent++;
    }
    if (sent > 0) this.peersSentAtMs = nowMs;
  }

  /** The node's peers, or undefined when they are the ones it was sent last. */
  private peersFor(node: string, link: Link, landmarks: readonly Landmark[]): Peer[] | undefined {
    const peers = choosePeers(this.options.core.nodes, node, landmarks, wireLimits.PROBE_PEERS_MAX);
    const key = peers.map((peer) => peer.did).join(' ');
    if (key === link.peersKey) return undefined;
    link.peersKey = key;
    return peers;
  }

  /** Sends a frame on a node's current link; false when the node has none. */
  sendTo(node: string, frame: CoordinatorFrame): boolean {
    const link = this.byNode.get(node);
    if (link === undefined || link.socket.readyState !== link.socket.OPEN) return false;
    this.send(link, frame);
    return true;
  }

  /** Closes the link of a node (its failure was confirmed: it must register again). */
  closeNode(node: string, reason: string): void {
    const link = this.byNode.get(node);
    if (link === undefined) return;
    this.byNode.delete(node);
    link.node = undefined;
    link.socket.close(CLOSE_GOING_AWAY, reason.slice(0, 120));
  }

  /** Says goodbye on every link (1001: nodes re-register elsewhere or later), then cuts them. */
  async close(): Promise<void> {
    const closing = [...this.links].map((link) => {
      this.dispose(link);
      link.node = undefined;
      link.socket.close(CLOSE_GOING_AWAY, 'coordinator stopping');
      return new Promise<void>((done) => link.socket.once('close', () => done()));
    });
    const grace = new Promise<void>((done) => setTimeout(done, LINK_CLOSE_GRACE_MS).unref());
    await Promise.race([Promise.all(closing), grace]);
    for (const link of this.links) link.socket.terminate();
    await new Promise<void>((done) => this.sockets.close(() => done()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const cityHeader = request.headers[CITY_HEADER];
    const link: Link = {
      socket,
      nonce: toBase64Url(randomBytes(32)),
      city: typeof cityHeader === 'string' ? cityHeader : undefined,
      node: undefined,
      badFrames: 0,
      pingsSent: 0,
      lastPong: 0,
      pingSentAtMs: 0,
      registrationTimer: undefined,
      delay: undefined,
      peersKey: '',
      held: undefined,
    };
    this.links.add(link);
    const delayMs = this.emulatedDelayMs(link.city);
    if (delayMs > 0) link.delay = new DelayLine<RawData>((data) => this.receive(link, data));
    socket.on('message', (data) => {
      if (link.delay === undefined) this.receive(link, data);
      else link.delay.push(data, delayMs);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself (1009) for a message over maxPayload.
      const code =
        error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame_too_large' : 'frame_malformed';
      this.options.metrics.linkErrors.inc({ code });
      this.options.logger.warn({ node: link.node, code, err: error.message }, 'control link error');
    });
    socket.on('close', (code) => this.closed(link, code));
    link.registrationTimer = setTimeout(
      () =>
        this.refuse(
          link,
          'link_timeout',
          `no registration within ${LINK_REGISTRATION_TIMEOUT_MS} ms`,
        ),
      LINK_REGISTRATION_TIMEOUT_MS,
    );
    link.registrationTimer.unref();
    const { core } = this.options;
    this.send(link, { t: 'challenge', nonce: link.nonce, grid: core.grid, coordinator: core.did });
  }

  private emulatedDelayMs(city: string | undefined): number {
    const emulation = this.options.emulation;
    if (emulation === undefined || city === undefined) return 0;
    try {
      return emulation.oneWayMs(city, emulation.city);
    } catch (error) {
      this.options.logger.warn({ city, err: String(error) }, 'unknown emulated city on a link');
      return 0;
    }
  }

  private receive(link: Link, data: RawData): undefined {
    if (link.socket.readyState !== link.socket.OPEN) return;
    if (link.held !== undefined) {
      // Bounded: a node flooding frames during an adoption loses the oldest (it resends).
      if (link.held.length >= ADOPTION_HELD_FRAMES_MAX) link.held.shift();
      link.held.push(data);
      return;
    }
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    const read = nodeLinkFrameReader.read(bytes);
    if (!read.ok) {
      // Before registration nothing is tolerated: the first frame must be the registration.
      if (link.node === undefined) return this.refuse(link, read.error.code, read.error.message);
      return this.badFrame(link, read.error);
    }
    const frame = read.value;
    const { core, metrics } = this.options;
    metrics.linkFrames.inc({ type: frame.t });
    if (link.node === undefined) {
      if (frame.t !== 'register') {
        return this.refuse(
          link,
          'registration_required',
          'register first, answering the challenge',
        );
      }
      return this.register(link, frame);
    }
    const nowMs = this.options.nowMs();
    switch (frame.t) {
      case 'register':
        return this.badFrame(link, {
          code: 'frame_unknown_type',
          message: 'this link is registered',
        });
      case 'heartbeat':
        this.options.applyEffects(core.heartbeat(link.node, frame, nowMs));
        return;
      case 'pong':
        link.lastPong = Math.max(link.lastPong, Math.min(frame.n, link.pingsSent));
        // The answer to the latest ping times the control link: observed RTT beats claims.
        if (frame.n === link.pingsSent && link.pingsSent > 0) {
          core.nodes.observeRtt(link.node, Math.max(0.01, nowMs - link.pingSentAtMs));
        }
        return;
      case 'session-state': {
        const reported = core.sessionReport(link.node, frame, nowMs);
        const adopt = this.options.adoptSession;
        if (!reported.ok && reported.error.code === 'session_not_found' && adopt !== undefined) {
          if (frame.state === 'active') return this.adopting(link, frame, adopt(link.node, frame));
        }
        if (!reported.ok) {
          // A report the node may not make (another node's session, an old epoch): refused, and
          // a node that believes it serves such a session must stop.
          metrics.linkErrors.inc({ code: reported.error.code });
          this.options.logger.warn(
            { node: link.node, sid: frame.sid, code: reported.error.code },
            'session report refused',
          );
          if (frame.state === 'active' && DROP_CODES.has(reported.error.code)) {
            const { code, message } = reported.error;
            this.options.refuseSession(link.node, frame.sid, frame.epoch, code, message);
          }
        }
        return;
      }
      case 'checkpoint':
        this.options.offerCheckpoint(link.node, frame.checkpoint);
        return;
      case 'usage':
        this.options.offerUsage(link.node, frame.proof);
        return;
      case 'drain':
        core.drain(link.node);
        this.options.logger.info({ node: link.node }, 'node draining');
        this.membershipChanged();
        return;
    }
  }

  /** Holds the link's frames until the adoption settles; a refusal is answered like any report's. */
  private adopting(
    link: Link,
    frame: SessionStateFrame,
    adoption: Promise<WireResult<unknown>>,
  ): undefined {
    link.held = [];
    const node = link.node!;
    const settle = (result: WireResult<unknown>) => {
      if (result.ok) {
        this.options.logger.info({ node, sid: frame.sid, epoch: frame.epoch }, 'session adopted');
      } else {
        this.options.metrics.linkErrors.inc({ code: result.error.code });
        this.options.logger.warn(
          { node, sid: frame.sid, code: result.error.code },
          'session report refused',
        );
        if (DROP_CODES.has(result.error.code)) {
          const { code, message } = result.error;
          this.options.refuseSession(node, frame.sid, frame.epoch, code, message);
        }
      }
      const held = link.held ?? [];
      link.held = undefined;
      for (const data of held) this.receive(link, data);
    };
    adoption.then(settle, (error: unknown) => {
      // The store failed: the report is not refused (the node keeps serving), only not adopted.
      this.options.logger.error({ err: error, sid: frame.sid }, 'session adoption failed');
      const held = link.held ?? [];
      link.held = undefined;
      for (const data of held) this.receive(link, data);
    });
    return undefined;
  }

  private register(link: Link, frame: RegisterFrame): undefined {
    const { core, logger } = this.options;
    const checked = verifyRegistration(frame.registration, { nonce: link.nonce, grid: core.grid });
    if (!checked.ok) return this.refuse(link, checked.error.code, checked.error.message);
    const registration = checked.value;
    const known = core.nodes.get(registration.node) !== undefined;
    const registered = core.register(registration, this.options.nowMs());
    if (!registered.ok) return this.refuse(link, registered.error.code, registered.error.message);
    clearTimeout(link.registrationTimer);
    link.registrationTimer = undefined;
    const previous = this.byNode.get(registration.node);
    if (previous !== undefined && previous !== link) {
      previous.node = undefined;
      this.send(previous, {
        t: 'error',
        code: 'link_replaced',
        message: 'a newer link of this node took over',
      });
      previous.socket.close(CLOSE_REPLACED, 'link_replaced');
    }
    link.node = registration.node;
    this.byNode.set(registration.node, link);
    link.peersKey = '';
    this.send(link, {
      t: 'registered',
      node: registration.node,
      heartbeatMs: this.options.heartbeatMs,
      peers: this.peersFor(registration.node, link, this.options.landmarks()) ?? [],
      price: this.options.price,
    });
    logger.info(
      {
        node: registration.node,
        label: registration.label,
        endpoint: registration.endpoint,
        attestation: registration.attestation,
        capacity: registration.capacity,
        agents: registration.agents.length,
        again: known,
      },
      known ? 'node registered again' : 'node registered',
    );
    this.options.onRegistered();
    this.membershipChanged();
  }

  private badFrame(link: Link, error: { code: WireErrorCode; message: string }): undefined {
    link.badFrames += 1;
    this.options.metrics.linkErrors.inc({ code: error.code });
    this.options.logger.warn(
      { node: link.node, code: error.code, bad: link.badFrames },
      'bad link frame',
    );
    if (link.badFrames >= LINK_BAD_FRAMES_MAX) {
      return this.refuse(
        link,
        error.code,
        `${error.message} (${link.badFrames} bad frames: closing)`,
      );
    }
    this.send(link, { t: 'error', code: error.code, message: cut(error.message) });
  }

  /** Sends the reason as an error frame and closes the link (policy violation). */
  private refuse(link: Link, code: WireError['code'], message: string): undefined {
    this.options.metrics.linkErrors.inc({ code });
    this.options.logger.warn({ node: link.node, code, message }, 'control link refused');
    this.send(link, { t: 'error', code, message: cut(message) });
    link.socket.close(CLOSE_REFUSED, code);
    return undefined;
  }

  private closed(link: Link, code?: number): void {
    this.dispose(link);
    this.links.delete(link);
    const node = link.node;
    if (node === undefined || this.byNode.get(node) !== link) return;
    this.byNode.delete(node);
    if (code === LINK_CLOSE_NODE_MOVED) this.options.nodeMoved?.(node);
    this.options.logger.info({ node }, 'control link closed');
    this.options.applyEffects(this.options.core.linkClosed(node, this.options.nowMs()));
  }

  private dispose(link: Link): void {
    clearTimeout(link.registrationTimer);
    link.registrationTimer = undefined;
    link.delay?.close();
  }

  private send(link: Link, frame: CoordinatorFrame): void {
    if (link.socket.readyState === link.socket.OPEN) link.socket.send(JSON.stringify(frame));
  }
}

function cut(message: string): string {
  return message.slice(0, wireLimits.ERROR_MESSAGE_LENGTH_MAX);
}
