/**
 * SWIM members over real UDP sockets on 127.0.0.1: three in this process and one in a child
 * process that is SIGKILLed and must be declared dead by the others within a bounded time.
 * Datagrams that are forged, oversized or garbage are refused with their codes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { concatBytes, ed25519SignerFromSeed, toHex, utf8 } from '@mycel/kernel';
import { SWIM_MESSAGE_BYTES_MAX } from '@mycel/mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptDatagram,
  type MemberStateChange,
  type SwimUdpMember,
  startSwimUdpMember,
} from '../src/membership/swim-udp-member.js';
import { waitFor } from './support/node-test-grid.js';

const timings = { probeIntervalMs: 200, probeTimeoutMs: 100, syncIntervalMs: 1_000 };
const seedOf = (n: number) => new Uint8Array(32).fill(n);

interface Observed {
  readonly swim: SwimUdpMember;
  readonly changes: MemberStateChange[];
}

async function startObserved(n: number): Promise<Observed> {
  const changes: MemberStateChange[] = [];
  const swim = await startSwimUdpMember({
    key: seedOf(n),
    lifeguard: true,
    timings,
    onStateChange: (change) => changes.push(change),
  });
  return { swim, changes };
}

function spawnMember(n: number, joins: { id: string; address: string }[]) {
  const script = fileURLToPath(new URL('./support/swim-member-process.ts', import.meta.url));
  const argument = JSON.stringify({ seedHex: toHex(seedOf(n)), lifeguard: true, timings, joins });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, argument], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = new Promise<{ id: string; address: string }>((done, fail) => {
    let text = '';
    child.stdout!.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      if (text.includes('\n')) done(JSON.parse(text.slice(0, text.indexOf('\n'))));
    });
    child.once('exit', (code) => fail(new Error(`the member process exited with ${code}`)));
  });
  return { child, exited, ready };
}

describe('SWIM over UDP on loopback', () => {
  const members: Observed[] = [];
  let child: ReturnType<typeof spawnMember> | undefined;

  beforeAll(async () => {
    for (const n of [1, 2, 3]) members.push(await startObserved(n));
  });
  afterAll(async () => {
    child?.child.kill('SIGKILL');
    await child?.exited;
    await Promise.all(members.map((member) => member.swim.close()));
  });

  it('members joining through one seed see each other alive', async () => {
    const [seed, ...rest] = members;
    for (const member of rest) member.swim.join(seed!.swim.id, seed!.swim.address);
    await waitFor(
      () => members.every((member) => member.swim.member.stats().liveMembers === 2),
      5_000,
    );
    for (const member of members) {
      expect(member.swim.id).toMatch(/^did:key:z6Mk/);
      expect(member.swim.address).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });

  it('a SIGKILLed member process is declared dead by every other member within 7 s', async () => {
    child = spawnMember(4, [{ id: members[0]!.swim.id, address: members[0]!.swim.address }]);
    const remote = await child.ready;
    await waitFor(
      () => members.every((member) => member.swim.member.member(remote.id)?.state === 'alive'),
      5_000,
    );
    const killedAtMs = Date.now();
    child.child.kill('SIGKILL');
    await child.exited;
    const deadAt = (member: Observed) =>
      member.changes.find((change) => change.id === remote.id && change.state === 'dead')?.atMs;
    await waitFor(() => members.every((member) => deadAt(member) !== undefined), 10_000);
    const slowestMs = Math.max(...members.map((member) => deadAt(member)! - killedAtMs));
    // First suspicion within one probe round (3 peers × 200 ms, + indirect probes); Lifeguard's
    // suspicion timeout is then at most β·α·interval = 6 × 4 × 200 ms = 4.8 s, less with
    // confirmations; then gossip reaches the last member.
    expect(slowestMs).toBeLessThan(7_000);
    // nobody else was suspected of death
    for (const member of members) {
      expect(
        member.changes.filter((change) => change.state === 'dead' && change.id !== remote.id),
      ).toEqual([]);
    }
  });

  it('refuses a datagram whose signature is not by the key its sender names (swim_signature_invalid)', async () => {
    const victim = members[1]!.swim.id;
    const forger = ed25519SignerFromSeed(seedOf(9));
    const body = utf8(
      JSON.stringify({
        type: 'ping',
        sender: victim,
        target: members[0]!.swim.id,
        seq: 1,
        updates: [],
      }),
    );
    const forged = concatBytes(forger.sign(body), body);
    expect(acceptDatagram(forged)).toEqual({ ok: false, code: 'swim_signature_invalid' });
    await sendRaw(members[0]!.swim.address, forged);
    await waitFor(
      () => members[0]!.swim.stats().datagramsRejected.swim_signature_invalid === 1,
      2_000,
    );
  });

  it('refuses an oversized datagram (swim_message_too_large) and garbage (swim_message_malformed)', async () => {
    const target = members[2]!.swim;
    await sendRaw(target.address, new Uint8Array(SWIM_MESSAGE_BYTES_MAX + 1));
    await sendRaw(target.address, concatBytes(new Uint8Array(64), utf8('{not json')));
    await waitFor(
      () =>
        target.stats().datagramsRejected.swim_message_too_large === 1 &&
        target.stats().datagramsRejected.swim_message_malformed === 1,
      2_000,
    );
  });

  it('a member signed correctly but lying about its sender field is refused by the member', () => {
    const signer = ed25519SignerFromSeed(seedOf(8));
    const body = utf8(
      JSON.stringify({
        type: 'ping',
        sender: signer.key.did,
        target: 'someone-else',
        seq: 1,
        updates: [],
      }),
    );
    const accepted = acceptDatagram(concatBytes(signer.sign(body), body));
    expect(accepted.ok).toBe(true);
    const member = members[0]!.swim.member;
    const before = member.stats().rejected.swim_target_mismatch ?? 0;
    if (accepted.ok)
      member.step(
        { type: 'message', from: accepted.sender, message: accepted.message },
        performance.now(),
      );
    expect(member.stats().rejected.swim_target_mismatch).toBe(before + 1);
  });
});

async function sendRaw(address: string, datagram: Uint8Array): Promise<void> {
  const socket = createSocket('udp4');
  const colon = address.lastIndexOf(':');
  await new Promise<void>((done) =>
    socket.send(datagram, Number(address.slice(colon + 1)), address.slice(0, colon), () => done()),
  );
  socket.close();
}
