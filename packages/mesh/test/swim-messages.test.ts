/**
 * Bad SWIM input, one test per broken rule, each asserting its code: malformed messages,
 * oversized ones, forged sender ids, pings meant for someone else, bad configurations; and the
 * piggyback and message-size bounds of what a member sends.
 */
import {
  checkSwimConfig,
  createSwimMember,
  parseSwimMessage,
  SWIM_MESSAGE_BYTES_MAX,
  SWIM_PIGGYBACK_UPDATES_MAX,
  SWIM_RETRANSMIT_MULTIPLIER_DEFAULT,
  SWIM_SYNC_MEMBERS_MAX,
  type SwimMember,
} from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

const ping = { type: 'ping', sender: 'b', target: 'a', seq: 1, updates: [] };
const alive = (id: string) => ({ id, address: `mem://${id}`, state: 'alive', incarnation: 0 });

function member(): SwimMember {
  const swim = createSwimMember({
    id: 'a',
    address: 'mem://a',
    lifeguard: true,
    random: seededRandom(5),
  });
  swim.step({ type: 'join', id: 'b', address: 'mem://b' }, 0);
  return swim;
}

function codeOf(value: unknown): string | undefined {
  const parsed = parseSwimMessage(value);
  return parsed.ok ? undefined : parsed.error.code;
}

describe('parseSwimMessage', () => {
  it('accepts each message type in its exact form', () => {
    const update = { id: 'c', address: 'mem://c', state: 'suspect', incarnation: 2, by: 'b' };
    for (const message of [
      { ...ping, updates: [update] },
      {
        type: 'ping-req',
        sender: 'b',
        target: 'c',
        targetAddress: 'mem://c',
        seq: 2,
        nack: true,
        updates: [],
      },
      { type: 'ack', sender: 'b', target: 'c', seq: 2, updates: [] },
      { type: 'nack', sender: 'b', target: 'c', seq: 2, updates: [] },
      { type: 'sync', sender: 'b', reply: true, members: [alive('c')], updates: [] },
    ]) {
      expect(parseSwimMessage(message)).toEqual({ ok: true, value: message });
    }
  });

  it('refuses a value that is not a message object', () => {
    for (const value of [null, 7, 'ping', [ping], {}])
      expect(codeOf(value)).toBe('swim_message_malformed');
  });
  it('refuses an unknown message type', () => {
    expect(codeOf({ ...ping, type: 'pong' })).toBe('swim_message_malformed');
  });
  it('refuses a missing field', () => {
    const { seq: _seq, ...missing } = ping;
    expect(codeOf(missing)).toBe('swim_message_malformed');
  });
  it('refuses an extra field', () => {
    expect(codeOf({ ...ping, extra: 1 })).toBe('swim_message_malformed');
  });
  it('refuses a negative, fractional or unsafe sequence number', () => {
    for (const seq of [-1, 1.5, 2 ** 53, '1'])
      expect(codeOf({ ...ping, seq })).toBe('swim_message_malformed');
  });
  it('refuses an empty or overlong id', () => {
    expect(codeOf({ ...ping, sender: '' })).toBe('swim_message_malformed');
    expect(codeOf({ ...ping, target: 'x'.repeat(129) })).toBe('swim_message_malformed');
  });
  it('refuses an update with an unknown state, a missing suspecter, or a negative incarnation', () => {
    expect(codeOf({ ...ping, updates: [{ ...alive('c'), state: 'zombie' }] })).toBe(
      'swim_message_malformed',
    );
    expect(codeOf({ ...ping, updates: [{ ...alive('c'), state: 'suspect' }] })).toBe(
      'swim_message_malformed',
    );
    expect(codeOf({ ...ping, updates: [{ ...alive('c'), incarnation: -1 }] })).toBe(
      'swim_message_malformed',
    );
  });
  it('refuses more piggybacked updates than SWIM_PIGGYBACK_UPDATES_MAX', () => {
    const updates = Array.from({ length: SWIM_PIGGYBACK_UPDATES_MAX + 1 }, (_, i) =>
      alive(`m${i}`),
    );
    expect(codeOf({ ...ping, updates })).toBe('swim_message_too_large');
  });
  it('refuses a sync listing more than SWIM_SYNC_MEMBERS_MAX members', () => {
    const members = Array.from({ length: SWIM_SYNC_MEMBERS_MAX + 1 }, (_, i) => alive(`m${i}`));
    expect(codeOf({ type: 'sync', sender: 'b', reply: false, members, updates: [] })).toBe(
      'swim_message_too_large',
    );
  });
});

