/**
 * One colony's SWIM membership on a virtual clock: every member is mesh's real SWIM state machine
 * (createSwimMember), messages travel with the one-way delay of the CityWorld between the two
 * members' cities, and churn comes as scheduled crashes (the member stops: no ticks, messages to
 * it are lost), graceful leaves and joins (a new member joins through a seed). The colony starts
 * converged: every member has learnt every other one (a join per peer, whose messages are not
 * delivered), as after a long quiet period.
 *
 * Measured per change: the time until every live member that was in the colony when it happened
 * has the news (a crashed member dead, a leaver left, a joiner alive), and every message sent.
 * Deterministic: one seed gives one run (the members' random comes from the run's Prng).
 */
import { createSwimMember, type SwimEffect, type SwimMember } from '@mycel/mesh';
import { EventQueue } from '../event-queue.js';
import type { Prng } from '../prng.js';
import type { CityWorld, Placed } from './city-world.js';

/** How often each member's timers are looked at (SWIM's timeouts are hundreds of ms). */
export const SWIM_TICK_MS = 100;

export interface ColonyMember {
  readonly id: string;
  readonly place: Placed;
}

export type ChurnKind = 'crash' | 'leave' | 'join';

export interface ChurnEvent {
  readonly kind: ChurnKind;
  readonly atMs: number;
  /** The member that crashes or leaves, or the new one that joins. */
  readonly member: ColonyMember;
}

/** How long one change took to reach every member it had to reach, in ms (undefined: never). */
export interface ChurnOutcome {
  readonly kind: ChurnKind;
  readonly id: string;
  readonly atMs: number;
  readonly convergedMs: number | undefined;
  /** Members that still lacked the news when the run ended. */
  readonly missing: number;
}

export interface ColonyRun {
  readonly outcomes: readonly ChurnOutcome[];
  /** SWIM messages sent by all members during the run (bootstrap excluded). */
  readonly messages: number;
  /** Member-seconds simulated (live members × time), for messages per member per second. */
  readonly memberSeconds: number;
  /** Members that ever declared a live, never-crashed member dead (false evictions). */
  readonly falseDead: number;
  /** Who was falsely declared dead, by whom, when (for reports). */
  readonly falseDeadIds: readonly string[];
}

interface Running {
  readonly member: SwimMember;
  readonly place: Placed;
  alive: boolean;
}

interface Pending {
  readonly kind: ChurnKind;
  readonly id: string;
  readonly atMs: number;
  readonly waiting: Set<string>;
  convergedMs: number | undefined;
}

/** The news each change must bring: a leaver may be learnt as left, or as dead if the farewell was missed. */
const WANTED: Readonly<Record<ChurnKind, ReadonlySet<string>>> = {
  crash: new Set(['dead']),
  leave: new Set(['left', 'dead']),
  join: new Set(['alive']),
};

