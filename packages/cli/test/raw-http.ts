/**
 * A minimal HTTP/1.1 client on one kept-alive socket, for sending many requests in the same turn
 * of the event loop. fetch opens its connections as it goes, and the service accepts one new
 * connection per turn, so requests sent through fresh connections never arrive together; on
 * connections that are already open and served once, they do, as from many busy clients.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

interface Pending {
  readonly resolve: (answer: RawAnswer) => void;
  readonly reject: (error: Error) => void;
}

export class RawHttpConnection {
  private buffer = Buffer.alloc(0);
  private pending: Pending | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.settle();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the connection closed mid-answer')));
  }

  static open(url: string): Promise<RawHttpConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () =>
        resolve(new RawHttpConnection(socket, `${hostname}:${port}`)),
      );
      socket.once('error', reject);
    });
  }

  /** Writes the whole request before returning; the promise settles with the answer. */
  request(method: string, path: string, body?: string): Promise<RawAnswer> {
    if (this.pending !== undefined) throw new Error('assertion failed: one request at a time');
    const payload = Buffer.from(body ?? '', 'utf8');
    const head =
      `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\nConnection: keep-alive\r\n` +
      (body === undefined
        ? '\r\n'
        : `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`);
    const answer = new Promise<RawAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Resolves the pending request once its answer (framed by Content-Length) is complete. */
  private settle(): void {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (this.pending === undefined || headerEnd < 0) return;
    const [statusLine, ...headerLines] = this.buffer
      .subarray(0, headerEnd)
      .toString('latin1')
      .split('\r\n');
    const header = (name: string) => {
      const line = headerLines.find((item) => item.toLowerCase().startsWith(`${name}:`));
      return line === undefined ? null : line.slice(name.length + 1).trim();
    };
    const length = Number(header('content-length'));
    if (!Number.isSafeInteger(length)) {
      this.fail(new Error(`an answer without Content-Length: ${statusLine}`));
      return;
    }
    const end = headerEnd + 4 + length;
    if (this.buffer.length < end) return;
    const text = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
    this.buffer = this.buffer.subarray(end);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve({ status: Number(statusLine!.split(' ')[1]), type: header('content-type'), text });
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
