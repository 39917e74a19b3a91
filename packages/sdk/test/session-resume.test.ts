/**
 * A session resumes by itself when its node is lost: against a scripted coordinator (HTTP on
 * loopback) and scripted nodes (WebSocket servers on loopback), the caller's turn streams go on
 * across the move with no error, no repeated chunk and no missing one, and the session fails only
 * when the grid says it cannot be resumed or time runs out.
 */
import type { JsonValue } from '@mycel/kernel';
import { type LatencyEmulation, type ResumeSessionRequest, verifyResumeProof } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenGridError } from '../src/errors.js';
import {
  RESUME_TIMEOUT_MS_MAX,
  SESSION_PING_INTERVAL_MS_MAX,
  SESSION_PING_INTERVAL_MS_MIN,
} from '../src/limits.js';
import { type OpenSessionOptions, openSession } from '../src/open-session.js';
import type { Session, SessionMove } from '../src/session.js';
import type { TurnStream } from '../src/turn-stream.js';
import {
  chunkOf,
  type ResumeAnswer,
  type ResumeCall,
  refusal,
  SID,
  StubCoordinator,
  StubNode,
  type StubNodeOptions,
} from './support/stub-grid.js';

const started: { close(): Promise<void> }[] = [];
const sessions: Session[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
  for (const part of started.splice(0)) await part.close();
});

async function node(options: StubNodeOptions): Promise<StubNode> {
  const stub = await StubNode.start(options);
  started.push(stub);
  return stub;
}

async function coordinator(
  first: StubNode,
  answer: (call: ResumeCall, self: StubCoordinator) => ResumeAnswer | Promise<ResumeAnswer>,
): Promise<StubCoordinator> {
  let self: StubCoordinator | undefined;
  const stub = await StubCoordinator.start(first, (call) => answer(call, self!));
  self = stub;
  started.push(stub);
  return stub;
}

async function open(
  grid: StubCoordinator,
  options: Partial<OpenSessionOptions> = {},
): Promise<Session> {
  const session = await openSession({
    agent: 'voice',
    coordinator: grid.url,
    probeLandmarks: false,
    ...options,
  });
  sessions.push(session);
  return session;
}

async function collect(turn: TurnStream): Promise<JsonValue[]> {
  const chunks: JsonValue[] = [];
  for await (const chunk of turn) chunks.push(chunk);
  return chunks;
}

const chunksOf = (seq: number, count = 3) =>
  Array.from({ length: count }, (_, index) => chunkOf(seq, index));

