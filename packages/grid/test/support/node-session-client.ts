/**
 * A test client for a node's session WebSocket: sends raw frames (well-formed or not) and reads
 * every frame the node sends, in order, with a cursor so a test can wait for "the next error".
 */
import { ed25519SignerFromSeed, type Signer } from '@mycel/kernel';
import { attachProof, NODE_PATHS, type SessionTicket } from '@mycel/wire';
import WebSocket from 'ws';

/** A node frame as the test sees it: parsed JSON, every field readable. */
export type Frame = { t: string; [field: string]: unknown };

export interface SessionClient {
  readonly socket: WebSocket;
  readonly frames: Frame[];
  /** performance.now() when each frame arrived, by index into `frames`. */
  readonly arrivals: number[];
  /** Resolves with the close code once the socket is closed. */
  readonly closed: Promise<number>;
  send(frame: unknown): void;
  /** The next frame not yet taken (optionally of type `t`), waiting up to `timeoutMs`. */
  next(t?: string, timeoutMs?: number): Promise<Frame>;
  close(): void;
}

export async function connectSession(nodeUrl: string): Promise<SessionClient> {
  const socket = new WebSocket(`${nodeUrl.replace(/^http/, 'ws')}${NODE_PATHS.session}`);
  const frames: Frame[] = [];
  const arrivals: number[] = [];
  const waiters: (() => void)[] = [];
  let cursor = 0;
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')) as Frame);
    arrivals.push(performance.now());
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((done) =>
    socket.on('close', (code) => {
      done(code);
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  return {
    socket,
    frames,
    arrivals,
    closed,
    send(frame) {
      socket.send(
        typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame),
      );
    },
    async next(t, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < frames.length) {
          const frame = frames[cursor++]!;
          if (t === undefined || frame.t === t) return frame;
        }
        const leftMs = deadline - Date.now();
        if (leftMs <= 0 || socket.readyState === WebSocket.CLOSED) {
          throw new Error(
            `no ${t ?? ''} frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`,
          );
        }
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, leftMs);
          waiters.push(() => {
            clearTimeout(timer);
            wake();
          });
        });
      }
    },
    close() {
      socket.close();
    },
  };
}

/** A client key from a one-byte seed. */
export function clientSigner(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

export function attachFrame(ticket: SessionTicket, client: Signer, lastSeq = 0) {
  return { t: 'attach', ticket, proof: attachProof(ticket, client), lastSeq };
}
