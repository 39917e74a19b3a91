/**
 * A scripted grid on loopback for the SDK's resume tests: a coordinator (a real HTTP server that
 * opens one session and answers its resume requests as each test says) and nodes (real `ws`
 * servers that speak the session protocol). Node turn `seq` produces chunks seq*100+0,
 * seq*100+1, ... on every node, so a re-sent turn replays the same output, as a restored node
 * would. A real node and coordinator are in packages/grid; these only play the parts a test needs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  type AttachFrame,
  CITY_HEADER,
  clientFrameReader,
  issueTicket,
  type NodeFrame,
  type OpenSessionResponse,
  type UnitPrice,
  type UsageRefusedFrame,
  type UsageSignedFrame,
  verifyAttachProof,
} from '@mycel/wire';
import WebSocket, { WebSocketServer } from 'ws';

export const SID = 'resume-test-session';
const coordinatorKey = ed25519SignerFromSeed(new Uint8Array(32).fill(7));

/** What a node does with a turn after sending `after` of its chunks. */
export type TurnPlan =
  /** Every chunk, then done. */
  | { readonly kind: 'run' }
  /** The socket drops (the node process died). */
  | { readonly kind: 'drop'; readonly after: number }
  /** The node hands the session back with a session-level error frame. */
  | { readonly kind: 'hand-back'; readonly code: string; readonly after: number }
  /** The node goes silent, socket open: no frame, no pong (a partition). */
  | { readonly kind: 'silent'; readonly after: number }
  /** Nothing until the client cancels, then turn_cancelled. */
  | { readonly kind: 'hold' };

export interface StubNodeOptions {
  /** Seeds the node's key; also its label. */
  readonly seed: number;
  /** Chunks every turn produces. */
  readonly chunks?: number;
  readonly plan?: (seq: number) => TurnPlan;
  /** Refuse every attach with this session-level error code. */
  readonly refuseAttach?: string;
  /** Name this emulated city in the upgrade answer. */
  readonly city?: string;
  /** Answer attach frames only once this settles. */
  readonly holdAttach?: Promise<void>;
}

export const chunkOf = (seq: number, index: number) => seq * 100 + index;

export class StubNode {
  readonly did: string;
  readonly label: string;
  readonly attaches: AttachFrame[] = [];
  /** Attach proofs that verified against their ticket. */
  validProofs = 0;
  /** Sequence numbers of the turn frames received, in order. */
  readonly turns: number[] = [];
  readonly cancels: number[] = [];
  /** Sockets the client closed or dropped. */
  closedByClient = 0;
  /** The client's answers to usage proofs offered with offer(). */
  readonly usageAnswers: (UsageSignedFrame | UsageRefusedFrame)[] = [];
  private readonly attachWaiters: (() => void)[] = [];
  private readonly answerWaiters: (() => void)[] = [];
  private lastSocket: WebSocket | undefined;
  private constructor(
    private readonly server: WebSocketServer,
    readonly endpoint: string,
    private readonly options: StubNodeOptions,
  ) {
    this.did = ed25519SignerFromSeed(new Uint8Array(32).fill(options.seed)).key.did;
    this.label = `node-${options.seed}`;
    server.on('connection', (socket) => this.serve(socket));
    if (options.city !== undefined) {
      const city = options.city;
      server.on('headers', (headers) => headers.push(`${CITY_HEADER}: ${city}`));
    }
  }