async function rejection(promise: Promise<unknown>): Promise<OpenGridError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenGridError);
  return error as OpenGridError;
}

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('a session whose node is lost resumes on another one', () => {
  it('mid-turn: the stream goes on with each chunk once, and later turns run on the new node', async () => {
    const lost = await node({ seed: 1, chunks: 5, plan: () => ({ kind: 'drop', after: 2 }) });
    const next = await node({ seed: 2, chunks: 5 });
    const grid = await coordinator(lost, ({ index }, self) =>
      index < 2 ? refusal(503, 'resume_pending', 10) : self.placement(next, 2),
    );
    const reported: SessionMove[] = [];
    const session = await open(grid, { onMove: (move) => reported.push(move) });
    expect(session.epoch).toBe(1);
    expect(session.node.did).toBe(lost.did);

    const first = session.send('hello');
    expect(await collect(first)).toEqual(chunksOf(1, 5));
    await expect(first.done).resolves.toEqual({ seq: 1, chunks: 5 });
    const second = session.send('again');
    expect(await collect(second)).toEqual(chunksOf(2, 5));

    // The turn went again with its number; the node was told nothing was acknowledged yet.
    expect(lost.turns).toEqual([1]);
    expect(next.turns).toEqual([1, 2]);
    expect(next.attaches.map((attach) => attach.lastSeq)).toEqual([0]);
    expect(next.validProofs).toBe(1);
    // resume_pending was asked again, each time for epoch 1 and signed by the client key.
    expect(grid.resumes).toHaveLength(3);
    for (const body of grid.resumes) {
      expect(body).toMatchObject({ epoch: 1, lastSeq: 0 });
      expect(verifyResumeProof(SID, body as ResumeSessionRequest, grid.client).ok).toBe(true);
    }
    expect(session.epoch).toBe(2);
    expect(session.node).toEqual({ did: next.did, endpoint: next.endpoint, label: next.label });
    expect(session.failure).toBeUndefined();
    expect(session.moves).toEqual([
      {
        fromNode: lost.did,
        toNode: next.did,
        epoch: 2,
        code: 'node_unavailable',
        lostAtMs: expect.any(Number),
        resumedAtMs: expect.any(Number),
      },
    ]);
    const [move] = session.moves;
    expect(move!.resumedAtMs).toBeGreaterThanOrEqual(move!.lostAtMs);
    expect(reported).toEqual(session.moves);
  });

  it('resumes from the last acknowledged turn: lastSeq in the request and the attach', async () => {
    const lost = await node({
      seed: 1,
      plan: (seq) => (seq === 3 ? { kind: 'drop', after: 1 } : { kind: 'run' }),
    });
    const next = await node({ seed: 2 });
    const grid = await coordinator(lost, (_call, self) => self.placement(next, 2));
    const session = await open(grid);
    for (const seq of [1, 2]) expect(await collect(session.send(seq))).toEqual(chunksOf(seq));
    expect(await collect(session.send(3))).toEqual(chunksOf(3));
    expect(grid.resumes).toEqual([expect.objectContaining({ epoch: 1, lastSeq: 2 })]);
    expect(next.attaches.map((attach) => attach.lastSeq)).toEqual([2]);
    expect(next.turns).toEqual([3]);
  });

  it('a node that hands the session back is left for the next one, without an error', async () => {
    const lost = await node({
      seed: 1,
      plan: () => ({ kind: 'hand-back', code: 'session_moved', after: 1 }),
    });
    const next = await node({ seed: 2 });
    const grid = await coordinator(lost, (_call, self) => self.placement(next, 2));
    const session = await open(grid);
    expect(await collect(session.send('x'))).toEqual(chunksOf(1));
    expect(session.moves.map((move) => move.code)).toEqual(['session_moved']);
    // The client dropped the old socket itself: the node had kept it open.
    expect(lost.closedByClient).toBe(1);
  });

  it('a node gone silent (a partition) is noticed by its unanswered pings and left', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'silent', after: 1 }) });
    const next = await node({ seed: 2 });
    const grid = await coordinator(lost, (_call, self) => self.placement(next, 2));
    const session = await open(grid, { pingIntervalMs: SESSION_PING_INTERVAL_MS_MIN });
    expect(await collect(session.send('x'))).toEqual(chunksOf(1));
    expect(session.moves.map((move) => move.code)).toEqual(['node_unavailable']);
  });

  it('turns sent while resuming go out after the re-sent one, in order', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const next = await node({ seed: 2 });
    const held = gate();
    const grid = await coordinator(lost, async (_call, self) => {
      await held.opened;
      return self.placement(next, 2);
    });
    const session = await open(grid);
    const first = session.send('one');
    const firstChunks = collect(first);
    await grid.resumeRequested();
    const second = session.send('two');
    const third = session.send('three');
    held.open();
    expect(await firstChunks).toEqual(chunksOf(1));
    expect(await collect(second)).toEqual(chunksOf(2));
    expect(await collect(third)).toEqual(chunksOf(3));
    expect(next.turns).toEqual([1, 2, 3]);
  });

  it('a new node unreachable or refusing: the coordinator is asked again, same deadline', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const refusing = await node({ seed: 3, refuseAttach: 'node_draining' });
    const gone = await node({ seed: 4 });
    await gone.close();
    const next = await node({ seed: 2 });
    const grid = await coordinator(lost, ({ index }, self) => {
      if (index === 0) return self.placement(gone, 2);
      if (index === 1) return self.placement(refusing, 3);
      return self.placement(next, 4);
    });
    const session = await open(grid);
    expect(await collect(session.send('x'))).toEqual(chunksOf(1));
    expect(refusing.attaches).toHaveLength(1);
    // Each request names the epoch whose node was lost: attached at 1, then never at 2 or 3.
    expect(grid.resumes.map((body) => (body as { epoch: number }).epoch)).toEqual([1, 2, 3]);
    expect(session.moves).toEqual([
      expect.objectContaining({ fromNode: lost.did, toNode: next.did, epoch: 4 }),
    ]);
  });

  it('moves again when the new node is lost too', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const alsoLost = await node({ seed: 2, plan: () => ({ kind: 'drop', after: 2 }) });
    const last = await node({ seed: 3 });
    const grid = await coordinator(lost, ({ index }, self) =>
      index === 0 ? self.placement(alsoLost, 2) : self.placement(last, 3),
    );
    const session = await open(grid);
    expect(await collect(session.send('x'))).toEqual(chunksOf(1));
    expect(session.moves.map((move) => [move.fromNode, move.toNode, move.epoch])).toEqual([
      [lost.did, alsoLost.did, 2],
      [alsoLost.did, last.did, 3],
    ]);
    expect(grid.resumes.map((body) => (body as { epoch: number }).epoch)).toEqual([1, 2]);
  });

  it('events of a replaced connection never reach the session (an emulated delay line)', async () => {
    // The lost node's frames, and its socket's close, arrive 150 ms late; the new node is near.
    const emulation: LatencyEmulation = {
      city: 'Here',
      oneWayMs: (from) => (from === 'Far' ? 150 : 0),
    };
    const lost = await node({
      seed: 1,
      city: 'Far',
      plan: () => ({ kind: 'hand-back', code: 'session_moved', after: 1 }),
    });
    const next = await node({ seed: 2 });
    const grid = await coordinator(lost, (_call, self) => self.placement(next, 2));
    const session = await open(grid, { emulation });
    expect(await collect(session.send('x'))).toEqual(chunksOf(1));
    // Long enough for the old socket's close to come out of its delay line.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(grid.resumes).toHaveLength(1);
    expect(session.moves).toHaveLength(1);
    expect(await collect(session.send('y'))).toEqual(chunksOf(2));
  });

  it('cancel while resuming: the turn is re-sent, cancelled on the new node, and the next runs', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const next = await node({
      seed: 2,
      plan: (seq) => (seq === 1 ? { kind: 'hold' } : { kind: 'run' }),
    });
    const held = gate();
    const grid = await coordinator(lost, async (_call, self) => {
      await held.opened;
      return self.placement(next, 2);
    });
    const session = await open(grid);
    const first = session.send('one');
    for await (const _chunk of first) {
      await grid.resumeRequested();
      break;
    }
    held.open();
    expect((await rejection(first.done)).code).toBe('turn_cancelled');
    expect(next.turns).toEqual([1]);
    expect(next.cancels).toEqual([1]);
    expect(await collect(session.send('two'))).toEqual(chunksOf(2));
  });

  it('cancel while attaching to the new node: the cancel follows the re-sent turn', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const attach = gate();
    const next = await node({
      seed: 2,
      holdAttach: attach.opened,
      plan: (seq) => (seq === 1 ? { kind: 'hold' } : { kind: 'run' }),
    });
    const grid = await coordinator(lost, (_call, self) => self.placement(next, 2));
    const session = await open(grid);
    const first = session.send('one');
    for await (const _chunk of first) {
      await next.attachReceived();
      break;
    }
    attach.open();
    expect((await rejection(first.done)).code).toBe('turn_cancelled');
    expect(next.turns).toEqual([1]);
    expect(next.cancels).toEqual([1]);
  });
});

