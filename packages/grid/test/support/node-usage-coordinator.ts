/**
 * A coordinator for usage tests, speaking the real control-link protocol over a real WebSocket:
 * challenge, registration (verified), `registered` with a price, checkpoint acknowledgements, and
 * every `usage` frame recorded and, unless told otherwise, acknowledged with a `usage-ack`. It
 * signs tickets with its own key and answers `POST /v1/sessions` with a placement on the node a
 * test names, quoting its price, so the SDK can open sessions through it. The real coordinator's
 * settlement side is tested in its own files; this one only plays the link.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ed25519SignerFromSeed, type Proof, type Signer, toBase64Url } from '@mycel/kernel';
import {
  COORDINATOR_PATHS,
  type CoordinatorFrame,
  issueTicket,
  type LatencyClass,
  nodeLinkFrameReader,
  type OpenSessionResponse,
  type SessionTicket,
  type UnitPrice,
  verifyRegistration,
} from '@mycel/wire';
import { type WebSocket, WebSocketServer } from 'ws';

export const USAGE_TEST_PRICE: UnitPrice = { minor: '3', currency: 'INR' };

export interface UsageCoordinatorOptions {
  /** The price `registered` and placements quote; null quotes none. */
  readonly price?: UnitPrice | null;
  readonly seed?: number;
}

/** Where POST /v1/sessions places sessions. */
export interface PlacedTestNode {
  readonly did: string;
  readonly url: string;
}

export class UsageCoordinator {
  readonly key: Signer;
  readonly grid = 'usage-test';
  /** Every `usage` proof received, in arrival order (resends too). */
  readonly usage: Proof[] = [];
  /** Successful registrations. */
  registrations = 0;
  /** Whether `usage` frames are acknowledged. */
  ackUsage = true;
  /** The node POST /v1/sessions places on. */
  placeOn: PlacedTestNode | undefined;
  private readonly links = new Set<WebSocket>();
  private readonly sockets: WebSocketServer;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly price: UnitPrice | undefined,
    seed: number,
  ) {
    this.key = ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
    this.sockets = new WebSocketServer({ noServer: true });
    server.on('request', (request, response) => void this.handle(request, response));
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (request.url !== COORDINATOR_PATHS.nodeLink) return socket.destroy();
      this.sockets.handleUpgrade(request, socket, head, (link) => this.serveLink(link));
    });
  }

  static async start(options: UsageCoordinatorOptions = {}): Promise<UsageCoordinator> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const price = options.price === null ? undefined : (options.price ?? USAGE_TEST_PRICE);
    return new UsageCoordinator(server, `http://127.0.0.1:${port}`, price, options.seed ?? 31);
  }

  get did(): string {
    return this.key.key.did;
  }

  /** A ticket for `client` on `node`, signed with this coordinator's key. */
  ticket(
    node: string,
    client: string,
    fields: { sid?: string; epoch?: number; agent?: string; class?: LatencyClass } = {},
  ): SessionTicket {
    return issueTicket(
      {
        sid: fields.sid ?? toBase64Url(randomBytes(16)),
        epoch: fields.epoch ?? 1,
        node,
        agent: fields.agent ?? 'tutor',
        class: fields.class ?? 'interactive',
        client,
        aud: this.grid,
        nowMs: Date.now(),
      },
      this.key,
    );
  }

  /** Waits until `count` usage proofs have arrived; they are returned in order. */
  async usageArrived(count: number, timeoutMs = 10_000): Promise<Proof[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.usage.length < count) {
      if (Date.now() > deadline) throw new Error(`${this.usage.length} of ${count} usage proofs`);
      await new Promise((done) => setTimeout(done, 10));
    }
    return this.usage.slice(0, count);
  }

  /** Drops every control link at once; the nodes reconnect and register again. */
  cutLinks(): void {
    for (const link of this.links) link.terminate();
  }

  async close(): Promise<void> {
    this.cutLinks();
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private serveLink(link: WebSocket): void {
    const nonce = toBase64Url(randomBytes(32));
    const send = (frame: CoordinatorFrame) => link.send(JSON.stringify(frame));
    this.links.add(link);
    link.on('close', () => this.links.delete(link));
    link.on('message', (data: Buffer) => {
      const read = nodeLinkFrameReader.read(data);
      if (!read.ok) throw new Error(`the node sent a bad link frame: ${read.error.message}`);
      const frame = read.value;
      if (frame.t === 'register') {
        const checked = verifyRegistration(frame.registration, { grid: this.grid, nonce });
        if (!checked.ok) throw new Error(`registration refused: ${checked.error.message}`);
        this.registrations += 1;
        const price = this.price === undefined ? {} : { price: this.price };
        send({ t: 'registered', node: checked.value.node, heartbeatMs: 100, peers: [], ...price });
      } else if (frame.t === 'checkpoint') {
        const { sid, epoch, seq, digest } = frame.checkpoint;
        send({ t: 'checkpoint-ack', sid, epoch, seq, digest });
      } else if (frame.t === 'usage') {
        this.usage.push(frame.proof);
        if (this.ackUsage) {
          send({ t: 'usage-ack', id: frame.proof.id, receipt: `sha256:${'0'.repeat(64)}` });
        }
      }
    });
    send({ t: 'challenge', nonce, grid: this.grid, coordinator: this.did });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const part of request) body += (part as Buffer).toString('utf8');
    const node = this.placeOn;
    if (request.method !== 'POST' || request.url !== COORDINATOR_PATHS.sessions || !node) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'route_not_found', message: `${request.url}` } }),
      );
      return;
    }
    const asked = JSON.parse(body) as { client: string; agent: string; class: LatencyClass };
    const ticket = this.ticket(node.did, asked.client, { agent: asked.agent, class: asked.class });
    const placement: OpenSessionResponse = {
      sid: ticket.sid,
      epoch: ticket.epoch,
      ticket,
      node: { did: node.did, endpoint: node.url, label: 'usage-node' },
      ...(this.price === undefined ? {} : { price: this.price }),
    };
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify(placement));
  }
}