  static async start(options: StubNodeOptions): Promise<StubNode> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      path: '/v1/session',
      autoPong: false,
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return new StubNode(server, `http://127.0.0.1:${port}`, options);
  }

  /** Resolves once an attach frame has arrived. */
  attachReceived(): Promise<void> {
    if (this.attaches.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.attachWaiters.push(resolve));
  }

  /** Sends `frame` to the client on the latest socket (a usage proof, say). */
  offer(frame: NodeFrame): void {
    this.lastSocket?.send(JSON.stringify(frame));
  }

  /** Resolves with the client's answer once `count` usage answers have arrived. */
  async usageAnswered(count = 1): Promise<UsageSignedFrame | UsageRefusedFrame> {
    while (this.usageAnswers.length < count) {
      await new Promise<void>((resolve) => this.answerWaiters.push(resolve));
    }
    return this.usageAnswers[count - 1]!;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(socket: WebSocket): void {
    this.lastSocket = socket;
    let silent = false;
    socket.on('ping', (data) => {
      if (!silent) socket.pong(data);
    });
    socket.on('close', () => {
      this.closedByClient += 1;
    });
    const send = (frame: NodeFrame, written?: () => void) => {
      if (!silent && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(frame), written);
      }
    };
    socket.on('message', (data: Buffer) => {
      const read = clientFrameReader.read(data);
      if (!read.ok)
        throw new Error(`the SDK sent a frame the node cannot read: ${read.error.message}`);
      const frame = read.value;
      if (frame.t === 'usage-signed' || frame.t === 'usage-refused') {
        this.usageAnswers.push(frame);
        for (const waiter of this.answerWaiters.splice(0)) waiter();
      } else if (frame.t === 'attach') {
        this.attaches.push(frame);
        for (const waiter of this.attachWaiters.splice(0)) waiter();
        if (verifyAttachProof(frame.ticket, frame.proof).ok) this.validProofs += 1;
        const refuse = this.options.refuseAttach;
        const nextSeq = (frame.lastSeq ?? 0) + 1;
        void (this.options.holdAttach ?? Promise.resolve()).then(() => {
          if (refuse !== undefined) send({ t: 'error', code: refuse, message: 'not here' });
          else send({ t: 'attached', sid: frame.ticket.sid, epoch: frame.ticket.epoch, nextSeq });
        });
      } else if (frame.t === 'turn') {
        this.turns.push(frame.seq);
        const plan = this.options.plan?.(frame.seq) ?? { kind: 'run' };
        if (plan.kind === 'hold') return;
        const total = this.options.chunks ?? 3;
        const stopAt = plan.kind === 'run' ? total : Math.min(plan.after, total);
        // A dying node's last bytes are written before its socket drops.
        const dropWhenWritten = plan.kind === 'drop' ? () => socket.terminate() : undefined;
        if (stopAt === 0) dropWhenWritten?.();
        for (let index = 0; index < stopAt; index++) {
          const last = index === stopAt - 1;
          send(
            { t: 'chunk', seq: frame.seq, data: chunkOf(frame.seq, index) },
            last ? dropWhenWritten : undefined,
          );
        }
        if (plan.kind === 'run') send({ t: 'done', seq: frame.seq, chunks: total });
        else if (plan.kind === 'hand-back')
          send({ t: 'error', code: plan.code, message: 'moving' });
        else if (plan.kind === 'silent') silent = true;
      } else if (frame.t === 'cancel') {
        this.cancels.push(frame.seq);
        send({ t: 'error', seq: frame.seq, code: 'turn_cancelled', message: 'cancelled' });
      } else {
        send({ t: 'closed', sid: SID });
        socket.close(1000);
      }
    });
  }
}

/** One scripted answer to a resume request. */
export type ResumeAnswer =
  | { readonly status: number; readonly body: unknown }
  /** Never answer (the coordinator hangs). */
  | 'hang';

export interface ResumeCall {
  readonly body: unknown;
  /** The how-manyth resume request this is, from 0. */
  readonly index: number;
}

export class StubCoordinator {
  /** Bodies of the resume requests, in order. */
  readonly resumes: unknown[] = [];
  /** The client key the session was opened for. */
  client = '';
  /** The price placements quote (none unless a test sets it). */
  price: UnitPrice | undefined;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly first: StubNode,
    private readonly answer: (call: ResumeCall) => ResumeAnswer | Promise<ResumeAnswer>,
  ) {}

  static async start(
    first: StubNode,
    answer: (call: ResumeCall) => ResumeAnswer | Promise<ResumeAnswer>,
  ): Promise<StubCoordinator> {
    let self: StubCoordinator | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (part: Buffer) => {
        body += part.toString('utf8');
      });
      request.on('end', () => void self?.handle(request, body, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    self = new StubCoordinator(server, url, first, answer);
    return self;
  }

  /** The coordinator's answer placing the session on `node` at `epoch`. */
  placement(node: { did: string; endpoint: string; label: string }, epoch: number) {
    const ticket = issueTicket(
      {
        sid: SID,
        epoch,
        node: node.did,
        agent: 'voice',
        class: 'interactive',
        client: this.client,
        aud: 'stub-grid',
        nowMs: Date.now(),
      },
      coordinatorKey,
    );
    const response: OpenSessionResponse = {
      sid: SID,
      epoch,
      ticket,
      node: { did: node.did, endpoint: node.endpoint, label: node.label },
      ...(this.price === undefined ? {} : { price: this.price }),
    };
    return { status: 200, body: response };
  }

  /** Resolves once `count` resume requests have arrived. */
  resumeRequested(count = 1): Promise<void> {
    if (this.resumes.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.resumes.length >= count) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, body: string, response: ServerResponse) {
    if (request.method === 'POST' && request.url === '/v1/sessions') {
      this.client = (JSON.parse(body) as { client: string }).client;
      const { body: placement } = this.placement(this.first, 1);
      return json(response, 201, placement);
    }
    if (request.method === 'POST' && request.url === `/v1/sessions/${SID}/resume`) {
      const parsed: unknown = JSON.parse(body);
      const index = this.resumes.length;
      this.resumes.push(parsed);
      for (const waiter of this.waiters.splice(0)) waiter();
      const answer = await this.answer({ body: parsed, index });
      if (answer === 'hang') return;
      return json(response, answer.status, answer.body);
    }
    json(response, 404, { error: { code: 'route_not_found', message: request.url ?? '' } });
  }
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The coordinator's error body. */
export function refusal(status: number, code: string, retryAfterMs?: number) {
  const error = {
    code,
    message: `stub: ${code}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  return { status, body: { error } };
}
