/**
 * A node as the coordinator sees it, for coordinator tests: a real WebSocket client on the control
 * link that answers the real challenge with a real signed registration (signRegistration), sends
 * heartbeats and session reports, and optionally serves /v1/health on its own HTTP port so the
 * coordinator's failure probe has something real to reach. Not a mock: every byte is the protocol.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Signer } from '@mycel/kernel';
import {
  type ChallengeFrame,
  COORDINATOR_PATHS,
  type CoordinatorFrame,
  coordinatorFrameReader,
  type HeartbeatFrame,
  NODE_PATHS,
  type NodeRegistration,
  type NodeRegistrationFields,
  type SessionStateFrame,
  signRegistration,
} from '@mycel/wire';
import { WebSocket } from 'ws';
import { type Cleanup, TEST_HEARTBEAT_MS, waitUntil } from './coordinator-harness.js';
import { heartbeatFrame, registrationFields, testSigner } from './coordinator-nodes.js';

export interface LinkClose {
  readonly code: number;
  readonly reason: string;
}

/** What the node's /v1/health answers: 200, 503, or nothing until `release`. */
export type HealthMode = 'ok' | 'fail' | 'hang';

export class HealthServer {
  mode: HealthMode = 'ok';
  probes = 0;
  private readonly held: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HealthServer> {
    let health: HealthServer | undefined;
    const server = createServer((request, response) => {
      if (request.url !== NODE_PATHS.health) {
        response.writeHead(404).end();
        return;
      }
      health!.probes++;
      if (health!.mode === 'hang') health!.held.push(response);
      else health!.answer(response);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    health = new HealthServer(server, `http://127.0.0.1:${port}`);
    return health;
  }

  /** Answers the held probes with the current mode. */
  release(mode: Exclude<HealthMode, 'hang'>): void {
    this.mode = mode;
    for (const response of this.held.splice(0)) this.answer(response);
  }

  async close(): Promise<void> {
    for (const response of this.held.splice(0)) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private answer(response: ServerResponse): void {
    if (this.mode === 'ok')
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else response.writeHead(503).end();
  }
}

export interface TestLinkOptions {
  readonly headers?: Record<string, string>;
  /** Answer coordinator pings automatically (default true). */
  readonly answerPings?: boolean;
}

export class TestLink {
  readonly frames: CoordinatorFrame[] = [];
  readonly closed: Promise<LinkClose>;
  closeInfo: LinkClose | undefined;
  private heartbeats = 0;

  private constructor(
    readonly socket: WebSocket,
    readonly signer: Signer,
    private readonly answerPings: boolean,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      const read = coordinatorFrameReader.read(data);
      if (!read.ok) throw new Error(`the coordinator sent a bad frame: ${read.error.message}`);
      this.frames.push(read.value);
      if (read.value.t === 'ping' && this.answerPings && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ t: 'pong', n: read.value.n }));
      }
    });
  }

  /** Opens a control link as the node with key `signer` and waits for the challenge. */
  static async open(
    coordinatorUrl: string,
    signer: Signer,
    options: TestLinkOptions = {},
  ): Promise<TestLink> {
    const url = new URL(COORDINATOR_PATHS.nodeLink, coordinatorUrl.replace(/^http/, 'ws'));
    const socket = new WebSocket(url, { headers: options.headers ?? {} });
    const link = new TestLink(socket, signer, options.answerPings ?? true);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await link.next('challenge');
    return link;
  }

  get challenge(): ChallengeFrame {
    const challenge = this.frames.find((frame) => frame.t === 'challenge');
    if (challenge?.t !== 'challenge') throw new Error('no challenge yet');
    return challenge;
  }

  /** A registration answering this link's challenge (fields can be overridden). */
  registration(overrides: Partial<NodeRegistrationFields> = {}): NodeRegistration {
    return signRegistration(
      {
        ...registrationFields(0, { nonce: this.challenge.nonce, grid: this.challenge.grid }),
        ...overrides,
      },
      this.signer,
    );
  }

  send(frame: unknown): void {
    this.socket.send(
      typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame),
    );
  }

  /** Sends a registration and waits for `registered` (or the refusal). */
  async register(overrides: Partial<NodeRegistrationFields> = {}): Promise<CoordinatorFrame> {
    this.send({ t: 'register', registration: this.registration(overrides) });
    return this.nextOf(['registered', 'error']);
  }

  heartbeat(overrides: Partial<HeartbeatFrame> = {}): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.heartbeats++;
    this.send(heartbeatFrame({ seq: this.heartbeats, ...this.heartbeatFields, ...overrides }));
  }

  /** What automatic heartbeats carry (free slots, load, warm agents…). */
  heartbeatFields: Partial<HeartbeatFrame> = {};
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  /** Sends a heartbeat now and then every `intervalMs`, as a live node does. */
  startHeartbeats(intervalMs: number): void {
    this.stopHeartbeats();
    this.heartbeat();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), intervalMs);
  }

  /** Goes silent (a partition, a hung node): the link stays open. */
  stopHeartbeats(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  report(sid: string, state: SessionStateFrame['state'], turns = 0, epoch = 1): void {
    this.send({ t: 'session-state', sid, epoch, state, turns });
  }

  /** The next frame of type `t` not seen by an earlier wait. */
  async next<T extends CoordinatorFrame['t']>(t: T): Promise<Extract<CoordinatorFrame, { t: T }>> {
    return (await this.nextOf([t])) as Extract<CoordinatorFrame, { t: T }>;
  }

  private seen = 0;

  async nextOf(types: readonly CoordinatorFrame['t'][]): Promise<CoordinatorFrame> {
    return waitUntil(
      () => {
        while (this.seen < this.frames.length) {
          const frame = this.frames[this.seen++]!;
          if (types.includes(frame.t)) return frame;
        }
        return undefined;
      },
      `a ${types.join(' or ')} frame`,
    );
  }

  async close(): Promise<void> {
    this.stopHeartbeats();
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }

  terminate(): void {
    this.stopHeartbeats();
    this.socket.terminate();
  }
}

/** A registered node with a health server, the usual arrangement. */
export async function registeredNode(
  cleanup: Cleanup,
  coordinatorUrl: string,
  n: number,
  overrides: Partial<NodeRegistrationFields> = {},
  options: TestLinkOptions = {},
): Promise<{ link: TestLink; health: HealthServer; did: string }> {
  const health = await HealthServer.start();
  cleanup.add(() => health.close());
  const link = await TestLink.open(coordinatorUrl, testSigner(n), options);
  cleanup.add(() => link.terminate());
  const answer = await link.register({ endpoint: health.url, label: `node-${n}`, ...overrides });
  if (answer.t !== 'registered') throw new Error(`registration refused: ${JSON.stringify(answer)}`);
  link.startHeartbeats(TEST_HEARTBEAT_MS / 4);
  return { link, health, did: testSigner(n).key.did };
}
