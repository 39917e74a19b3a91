/**
 * The gateway's pure parts: reading a chat completion request, turning agent chunks into text,
 * error statuses, and the affinity pool's bounds (with sessions that only count closes).
 */
import { type WireResult, wireLimits } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { readChatRequest } from '../src/gateway/chat-request.js';
import { chunkText, completionChunk, serverSentEvent } from '../src/gateway/chat-response.js';
import { gatewayError } from '../src/gateway/gateway-errors.js';
import type { NodeSession } from '../src/gateway/node-session.js';
import { SessionPool } from '../src/gateway/session-pool.js';
import { GATEWAY_MESSAGES_MAX, GATEWAY_SESSION_IDLE_MS } from '../src/limits.js';

describe('readChatRequest', () => {
  it('takes the last user message as the turn input', () => {
    const read = readChatRequest({
      model: 'tutor',
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'b' }, { type: 'image_url' }] },
      ],
      stream: true,
      user: 'alice',
      temperature: 0.2,
    });
    expect(read).toEqual({
      ok: true,
      value: { model: 'tutor', agent: 'tutor', input: 'b', stream: true, user: 'alice' },
    });
  });

  it('accepts bundle references as models and stream: null as not streaming', () => {
    const read = readChatRequest({
      model: 'my-agent@1.2.0',
      messages: [{ role: 'user', content: 'x' }],
      stream: null,
    });
    expect(read).toMatchObject({ ok: true, value: { agent: 'my-agent@1.2.0', stream: false } });
  });

  it.each([
    ['not an object', [], 'request_malformed'],
    ['no model', { messages: [{ role: 'user', content: 'x' }] }, 'request_malformed'],
    ['no messages', { model: 'tutor' }, 'request_malformed'],
    ['empty messages', { model: 'tutor', messages: [] }, 'request_malformed'],
    [
      'a message without a role',
      { model: 'tutor', messages: [{ content: 'x' }] },
      'request_malformed',
    ],
    [
      'no user message',
      { model: 'tutor', messages: [{ role: 'system', content: 'x' }] },
      'request_malformed',
    ],
    [
      'a user content of the wrong kind',
      { model: 'tutor', messages: [{ role: 'user', content: 42 }] },
      'request_malformed',
    ],
    [
      'stream not a boolean',
      { model: 'tutor', messages: [{ role: 'user', content: 'x' }], stream: 'yes' },
      'request_malformed',
    ],
    [
      'user not a string',
      { model: 'tutor', messages: [{ role: 'user', content: 'x' }], user: 7 },
      'request_malformed',
    ],
    [
      'too many messages',
      {
        model: 'tutor',
        messages: Array.from({ length: GATEWAY_MESSAGES_MAX + 1 }, () => ({
          role: 'user',
          content: 'x',
        })),
      },
      'request_too_large',
    ],
    [
      'an input over the turn limit',
      {
        model: 'tutor',
        messages: [{ role: 'user', content: 'x'.repeat(wireLimits.TURN_INPUT_BYTES_MAX) }],
      },
      'request_too_large',
    ],
    [
      'a model that cannot name an agent',
      { model: 'GPT-4', messages: [{ role: 'user', content: 'x' }] },
      'agent_unknown',
    ],
  ])('refuses %s', (_name, body, code) => {
    const read = readChatRequest(body);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe(code);
  });
});

describe('chunkText and the answer shapes', () => {
  it('turns strings, {text} objects and anything else into text', () => {
    expect(chunkText('word ')).toBe('word ');
    expect(chunkText({ text: 'hi', offsetMs: 40 })).toBe('hi');
    expect(chunkText({ value: 1 })).toBe('{"value":1}');
    expect(chunkText([1, 2])).toBe('[1,2]');
    expect(chunkText(null)).toBe('null');
    expect(chunkText({ text: 3 })).toBe('{"text":3}');
  });

  it('starts a new paragraph for a typed message after earlier text, never for fragments', () => {
    expect(chunkText({ type: 'question', text: 'Q?' }, false)).toBe('Q?');
    expect(chunkText({ type: 'question', text: 'Q?' }, true)).toBe('\n\nQ?');
    expect(chunkText({ text: 'lo', offsetMs: 40 }, true)).toBe('lo');
    expect(chunkText('lo', true)).toBe('lo');
  });

  it('frames a chunk as one server-sent event', () => {
    const header = { id: 'chatcmpl-x', created: 1, model: 'voice' };
    const event = serverSentEvent(completionChunk(header, { content: 'a' }, null));
    expect(event.startsWith('data: {')).toBe(true);
    expect(event.endsWith('}\n\n')).toBe(true);
    expect(JSON.parse(event.slice('data: '.length))).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }],
    });
  });
});