describe('a member refuses bad messages, counts them by code and does nothing else', () => {
  const cases: [string, string, unknown, string][] = [
    ['malformed', 'b', { ...ping, seq: -1 }, 'swim_message_malformed'],
    ['forged sender id', 'c', ping, 'swim_sender_mismatch'],
    [
      'a message claiming to come from the member itself',
      'a',
      { ...ping, sender: 'a' },
      'swim_sender_mismatch',
    ],
    ['a ping meant for another member', 'b', { ...ping, target: 'z' }, 'swim_target_mismatch'],
    [
      'a ping-req asking the member to probe itself',
      'b',
      {
        type: 'ping-req',
        sender: 'b',
        target: 'a',
        targetAddress: 'mem://a',
        seq: 1,
        nack: true,
        updates: [],
      },
      'swim_target_mismatch',
    ],
  ];
  for (const [name, from, message, code] of cases) {
    it(name, () => {
      const swim = member();
      const forged = {
        ...(message as object),
        updates: [{ id: 'b', address: 'mem://b', state: 'dead', incarnation: 5 }],
      };
      expect(swim.step({ type: 'message', from, message: forged }, 10)).toEqual([]);
      expect(swim.stats().rejected).toEqual({ [code]: 1 });
      // the piggybacked death in the refused message had no effect
      expect(swim.member('b')?.state).toBe('alive');
    });
  }

  it('refuses a relay request once SWIM_RELAYS_PENDING_MAX relays are pending', () => {
    const swim = member();
    for (let seq = 0; seq < 257; seq += 1) {
      swim.step(
        {
          type: 'message',
          from: 'b',
          message: {
            type: 'ping-req',
            sender: 'b',
            target: `t${seq}`,
            targetAddress: 'mem://t',
            seq,
            nack: true,
            updates: [],
          },
        },
        10,
      );
    }
    expect(swim.stats().rejected).toEqual({ swim_relays_full: 1 });
  });
});

describe('bounds on what a member sends', () => {
  it('piggybacks at most SWIM_PIGGYBACK_UPDATES_MAX updates, each at most λ·⌈log10(n+1)⌉ times, under SWIM_MESSAGE_BYTES_MAX', () => {
    const did = (i: number) => `did:key:z6Mk${String(i).padStart(44, 'x')}`;
    const swim = createSwimMember({
      id: did(0),
      address: '127.0.0.1:40000',
      lifeguard: true,
      random: seededRandom(9),
    });
    const members = 40;
    for (let i = 1; i <= members; i += 1) {
      swim.step(
        {
          type: 'message',
          from: did(i),
          message: {
            type: 'sync',
            sender: did(i),
            reply: false,
            members: [],
            updates: [
              {
                id: did(i),
                address: `127.0.0.1:${40000 + i}`,
                state: 'suspect',
                incarnation: 2 ** 40,
                by: did(i + 1),
              },
            ],
          },
        },
        0,
      );
      swim.step(
        {
          type: 'message',
          from: did(i),
          message: {
            type: 'sync',
            sender: did(i),
            reply: false,
            members: [],
            updates: [
              {
                id: did(i),
                address: `127.0.0.1:${40000 + i}`,
                state: 'alive',
                incarnation: 2 ** 40,
              },
            ],
          },
        },
        0,
      );
    }
    const counts = new Map<string, number>();
    let largest = 0;
    for (let seq = 0; seq < 200; seq += 1) {
      const effects = swim.step(
        {
          type: 'message',
          from: did(1),
          message: { type: 'ping', sender: did(1), target: did(0), seq, updates: [] },
        },
        1,
      );
      for (const effect of effects) {
        if (effect.type !== 'send') continue;
        expect(effect.message.updates.length).toBeLessThanOrEqual(SWIM_PIGGYBACK_UPDATES_MAX);
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(effect.message)));
        for (const update of effect.message.updates)
          counts.set(update.id, (counts.get(update.id) ?? 0) + 1);
      }
    }
    expect(largest + 64).toBeLessThanOrEqual(SWIM_MESSAGE_BYTES_MAX);
    const limit = SWIM_RETRANSMIT_MULTIPLIER_DEFAULT * Math.ceil(Math.log10(members + 1));
    expect(counts.size).toBe(members + 1); // every member's news, and the member's own alive
    for (const count of counts.values()) expect(count).toBeLessThanOrEqual(limit);
  });
});

describe('checkSwimConfig', () => {
  const base = { id: 'a', address: 'mem://a', lifeguard: true, random: Math.random };
  it('refuses out-of-range values with swim_config_invalid, and createSwimMember throws on them', () => {
    for (const bad of [
      { probeIntervalMs: 0 },
      { probeTimeoutMs: 2_000, probeIntervalMs: 1_000 },
      { indirectProbes: 17 },
      { suspicionMultiplier: 0 },
      { localHealthMax: 9 },
      { id: '' },
    ]) {
      const checked = checkSwimConfig({ ...base, ...bad });
      expect(checked.ok ? undefined : checked.error.code).toBe('swim_config_invalid');
      expect(() => createSwimMember({ ...base, ...bad })).toThrow(/swim_config_invalid/);
    }
  });
});
