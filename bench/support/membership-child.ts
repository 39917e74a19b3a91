/**
 * One colony member process for bench/membership.ts: two SWIM members over UDP on loopback, one
 * with Lifeguard and one plain SWIM (two separate clusters sharing every process, so both see the
 * same load), each through @mycel/grid's startSwimUdpMember, the shell a node uses.
 *
 * Argument: JSON {index, lifeguardSeed?, swimSeed?, timings, threads, blockMeanEveryMs,
 * blockMaxMs}. Prints `{"ready": {lifeguard: {id, address}, swim: {id, address}}}` once bound,
 * then one JSON line per membership change. Reads commands from stdin, one JSON per line:
 * `{"join": {lifeguard: {id, address}, swim: {id, address}}}` and `{"load": true}`.
 *
 * The load, when asked for: `threads` worker threads spinning at 100 % CPU (the `planes`
 * benchmark saturates every inference worker of the node the same way), and the main event loop
 * blocked for a random 0..blockMaxMs at random moments (mean gap blockMeanEveryMs), as a busy
 * daemon's loop is by synchronous work and garbage collection.
 */
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { type SwimUdpMember, startSwimUdpMember } from '@mycel/grid';
import { fromHex } from '@mycel/kernel';

interface ChildSettings {
  readonly index: number;
  readonly lifeguardSeed: string;
  readonly swimSeed: string;
  readonly timings: Record<string, number>;
  readonly threads: number;
  readonly blockMeanEveryMs: number;
  readonly blockMaxMs: number;
}

type Cluster = 'lifeguard' | 'swim';
type Contact = Record<Cluster, { id: string; address: string }>;

const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function start(cluster: Cluster, seedHex: string): Promise<SwimUdpMember> {
  const member: SwimUdpMember = await startSwimUdpMember({
    key: fromHex(seedHex)!,
    lifeguard: cluster === 'lifeguard',
    timings: settings.timings,
    onStateChange: (change) => print({ cluster, observer: member.id, ...change }),
  });
  return member;
}

const members: Record<Cluster, SwimUdpMember> = {
  lifeguard: await start('lifeguard', settings.lifeguardSeed),
  swim: await start('swim', settings.swimSeed),
};
print({
  ready: {
    lifeguard: { id: members.lifeguard.id, address: members.lifeguard.address },
    swim: { id: members.swim.id, address: members.swim.address },
  },
});

function startLoad(): void {
  for (let i = 0; i < settings.threads; i += 1) {
    new Worker('for (;;) {}', { eval: true }).unref();
  }
  if (settings.blockMaxMs <= 0) return;
  const blockLater = () => {
    const gapMs = -Math.log(1 - Math.random()) * settings.blockMeanEveryMs;
    setTimeout(() => {
      const untilMs = Date.now() + Math.random() * settings.blockMaxMs;
      while (Date.now() < untilMs) {
        // the event loop is busy: no datagram is read and no timer fires meanwhile
      }
      blockLater();
    }, gapMs);
  };
  blockLater();
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { join?: Contact; load?: boolean };
  if (command.join !== undefined) {
    members.lifeguard.join(command.join.lifeguard.id, command.join.lifeguard.address);
    members.swim.join(command.join.swim.id, command.join.swim.address);
  }
  if (command.load === true) startLoad();
}
