/**
 * One real node daemon for bench/membership.ts: @mycel/grid's startNode attached to the bench's
 * coordinator, with its inference workers, its HTTP control plane and `membership` (a Lifeguard
 * SWIM member over UDP whose id is the node's did), plus a plain-SWIM twin member in the same
 * process so the baseline cluster lives through exactly the same load. The load itself is real:
 * the bench opens `burn` sessions through the coordinator, as the `planes` benchmark does.
 *
 * Argument: JSON {dataDir, coordinatorUrl, workers, batchSlots, swimSeed, timings}. Prints
 * `{"ready": {lifeguard: {id, address}, swim: {id, address}}, "url": node URL}` once started, then one JSON line
 * per membership change. Reads `{"join": {lifeguard: {...}, swim: {...}}}` lines from stdin.
 */
import { createInterface } from 'node:readline';
import { type MemberNode, startNode, startSwimUdpMember } from '@mycel/grid';
import { fromHex } from '@mycel/kernel';

interface NodeSettings {
  readonly dataDir: string;
  readonly coordinatorUrl: string;
  readonly workers: number;
  readonly batchSlots: number;
  readonly swimSeed: string;
  readonly timings: Record<string, number>;
}
type Cluster = 'lifeguard' | 'swim';
type Contact = Record<Cluster, { id: string; address: string }>;

const settings = JSON.parse(process.argv[2] ?? '{}') as NodeSettings;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
let nodeDid = '';
const node = await startNode({
  dataDir: settings.dataDir,
  coordinatorUrl: settings.coordinatorUrl,
  workers: settings.workers,
  capacity: { batch: settings.batchSlots, interactive: 0, voice: 0, robot: 0 },
  logger: false,
  membership: {
    lifeguard: true,
    timings: settings.timings,
    onStateChange: (change) => print({ cluster: 'lifeguard', observer: nodeDid, ...change }),
  },
});
nodeDid = node.did;
const { membership } = node as MemberNode;
const twin = await startSwimUdpMember({
  key: fromHex(settings.swimSeed)!,
  lifeguard: false,
  timings: settings.timings,
  onStateChange: (change) => print({ cluster: 'swim', observer: twin.id, ...change }),
});
print({
  ready: {
    lifeguard: { id: membership.id, address: membership.address },
    swim: { id: twin.id, address: twin.address },
  },
  url: node.url,
});

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { join?: Contact };
  if (command.join !== undefined) {
    membership.join(command.join.lifeguard.id, command.join.lifeguard.address);
    twin.join(command.join.swim.id, command.join.swim.address);
  }
}
