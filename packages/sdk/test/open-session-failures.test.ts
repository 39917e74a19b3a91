/**
 * openSession's failure side against HTTP servers on loopback that answer the way a broken,
 * overloaded or absent coordinator would. (The happy path runs against a real coordinator and
 * node in packages/grid/test/sdk-*.test.ts.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import {
  CITY_HEADER,
  checkOpenSessionRequest,
  issueTicket,
  type LatencyEmulation,
} from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenGridError } from '../src/errors.js';
import { LANDMARK_PING_TIMEOUT_MS } from '../src/limits.js';
import { type OpenSessionOptions, openSession } from '../src/open-session.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (part: Buffer) => {
      body += part.toString('utf8');
    });
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was just free: nothing listens there. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(options: OpenSessionOptions): Promise<OpenGridError> {
  const error = await openSession(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenGridError);
  return error as OpenGridError;
}

const base = { agent: 'tutor', probeLandmarks: false } as const;

describe('openSession refuses bad options with sdk_option_invalid', () => {
  it.each([
    ['no agent', { agent: '' }],
    ['a coordinator that is not a URL', { coordinator: 'coordinator:7800' }],
    ['an unknown latency class', { latencyClass: 'warp' as never }],
    ['zero attempts', { retry: { attempts: 0 } }],
    ['a fractional timeout', { timeoutMs: 1.5 }],
    ['a negative delay cap', { retry: { maxDelayMs: -1 } }],
  ])('%s', async (_name, options) => {
    const error = await failure({ ...base, coordinator: 'http://127.0.0.1:1', ...options });
    expect(error.code).toBe('sdk_option_invalid');
  });
});

describe('openSession maps every coordinator failure to a code', () => {
  it('no coordinator listening: coordinator_unavailable, retryable', async () => {
    const error = await failure({ ...base, coordinator: await closedPortUrl() });
    expect(error.code).toBe('coordinator_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('an error body keeps its code and status', async () => {
    const coordinator = await serve((_request, _body, response) =>
      json(response, 404, { error: { code: 'agent_unknown', message: 'no agent nope' } }),
    );
    const error = await failure({ ...base, coordinator, agent: 'nope' });
    expect(error).toMatchObject({ code: 'agent_unknown', status: 404 });
    expect(error.retryable).toBe(false);
  });

  it('an answer of the wrong shape: sdk_response_invalid', async () => {
    const coordinator = await serve((_request, _body, response) =>
      json(response, 201, { sid: 'x' }),
    );
    expect((await failure({ ...base, coordinator })).code).toBe('sdk_response_invalid');
  });

  it('a code the wire does not know: sdk_response_invalid naming it', async () => {
    const coordinator = await serve((_request, _body, response) =>
      json(response, 418, { error: { code: 'teapot', message: 'short and stout' } }),
    );
    const error = await failure({ ...base, coordinator });
    expect(error.code).toBe('sdk_response_invalid');
    expect(error.message).toContain('teapot');
  });

  it('a coordinator that never answers: sdk_timeout within timeoutMs', async () => {
    const coordinator = await serve(() => {});
    expect((await failure({ ...base, coordinator, timeoutMs: 150 })).code).toBe('sdk_timeout');
  });

  it("the caller's AbortSignal: sdk_aborted", async () => {
    const coordinator = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure({ ...base, coordinator, signal: controller.signal });
    expect(error.code).toBe('sdk_aborted');
  });

  it('pushback is retried a bounded number of times, then surfaced with retryAfterMs', async () => {
    let requests = 0;
    const coordinator = await serve((_request, _body, response) => {
      requests += 1;
      json(response, 503, {
        error: { code: 'route_pushback', message: 'every node is full', retryAfterMs: 10 },
      });
    });
    const error = await failure({ ...base, coordinator, retry: { attempts: 3, maxDelayMs: 50 } });
    expect(error).toMatchObject({ code: 'route_pushback', retryAfterMs: 10, status: 503 });
    expect(requests).toBe(3);
  });

  it('no retry for errors that are not pushback', async () => {
    let requests = 0;
    const coordinator = await serve((_request, _body, response) => {
      requests += 1;
      json(response, 503, { error: { code: 'route_no_candidates', message: 'no node' } });
    });
    expect((await failure({ ...base, coordinator })).code).toBe('route_no_candidates');
    expect(requests).toBe(1);
  });

  it('a Retry-After longer than the deadline is not slept through', async () => {
    let requests = 0;
    const coordinator = await serve((_request, _body, response) => {
      requests += 1;
      json(response, 503, {
        error: { code: 'route_pushback', message: 'full', retryAfterMs: 60_000 },
      });
    });
    const error = await failure({
      ...base,
      coordinator,
      timeoutMs: 300,
      retry: { attempts: 5, maxDelayMs: 60_000 },
    });
    expect(error.code).toBe('route_pushback');
    expect(requests).toBe(1);
  });
});

describe('openSession against a placement it cannot reach', () => {
  it('a node that is not listening: node_unavailable', async () => {
    const nodeEndpoint = await closedPortUrl();
    const coordinatorKey = ed25519SignerFromSeed(new Uint8Array(32).fill(9));
    const coordinator = await serve((_request, body, response) => {
      const request = JSON.parse(body) as { client: string; agent: string };
      const ticket = issueTicket(
        {
          sid: 'stub-session',
          epoch: 1,
          node: coordinatorKey.key.did,
          agent: request.agent,
          class: 'interactive',
          client: request.client,
          aud: 'stub-grid',
          nowMs: Date.now(),
        },
        coordinatorKey,
      );
      json(response, 201, {
        sid: 'stub-session',
        epoch: 1,
        ticket,
        node: { did: coordinatorKey.key.did, endpoint: nodeEndpoint, label: 'nowhere' },
      });
    });
    const error = await failure({ ...base, coordinator });
    expect(error.code).toBe('node_unavailable');
  });
});

describe('landmark probing', () => {
  it('fits a coordinate from pings and sends it with the session request', async () => {
    let sessionBody: { coordinate?: { vector: number[] } } | undefined;
    let pings = 0;
    const coordinator: string = await serve((request, body, response) => {
      if (request.url === '/v1/landmarks') {
        const landmark = (label: string, vector: number[]) => ({
          did: ed25519SignerFromSeed(new Uint8Array(32).fill(label.length)).key.did,
          endpoint: coordinator,
          label,
          coordinate: { vector, height: 1, error: 0.2 },
        });
        return json(response, 200, {
          landmarks: [landmark('a', [10, 0]), landmark('bb', [0, 10]), landmark('ccc', [1, 2, 3])],
        });
      }
      if (request.url === '/v1/ping') {
        pings += 1;
        return json(response, 200, {});
      }
      sessionBody = JSON.parse(body);
      json(response, 503, { error: { code: 'route_no_candidates', message: 'none' } });
    });
    await failure({ agent: 'tutor', coordinator });
    // Two landmarks of two dimensions, three pings each; the 3-dimensional one is skipped.
    expect(pings).toBe(6);
    expect(sessionBody?.coordinate?.vector).toHaveLength(2);
  });

  it('sends one probe per landmark that answered a ping, with its fastest RTT', async () => {
    type Probe = { node: string; rttMs: number };
    let sessionBody: { probes?: Probe[]; coordinate?: unknown } | undefined;
    const node = await serve((request, _body, response) =>
      json(response, request.url === '/v1/ping' ? 200 : 404, {}),
    );
    const broken = await serve((_request, _body, response) => json(response, 500, {}));
    const absent = await closedPortUrl();
    const did = (n: number) => ed25519SignerFromSeed(new Uint8Array(32).fill(n)).key.did;
    const landmark = (n: number, endpoint: string, vector: number[]) => ({
      did: did(n),
      endpoint,
      label: `landmark-${n}`,
      coordinate: { vector, height: 1, error: 0.2 },
    });
    const landmarks = [
      landmark(1, node, [10, 0]),
      landmark(2, broken, [0, 10]),
      landmark(3, absent, [5, 5]),
      landmark(4, node, [-10, 0]),
    ];
    const coordinator = await serve((request, body, response) => {
      if (request.url === '/v1/landmarks') return json(response, 200, { landmarks });
      sessionBody = JSON.parse(body);
      json(response, 422, { error: { code: 'route_no_candidates', message: 'none' } });
    });
    expect((await failure({ agent: 'tutor', coordinator })).code).toBe('route_no_candidates');
    expect(checkOpenSessionRequest.Check(sessionBody)).toBe(true);
    // The landmark answering 500 and the one nobody listens at gave no RTT, so no probe.
    expect(sessionBody?.probes?.map((probe) => probe.node)).toEqual([did(1), did(4)]);
    for (const probe of sessionBody?.probes ?? []) {
      expect(Object.keys(probe)).toEqual(['node', 'rttMs']);
      expect(probe.rttMs).toBeGreaterThan(0);
      expect(probe.rttMs).toBeLessThan(LANDMARK_PING_TIMEOUT_MS);
    }
    expect(sessionBody?.coordinate).toBeDefined();
  });

  it('sends neither probes nor a coordinate when no landmark answered', async () => {
    let sessionBody: Record<string, unknown> | undefined;
    const absent = await closedPortUrl();
    const coordinator = await serve((request, body, response) => {
      if (request.url === '/v1/landmarks') {
        const did = ed25519SignerFromSeed(new Uint8Array(32).fill(9)).key.did;
        const coordinate = { vector: [1, 2], height: 1, error: 0.2 };
        return json(response, 200, {
          landmarks: [{ did, endpoint: absent, label: 'gone', coordinate }],
        });
      }
      sessionBody = JSON.parse(body);
      json(response, 422, { error: { code: 'route_no_candidates', message: 'none' } });
    });
    expect((await failure({ agent: 'tutor', coordinator })).code).toBe('route_no_candidates');
    expect(sessionBody).toBeDefined();
    expect(sessionBody).not.toHaveProperty('probes');
    expect(sessionBody).not.toHaveProperty('coordinate');
  });

  it('a coordinator without landmarks still gets the session request', async () => {
    let sessionRequests = 0;
    const coordinator = await serve((request, _body, response) => {
      if (request.url === '/v1/landmarks') return json(response, 404, {});
      sessionRequests += 1;
      json(response, 404, { error: { code: 'agent_unknown', message: 'none' } });
    });
    expect((await failure({ agent: 'tutor', coordinator })).code).toBe('agent_unknown');
    expect(sessionRequests).toBe(1);
  });
});

describe('latency emulation (devnet)', () => {
  it('names the client city and holds the answer for the one-way delay from the peer city', async () => {
    const cities: (string | undefined)[] = [];
    const coordinator = await serve((request, _body, response) => {
      cities.push(request.headers[CITY_HEADER] as string | undefined);
      response.writeHead(404, { 'content-type': 'application/json', [CITY_HEADER]: 'Berlin' });
      response.end(JSON.stringify({ error: { code: 'agent_unknown', message: 'none' } }));
    });
    const emulation: LatencyEmulation = {
      city: 'Lisbon',
      oneWayMs: (from, to) => {
        if (from === 'Berlin' && to === 'Lisbon') return 120;
        throw new Error(`no city ${from}`);
      },
    };
    const startMs = performance.now();
    const error = await failure({ ...base, coordinator, emulation });
    expect(error.code).toBe('agent_unknown');
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(119);
    expect(cities).toEqual(['Lisbon']);
  });
});
