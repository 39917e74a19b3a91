/**
 * The canopy's summaries spreading between coordinators on a virtual clock: each coordinator
 * keeps mesh's real SummaryBook, signs its summaries with mesh's buildSummary (Ed25519), and a
 * coordinator that takes a summary it did not hold forwards it to `fanout` canopy peers drawn at
 * random (push gossip, one hop per link delay of the CityWorld). Push alone may miss a few
 * coordinators, so every CANOPY_SUMMARY_INTERVAL_MS each holder also pushes its book to one peer
 * at random (anti-entropy), as republishing does. Measured: for each summary published, the time
 * until every coordinator's book holds it, and the messages sent.
 *
 * Only the summaries whose spread is measured travel here; the steady state (every coordinator
 * publishing every CANOPY_SUMMARY_INTERVAL_MS) costs each coordinator, per second, the messages
 * one publication costs the canopy divided by the interval (scale-run.ts).
 */
import { ed25519SignerFromSeed, type JsonValue, type Signer, TrustStore } from '@mycel/kernel';
import {
  buildSummary,
  CANOPY_SUMMARY_INTERVAL_MS,
  type CanopyTrust,
  SummaryBook,
} from '@mycel/mesh';
import { EventQueue } from '../event-queue.js';
import type { Prng } from '../prng.js';
import type { CityWorld, Placed } from './city-world.js';

export interface GossipCoordinator {
  readonly place: Placed;
  readonly colony: string;
}

export interface GossipRun {
  /** Per publication: ms until every book held it (undefined: some never did). */
  readonly convergedMs: readonly (number | undefined)[];
  /** Messages (one summary each) sent per publication, on average. */
  readonly messagesPerPublication: number;
}

/** Anti-entropy rounds after a publication; by then every canopy of sane size has it. */
const ANTI_ENTROPY_ROUNDS_MAX = 8;

/** The first time the run's clock reads: summaries are issued from here on. */
const START_MS = 1_800_000_000_000;

export function runCanopyGossip(options: {
  readonly world: CityWorld;
  readonly random: Prng;
  readonly coordinators: readonly GossipCoordinator[];
  /** How many summaries, each from a coordinator drawn at random, to follow. */
  readonly publications: number;
  readonly fanout: number;
}): GossipRun {
  const { world, random, coordinators, fanout } = options;
  const trust: CanopyTrust = { store: new TrustStore() };
  const signers: Signer[] = coordinators.map((_, index) => {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, index + 1);
    seed[31] = 0x5c;
    return ed25519SignerFromSeed(seed);
  });
  const books = coordinators.map(() => new SummaryBook({ minGapMs: 0 }));
  const seqs = coordinators.map(() => 0);
  const queue = new EventQueue();
  const convergedMs: (number | undefined)[] = [];
  let messages = 0;

  for (let publication = 0; publication < options.publications; publication++) {
    const origin = random.below(coordinators.length);
    // Publications far enough apart that each spreads on its own.
    const issuedAtMs = START_MS + publication * 10_000;
    seqs[origin]! += 1;
    const summary = buildSummary(
      {
        url: `https://coordinator-${origin}.invalid`,
        federation: 'sim',
        colony: coordinators[origin]!.colony,
        seq: seqs[origin]!,
        issuedAtMs,
        capacity: { interactive: { free: random.below(100), total: 100 } },
        warmAgents: ['chat'],
        prices: [],
      },
      signers[origin]!,
    ) as unknown as JsonValue;
    const holders = new Set<number>([origin]);
    const index = convergedMs.length;
    convergedMs.push(coordinators.length === 1 ? 0 : undefined);
    const forward = (from: number, atMs: number) => {
      for (let sent = 0; sent < fanout; sent++) {
        const to = random.below(coordinators.length);
        if (to === from) continue;
        messages += 1;
        const delayMs =
          world.sampleRttMs(coordinators[from]!.place, coordinators[to]!.place, random) / 2;
        queue.push(atMs + delayMs, 'summary', () => receive(to, atMs + delayMs));
      }
    };
    const receive = (at: number, atMs: number) => {
      const taken = books[at]!.offer(summary, trust, atMs);
      if (!taken.ok) return;
      holders.add(at);
      if (holders.size === coordinators.length) convergedMs[index] = atMs - issuedAtMs;
      forward(at, atMs);
    };
    books[origin]!.offer(summary, trust, issuedAtMs);
    forward(origin, issuedAtMs);
    for (let round = 1; round <= ANTI_ENTROPY_ROUNDS_MAX; round++) {
      const atMs = issuedAtMs + round * CANOPY_SUMMARY_INTERVAL_MS;
      queue.push(atMs, 'anti-entropy', () => {
        if (holders.size === coordinators.length) return;
        for (const holder of [...holders]) {
          const to = random.below(coordinators.length);
          if (to === holder) continue;
          messages += 1;
          if (holders.has(to)) continue;
          const delayMs =
            world.sampleRttMs(coordinators[holder]!.place, coordinators[to]!.place, random) / 2;
          queue.push(atMs + delayMs, 'summary', () => receive(to, atMs + delayMs));
        }
      });
    }
    for (;;) {
      const event = queue.pop();
      if (event === undefined) break;
      event.run();
    }
  }
  return {
    convergedMs,
    messagesPerPublication: messages / Math.max(1, options.publications),
  };
}
