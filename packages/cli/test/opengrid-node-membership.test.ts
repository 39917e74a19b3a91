/**
 * `opengrid node start --membership-port/--membership-seed`: two node daemons started the way an
 * operator starts them form a colony (SWIM over UDP on loopback) and each learns the other by its
 * node did; a seed that is not `did:key:…@host:port` or a port out of range is argument_invalid
 * before anything starts.
 */
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { ed25519SignerFromSeed } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildService, startChildService } from '../src/devnet/child-service.js';
import { type LocalGrid, startLocalGrid } from '../src/devnet/local-grid.js';
import { temporaryFolder } from './run-mycel.js';
import { runOpengrid } from './run-opengrid.js';

const folder = temporaryFolder('node-membership');
let grid: LocalGrid | undefined;
let second: ChildService | undefined;

afterAll(async () => {
  await second?.stop();
  await grid?.stop();
});

/** A UDP port free a moment ago on 127.0.0.1 (the node binds it next). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** The membership states `service` logged about `member`, in order. */
function statesOf(service: ChildService, member: string): string[] {
  const states: string[] = [];
  for (const line of service.recentLogs()) {
    try {
      const entry = JSON.parse(line) as { msg?: string; member?: string; state?: string };
      if (entry.msg === 'membership' && entry.member === member && entry.state !== undefined) {
        states.push(entry.state);
      }
    } catch {
      // not a log line of ours (a stack trace line, say)
    }
  }
  return states;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('opengrid node start --membership-*', () => {
  it('two nodes form a colony through one seed and learn each other by did', {
    timeout: 120_000,
  }, async () => {
    const port = await freeUdpPort();
    grid = await startLocalGrid({
      folder,
      nodeArgs: ['--workers', '1', '--membership-port', String(port)],
      logLevel: 'info',
    });
    const first = grid.node;
    second = await startChildService('node', [
      'node',
      'start',
      '--coordinator',
      grid.coordinator.url,
      '--data',
      join(folder, 'second'),
      '--workers',
      '1',
      '--log-level',
      'info',
      '--membership-port',
      '0',
      '--membership-seed',
      `${first.did}@127.0.0.1:${port}`,
    ]);
    const joined = second;
    await until(
      'both members seeing each other alive',
      () =>
        statesOf(first, joined.did).includes('alive') &&
        statesOf(joined, first.did).includes('alive'),
      30_000,
    );
    // The second node leaves on SIGTERM: the first hears `left`, not a failure.
    await joined.stop();
    await until(
      'the first node hearing the second leave',
      () => {
        return statesOf(first, joined.did).includes('left');
      },
      30_000,
    );
    expect(statesOf(first, joined.did)).not.toContain('dead');
  });

  it('refuses a malformed seed or port with argument_invalid, before starting', {
    timeout: 60_000,
  }, async () => {
    const did = ed25519SignerFromSeed(new Uint8Array(32).fill(7)).key.did;
    const bad = [
      ['--membership-seed', 'not-a-seed'],
      ['--membership-seed', `${did}@127.0.0.1`],
      ['--membership-seed', `${did}@127.0.0.1:0`],
      ['--membership-seed', `did:key:zNotAKey@127.0.0.1:7946`],
      ['--membership-port', '70000'],
    ];
    for (const args of bad) {
      const run = await runOpengrid(
        [
          'node',
          'start',
          '--coordinator',
          'http://127.0.0.1:9',
          '--data',
          join(folder, 'bad'),
          '--json',
          ...args,
        ],
        { timeoutMs: 30_000 },
      );
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`, args.join(' ')).toContain('argument_invalid');
    }
  });
});
