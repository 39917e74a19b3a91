/**
 * SWIM messages (Das, Gupta, Motivala, DSN 2002, §4; nack from Lifeguard, Dadgar et al. 2018,
 * §IV-A) and their validator. Messages are plain JSON-able objects; every field of a received
 * message is attacker-controlled until `parseSwimMessage` has accepted it.
 *
 * Every message names its `sender`, and carries up to SWIM_PIGGYBACK_UPDATES_MAX membership
 * updates (infection-style dissemination, SWIM §4.1).
 */
import { ok } from '@mycel/kernel';
import {
  SWIM_ADDRESS_CHARS_MAX,
  SWIM_COUNTER_MAX,
  SWIM_ID_CHARS_MAX,
  SWIM_PIGGYBACK_UPDATES_MAX,
  SWIM_SYNC_MEMBERS_MAX,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';

export type SwimState = 'alive' | 'suspect' | 'dead' | 'left';

/** What one member believes about another, as gossiped. */
export interface SwimUpdate {
  readonly id: string;
  readonly address: string;
  readonly state: SwimState;
  readonly incarnation: number;
  /** For `suspect`: who suspects; Lifeguard counts distinct suspecters as confirmations. */
  readonly by?: string;
}

interface MessageBase {
  readonly sender: string;
  readonly updates: readonly SwimUpdate[];
}

/** "Are you alive?" `target` is the id the prober means, so a reused address is noticed. */
export interface SwimPing extends MessageBase {
  readonly type: 'ping';
  readonly target: string;
  readonly seq: number;
}

/** "Please ping `target` for me and pass its ack on." `nack`: send a nack if it stays silent. */
export interface SwimPingRequest extends MessageBase {
  readonly type: 'ping-req';
  readonly target: string;
  readonly targetAddress: string;
  readonly seq: number;
  readonly nack: boolean;
}

/** "`target` is alive", answering the ping or ping-req numbered `seq` of the receiver. */
export interface SwimAck extends MessageBase {
  readonly type: 'ack';
  readonly target: string;
  readonly seq: number;
}

/** Lifeguard: "I am here, but `target` did not answer my ping" (the relay is healthy). */
export interface SwimNack extends MessageBase {
  readonly type: 'nack';
  readonly target: string;
  readonly seq: number;
}

/** Anti-entropy: a few view entries; `reply` asks the receiver to answer with its own. */
export interface SwimSync extends MessageBase {
  readonly type: 'sync';
  readonly reply: boolean;
  readonly members: readonly SwimUpdate[];
}

export type SwimMessage = SwimPing | SwimPingRequest | SwimAck | SwimNack | SwimSync;

const STATES: ReadonlySet<string> = new Set(['alive', 'suspect', 'dead', 'left']);

const FIELDS: Readonly<Record<SwimMessage['type'], readonly string[]>> = {
  ping: ['type', 'sender', 'target', 'seq', 'updates'],
  'ping-req': ['type', 'sender', 'target', 'targetAddress', 'seq', 'nack', 'updates'],
  ack: ['type', 'sender', 'target', 'seq', 'updates'],
  nack: ['type', 'sender', 'target', 'seq', 'updates'],
  sync: ['type', 'sender', 'reply', 'members', 'updates'],
};

export function isSwimId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= SWIM_ID_CHARS_MAX;
}

function isAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= SWIM_ADDRESS_CHARS_MAX;
}

function isCounter(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= SWIM_COUNTER_MAX
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactly(value: Record<string, unknown>, fields: readonly string[]): boolean {
  const keys = Object.keys(value);
  return keys.length === fields.length && fields.every((field) => Object.hasOwn(value, field));
}

function isUpdate(value: unknown): value is SwimUpdate {
  if (!isRecord(value)) return false;
  const withBy = value.state === 'suspect';
  const fields = withBy
    ? ['id', 'address', 'state', 'incarnation', 'by']
    : ['id', 'address', 'state', 'incarnation'];
  return (
    hasExactly(value, fields) &&
    isSwimId(value.id) &&
    isAddress(value.address) &&
    typeof value.state === 'string' &&
    STATES.has(value.state) &&
    isCounter(value.incarnation) &&
    (!withBy || isSwimId(value.by))
  );
}

function updateList(value: unknown, max: number): 'ok' | 'malformed' | 'too_large' {
  if (!Array.isArray(value)) return 'malformed';
  if (value.length > max) return 'too_large';
  return value.every(isUpdate) ? 'ok' : 'malformed';
}

/** Accepts a received value as a SwimMessage, or names the broken rule. */
export function parseSwimMessage(value: unknown): MeshResult<SwimMessage> {
  if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(FIELDS, value.type)) {
    return meshFail('swim_message_malformed', 'not an object with a known SWIM message type');
  }
  const type = value.type as SwimMessage['type'];
  if (!hasExactly(value, FIELDS[type])) {
    return meshFail('swim_message_malformed', `a ${type} has exactly ${FIELDS[type].join(', ')}`);
  }
  if (!isSwimId(value.sender)) {
    return meshFail('swim_message_malformed', 'sender is not a member id');
  }
  const lists: [unknown, number][] = [[value.updates, SWIM_PIGGYBACK_UPDATES_MAX]];
  if (type === 'sync') {
    if (typeof value.reply !== 'boolean') {
      return meshFail('swim_message_malformed', 'reply is not a boolean');
    }
    lists.push([value.members, SWIM_SYNC_MEMBERS_MAX]);
  } else {
    if (!isSwimId(value.target) || !isCounter(value.seq)) {
      return meshFail('swim_message_malformed', 'target or seq out of range');
    }
    if (
      type === 'ping-req' &&
      (!isAddress(value.targetAddress) || typeof value.nack !== 'boolean')
    ) {
      return meshFail('swim_message_malformed', 'targetAddress or nack malformed');
    }
  }
  for (const [list, max] of lists) {
    const verdict = updateList(list, max);
    if (verdict === 'too_large') {
      return meshFail('swim_message_too_large', `more than ${max} updates or sync entries`);
    }
    if (verdict === 'malformed') {
      return meshFail(
        'swim_message_malformed',
        'an update is not {id, address, state, incarnation[, by]}',
      );
    }
  }
  return ok(value as unknown as SwimMessage);
}