describe('a session that cannot be resumed', () => {
  it.each([
    'session_not_found',
    'session_closed',
    'migration_timeout',
    'resume_proof_invalid',
    'resume_seq_ahead',
  ])('%s from the coordinator fails every waiting turn with that code', async (code) => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const grid = await coordinator(lost, () => refusal(409, code));
    const session = await open(grid);
    const first = session.send('one');
    const second = session.send('two');
    const seen: JsonValue[] = [];
    const loop = (async () => {
      for await (const chunk of first) seen.push(chunk);
    })();
    await expect(loop).rejects.toMatchObject({ code });
    expect(seen).toEqual([chunkOf(1, 0)]);
    expect((await rejection(second.done)).code).toBe(code);
    expect(session.failure?.code).toBe(code);
    expect((await rejection(session.send('three').done)).code).toBe(code);
    expect(grid.resumes).toHaveLength(1);
    expect(session.moves).toEqual([]);
  });

  it('out of time: the turn fails with the last code heard, resume_pending', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const grid = await coordinator(lost, () => refusal(503, 'resume_pending', 10));
    const session = await open(grid, { resume: { timeoutMs: 200 } });
    const error = await rejection(session.send('one').done);
    expect(error.code).toBe('resume_pending');
    expect(error.message).toContain('200 ms');
    expect(grid.resumes.length).toBeGreaterThan(1);
  });

  it('a coordinator that cannot be reached: coordinator_unavailable once time runs out', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const grid = await coordinator(lost, () => 'hang');
    const session = await open(grid, { resume: { timeoutMs: 300 } });
    await grid.close();
    expect((await rejection(session.send('one').done)).code).toBe('coordinator_unavailable');
  });

  it('a coordinator without the resume endpoint: the turn fails with node_unavailable', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const grid = await coordinator(lost, () => refusal(404, 'route_not_found'));
    const session = await open(grid);
    expect((await rejection(session.send('one').done)).code).toBe('node_unavailable');
  });

  it('a node lost before the first attached fails openSession, with no resume', async () => {
    const refusing = await node({ seed: 1, refuseAttach: 'node_unavailable' });
    const grid = await coordinator(refusing, () => refusal(500, 'internal_error'));
    const error = await rejection(
      openSession({ agent: 'voice', coordinator: grid.url, probeLandmarks: false }),
    );
    expect(error.code).toBe('node_unavailable');
    expect(grid.resumes).toEqual([]);
  });

  it('close() while resuming stops the resume and resolves', async () => {
    const lost = await node({ seed: 1, plan: () => ({ kind: 'drop', after: 1 }) });
    const grid = await coordinator(lost, () => 'hang');
    // A resume bound far past the test's own: only close() can end it in time.
    const session = await open(grid, { resume: { timeoutMs: RESUME_TIMEOUT_MS_MAX } });
    const turn = session.send('one');
    await grid.resumeRequested();
    await session.close();
    expect((await rejection(turn.done)).code).toBe('session_closed');
    expect(grid.resumes).toHaveLength(1);
    expect((await rejection(session.send('two').done)).code).toBe('session_closed');
  });
});

describe('openSession refuses bad resume options with sdk_option_invalid', () => {
  it.each([
    ['a zero resume timeout', { resume: { timeoutMs: 0 } }],
    ['a fractional resume timeout', { resume: { timeoutMs: 1.5 } }],
    ['a resume timeout over the bound', { resume: { timeoutMs: RESUME_TIMEOUT_MS_MAX + 1 } }],
    ['resume that is not an object', { resume: 30_000 as never }],
    ['a ping interval under the bound', { pingIntervalMs: SESSION_PING_INTERVAL_MS_MIN - 1 }],
    ['a ping interval over the bound', { pingIntervalMs: SESSION_PING_INTERVAL_MS_MAX + 1 }],
    ['onMove that is not a function', { onMove: 'log' as never }],
  ] as [string, Partial<OpenSessionOptions>][])('%s', async (_name, options) => {
    const error = await rejection(
      openSession({ agent: 'voice', coordinator: 'http://127.0.0.1:1', ...options }),
    );
    expect(error.code).toBe('sdk_option_invalid');
  });
});