describe('gatewayError', () => {
  it.each([
    ['request_malformed', 400, 'invalid_request_error'],
    ['agent_unknown', 404, 'invalid_request_error'],
    ['request_too_large', 413, 'invalid_request_error'],
    ['route_pushback', 503, 'server_error'],
    ['node_unavailable', 502, 'server_error'],
    ['turn_timeout', 504, 'server_error'],
    ['turn_failed', 500, 'server_error'],
  ] as const)('%s is HTTP %i', (code, status, type) => {
    const error = gatewayError(code, 'm');
    expect(error.status).toBe(status);
    expect(error.body.error).toEqual({ message: 'm', type, code, param: null });
  });

  it('pushback tells the client when to come back, in whole seconds and in ms', () => {
    expect(gatewayError('route_pushback', 'full', { retryAfterMs: 1500 }).headers).toEqual({
      'retry-after': '2',
      'retry-after-ms': '1500',
    });
    expect(gatewayError('route_pushback', 'full').headers['retry-after']).toBe('1');
    expect(gatewayError('agent_unknown', 'no').headers).toEqual({});
  });
});

/** A stand-in for NodeSession that only records being closed. */
function fakeSession(name: string, closed: string[]) {
  const session = {
    sid: name,
    usable: true,
    close() {
      session.usable = false;
      closed.push(name);
    },
  };
  return session;
}

function poolOf(sessionsMax: number) {
  let clock = 0;
  let opened = 0;
  const closed: string[] = [];
  const failing = new Set<string>();
  const pool = new SessionPool(
    async (agent): Promise<WireResult<NodeSession>> => {
      if (failing.has(agent))
        return { ok: false, error: { code: 'agent_unknown', message: agent } };
      opened += 1;
      return {
        ok: true,
        value: fakeSession(`${agent}-${opened}`, closed) as unknown as NodeSession,
      };
    },
    () => clock,
    sessionsMax,
  );
  return {
    pool,
    closed,
    failing,
    opened: () => opened,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

async function lease(pool: SessionPool, agent: string, affinity: string | undefined) {
  const leased = await pool.acquire(agent, affinity);
  if (!leased.ok) throw new Error(leased.error.code);
  return leased.value;
}

describe('SessionPool', () => {
  it('gives the same session to the same key and agent, another to another key or agent', async () => {
    const { pool } = poolOf(8);
    const first = await lease(pool, 'tutor', 'alice');
    first.release();
    expect((await lease(pool, 'tutor', 'alice')).session).toBe(first.session);
    expect((await lease(pool, 'tutor', 'bob')).session).not.toBe(first.session);
    expect((await lease(pool, 'voice', 'alice')).session).not.toBe(first.session);
  });

  it('shares one opening between concurrent requests of one key', async () => {
    const { pool, opened } = poolOf(8);
    const [a, b] = await Promise.all([lease(pool, 'tutor', 'k'), lease(pool, 'tutor', 'k')]);
    expect(a.session).toBe(b.session);
    expect(opened()).toBe(1);
  });

  it('closes a session without a key when its request ends', async () => {
    const { pool, closed } = poolOf(8);
    const leased = await lease(pool, 'voice', undefined);
    expect(pool.size).toBe(0);
    leased.release();
    expect(closed).toEqual(['voice-1']);
  });

  it('keeps no failed opening: the next request tries again', async () => {
    const { pool, failing } = poolOf(8);
    failing.add('nope');
    expect((await pool.acquire('nope', 'k')).ok).toBe(false);
    expect(pool.size).toBe(0);
    failing.delete('nope');
    expect((await pool.acquire('nope', 'k')).ok).toBe(true);
  });

  it('replaces a session that ended', async () => {
    const { pool } = poolOf(8);
    const first = await lease(pool, 'tutor', 'k');
    first.release();
    first.session.close();
    expect((await lease(pool, 'tutor', 'k')).session).not.toBe(first.session);
  });

  it('when full, closes the least recently used idle session; all busy is route_pushback', async () => {
    const { pool, closed } = poolOf(2);
    const a = await lease(pool, 'tutor', 'a');
    const b = await lease(pool, 'tutor', 'b');
    expect(await pool.acquire('tutor', 'c')).toMatchObject({
      ok: false,
      error: { code: 'route_pushback' },
    });
    b.release();
    a.release();
    (await lease(pool, 'tutor', 'b')).release();
    await lease(pool, 'tutor', 'c');
    expect(closed).toEqual(['tutor-1']);
    expect(pool.size).toBe(2);
  });

  it('sweep closes sessions idle too long, never one in use', async () => {
    const { pool, closed, advance } = poolOf(8);
    (await lease(pool, 'tutor', 'idle')).release();
    const busy = await lease(pool, 'tutor', 'busy');
    advance(GATEWAY_SESSION_IDLE_MS - 1);
    pool.sweep();
    expect(closed).toEqual([]);
    advance(1);
    pool.sweep();
    expect(closed).toEqual(['tutor-1']);
    busy.release();
    pool.closeAll();
    await Promise.resolve();
    await Promise.resolve();
    expect(closed).toEqual(['tutor-1', 'tutor-2']);
  });
});