export function runColony(options: {
  readonly world: CityWorld;
  readonly random: Prng;
  readonly members: readonly ColonyMember[];
  readonly churn: readonly ChurnEvent[];
  readonly durationMs: number;
  readonly lifeguard?: boolean;
}): ColonyRun {
  const { world, random } = options;
  const queue = new EventQueue();
  const running = new Map<string, Running>();
  const pending: Pending[] = [];
  const crashed = new Set<string>();
  let messages = 0;
  let memberMs = 0;
  let lastCountMs = 0;
  let falseDead = 0;
  const falseDeadIds: string[] = [];
  let nowMs = 0;
  let live = 0;

  const advance = (toMs: number) => {
    memberMs += live * (toMs - lastCountMs);
    lastCountMs = toMs;
  };
  /** A member stops for good: nobody waits for its news any more. */
  const stop = (id: string, entry: Running) => {
    entry.alive = false;
    live -= 1;
    crashed.add(id);
    for (const change of pending) {
      if (change.waiting.delete(id) && change.waiting.size === 0) {
        change.convergedMs ??= nowMs - change.atMs;
      }
    }
  };

  const start = (member: ColonyMember) => {
    const entry: Running = {
      member: createSwimMember({
        id: member.id,
        address: member.id,
        lifeguard: options.lifeguard ?? true,
        random: () => random.float(),
      }),
      place: member.place,
      alive: true,
    };
    running.set(member.id, entry);
    live += 1;
    const owner = {
      get alive() {
        return entry.alive;
      },
    };
    const tick = () => {
      apply(member.id, entry.member.step({ type: 'tick' }, nowMs));
      queue.push(nowMs + SWIM_TICK_MS, 't', tick, owner);
    };
    queue.push(nowMs + random.float() * SWIM_TICK_MS, 't', tick, owner);
    return entry;
  };

  const apply = (from: string, effects: readonly SwimEffect[]) => {
    const sender = running.get(from)!;
    for (const effect of effects) {
      if (effect.type === 'send') {
        messages += 1;
        const target = running.get(effect.to);
        if (target === undefined) continue;
        const delayMs = world.sampleRttMs(sender.place, target.place, random) / 2;
        const message = effect.message;
        queue.push(nowMs + delayMs, 'm', () => {
          if (!target.alive) return;
          apply(effect.to, target.member.step({ type: 'message', from, message }, nowMs));
        });
      } else {
        if (effect.state === 'dead' && !crashed.has(effect.id) && running.get(effect.id)?.alive) {
          falseDead += 1;
          falseDeadIds.push(`${effect.id} by ${from} at ${Math.round(nowMs)} ms`);
        }
        for (const change of pending) {
          if (change.id === effect.id && WANTED[change.kind].has(effect.state)) {
            change.waiting.delete(from);
            if (change.waiting.size === 0 && change.convergedMs === undefined) {
              change.convergedMs = nowMs - change.atMs;
            }
          }
        }
      }
    }
  };

  /** Live members other than `id`: who must learn about `id`. */
  const audience = (id: string) => {
    const waiting = new Set<string>();
    for (const [other, entry] of running) if (entry.alive && other !== id) waiting.add(other);
    return waiting;
  };

  // A converged colony: everyone has learnt everyone. Each member is told to join through each
  // other one; the syncs those joins send are not delivered, but they carry (and so use up) the
  // broadcasts of all that learning, as the long quiet period of a settled colony would have.
  for (const member of options.members) start(member);
  for (const [id, entry] of running) {
    for (const other of options.members) {
      if (other.id !== id) entry.member.step({ type: 'join', id: other.id, address: other.id }, 0);
    }
  }

  for (const change of options.churn) {
    queue.push(change.atMs, change.kind, () => {
      const id = change.member.id;
      if (change.kind === 'crash') {
        const entry = running.get(id);
        if (entry === undefined || !entry.alive) return;
        stop(id, entry);
        pending.push({
          kind: 'crash',
          id,
          atMs: nowMs,
          waiting: audience(id),
          convergedMs: undefined,
        });
      } else if (change.kind === 'leave') {
        const entry = running.get(id);
        if (entry === undefined || !entry.alive) return;
        pending.push({
          kind: 'leave',
          id,
          atMs: nowMs,
          waiting: audience(id),
          convergedMs: undefined,
        });
        apply(id, entry.member.step({ type: 'leave' }, nowMs));
        // It lingers long enough to send its farewell, then goes.
        queue.push(nowMs + 1_000, 'gone', () => {
          if (entry.alive) stop(id, entry);
        });
      } else {
        const waiting = audience(id);
        const entry = start(change.member);
        pending.push({ kind: 'join', id, atMs: nowMs, waiting, convergedMs: undefined });
        const seeds = [...waiting];
        const seed = seeds[random.below(seeds.length)]!;
        apply(id, entry.member.step({ type: 'join', id: seed, address: seed }, nowMs));
      }
    });
  }

  for (;;) {
    const event = queue.pop();
    if (event === undefined || event.atMs > options.durationMs) break;
    advance(event.atMs);
    nowMs = event.atMs;
    event.run();
  }
  advance(options.durationMs);

  return {
    outcomes: pending.map((change) => ({
      kind: change.kind,
      id: change.id,
      atMs: change.atMs,
      convergedMs: change.convergedMs,
      missing: change.waiting.size,
    })),
    messages,
    memberSeconds: memberMs / 1000,
    falseDead,
    falseDeadIds,
  };
}
