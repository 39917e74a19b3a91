/**
 * A small OpenAI-compatible chat server on 127.0.0.1 for tests (no model server runs on test
 * machines). `POST /v1/chat/completions` with `stream: true` answers in server-sent events the
 * way OpenAI, Ollama and vLLM do: one `chat.completion.chunk` per word of the reply, a final
 * chunk with `finish_reason`, then `data: [DONE]`. Each event is written in two pieces, split
 * mid-line, so clients are tested against arbitrary packet boundaries. `behaviour` switches
 * the server into the failure modes a real backend shows.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestServerBehaviour =
  | 'echo'
  | 'status-500'
  | 'status-503'
  | 'error-event'
  | 'not-json'
  | 'cut-off';

export interface RecordedRequest {
  readonly path: string;
  readonly body: {
    model?: string;
    stream?: boolean;
    messages?: { role: string; content: string }[];
  };
}

export interface OpenAiTestServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  behaviour: TestServerBehaviour;
  close(): Promise<void>;
}

/** The reply the server streams: the last user message, repeated back. */
export function echoReply(messages: { role: string; content: string }[] | undefined): string {
  const last = [...(messages ?? [])].reverse().find((message) => message.role === 'user');
  return `You said: ${last?.content ?? ''}`;
}

function chunkEvent(model: string, delta: object, finishReason: string | null): string {
  const chunk = {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function writeInPieces(response: ServerResponse, event: string): Promise<void> {
  const middle = Math.floor(event.length / 2);
  response.write(event.slice(0, middle));
  await new Promise((resolve) => setImmediate(resolve));
  response.write(event.slice(middle));
}

async function readBody(request: IncomingMessage): Promise<RecordedRequest['body']> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

async function answer(
  server: OpenAiTestServer,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const body = await readBody(request);
  server.requests.push({ path: request.url ?? '', body });
  if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
    response.writeHead(404).end();
    return;
  }
  if (server.behaviour === 'status-500' || server.behaviour === 'status-503') {
    const status = server.behaviour === 'status-500' ? 500 : 503;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: `test server says ${status}` } }));
    return;
  }
  const model = body.model ?? '';
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await writeInPieces(response, chunkEvent(model, { role: 'assistant', content: '' }, null));
  const words = echoReply(body.messages).split(' ');
  for (const [index, word] of words.entries()) {
    const content = index < words.length - 1 ? `${word} ` : word;
    await writeInPieces(response, chunkEvent(model, { content }, null));
    if (index === 1 && server.behaviour === 'error-event') {
      response.end('data: {"error":{"message":"model crashed"}}\n\n');
      return;
    }
    if (index === 1 && server.behaviour === 'not-json') {
      response.end('data: {not json\n\n');
      return;
    }
    if (index === 1 && server.behaviour === 'cut-off') {
      response.end();
      return;
    }
  }
  await writeInPieces(response, chunkEvent(model, {}, 'stop'));
  response.end('data: [DONE]\n\n');
}

export async function startOpenAiTestServer(): Promise<OpenAiTestServer> {
  const http = createServer((request, response) => {
    void answer(server, request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const server: OpenAiTestServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: [],
    behaviour: 'echo',
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
