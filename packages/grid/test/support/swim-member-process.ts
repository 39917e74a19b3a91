/**
 * One SWIM member over UDP in a process of its own, so a test can SIGKILL it. Argument: a JSON
 * object {seedHex, lifeguard, timings, joins: [{id, address}]}. Prints `{id, address}` once
 * bound, then one JSON line per membership change it decides.
 */
import { fromHex } from '@mycel/kernel';
import { startSwimUdpMember } from '../../src/membership/swim-udp-member.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as {
  seedHex: string;
  lifeguard: boolean;
  timings?: Record<string, number>;
  joins?: { id: string; address: string }[];
};
const swim = await startSwimUdpMember({
  key: fromHex(settings.seedHex)!,
  lifeguard: settings.lifeguard,
  timings: settings.timings,
  onStateChange: (change) => process.stdout.write(`${JSON.stringify(change)}\n`),
});
process.stdout.write(`${JSON.stringify({ id: swim.id, address: swim.address })}\n`);
for (const seed of settings.joins ?? []) swim.join(seed.id, seed.address);
