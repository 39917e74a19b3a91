/**
 * `opengrid coordinator start` with canopy options, as real child processes: two coordinators
 * named as each other's --canopy-peer exchange signed summaries; a canopy configuration the
 * coordinator cannot start with ends in `error <code>: ...` and exit 1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  buildPolicyPack,
  buildTreaty,
  ed25519Pkcs8FromSeed,
  ed25519SignerFromSeed,
  withSignature,
} from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectFailure,
  killIfRunning,
  type Run,
  readLinesUntil,
  temporaryFolder,
} from './run-mycel.js';
import { OPENGRID_BIN, runOpengrid } from './run-opengrid.js';

const FAIL_WITHIN_MS = 30_000;
const START_WAIT_MS = 30_000;
const workspace = temporaryFolder('opengrid-canopy');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  OPENGRID_HOME: join(workspace, 'opengrid-home'),
  MYCEL_HOME: join(workspace, 'mycel-home'),
};
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) killIfRunning(child);
  rmSync(workspace, { recursive: true, force: true });
});

function opengrid(...args: string[]): Promise<Run> {
  return runOpengrid(args, { env, timeoutMs: FAIL_WITHIN_MS });
}

function writeJson(name: string, value: unknown): string {
  mkdirSync(workspace, { recursive: true });
  const path = join(workspace, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const federation = ed25519SignerFromSeed(new Uint8Array(32).fill(131));
const someoneElse = ed25519SignerFromSeed(new Uint8Array(32).fill(132));
const pack = withSignature(
  buildPolicyPack({
    federation: 'devnet',
    version: 1,
    issuedAt: '2026-11-01T00:00:00Z',
    mips: [],
    trustAnchors: [],
    coordinators: [{ did: someoneElse.key.did, colony: 'pune' }],
  }),
  'policy-pack',
  federation,
);

describe('canopy options that cannot work', () => {
  it('peers without a colony: argument_invalid', async () => {
    expectFailure(
      await opengrid('coordinator', 'start', '--port', '0', '--canopy-peer', 'http://127.0.0.1:9'),
      'argument_invalid',
    );
  });

  it('a colony id that is not a short lower-case id: argument_invalid', async () => {
    expectFailure(
      await opengrid('coordinator', 'start', '--port', '0', '--colony', 'Chennai South'),
      'argument_invalid',
    );
  });

  it('a federation pack that is not there: file_unreadable', async () => {
    expectFailure(
      await opengrid(
        'coordinator',
        'start',
        '--port',
        '0',
        '--colony',
        'pune',
        '--federation-pack',
        join(workspace, 'missing.json'),
      ),
      'file_unreadable',
    );
  });

  it('a colony the pack gives to another coordinator: summary_colony_not_owned', async () => {
    expectFailure(
      await opengrid(
        'coordinator',
        'start',
        '--port',
        '0',
        '--data',
        join(workspace, 'claimer'),
        '--colony',
        'pune',
        '--federation-pack',
        writeJson('pack.json', pack),
      ),
      'summary_colony_not_owned',
    );
  });

  it('a treaty signed by one side only: treaty_signature_missing', async () => {
    const other = ed25519SignerFromSeed(new Uint8Array(32).fill(133));
    const otherPack = withSignature(
      buildPolicyPack({
        federation: 'elsewhere',
        version: 1,
        issuedAt: '2026-11-01T00:00:00Z',
        mips: [],
        trustAnchors: [],
      }),
      'policy-pack',
      other,
    );
    const oneSided = withSignature(
      buildTreaty({
        federations: ['devnet', 'elsewhere'],
        kinds: ['session'],
        validFrom: '2026-11-01T00:00:00Z',
      }),
      'treaty',
      federation,
    );
    // This coordinator's key, known beforehand so that the devnet pack can name it.
    const data = join(workspace, 'one-sided');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(data, 'coordinator-key.pkcs8'),
      ed25519Pkcs8FromSeed(new Uint8Array(32).fill(134)),
      {
        mode: 0o600,
      },
    );
    const coordinator = ed25519SignerFromSeed(new Uint8Array(32).fill(134));
    const ownPack = withSignature(
      buildPolicyPack({
        federation: 'devnet',
        version: 1,
        issuedAt: '2026-11-01T00:00:00Z',
        mips: [],
        trustAnchors: [],
        coordinators: [{ did: coordinator.key.did, colony: 'chennai' }],
      }),
      'policy-pack',
      federation,
    );
    expectFailure(
      await opengrid(
        'coordinator',
        'start',
        '--port',
        '0',
        '--data',
        data,
        '--federation-pack',
        writeJson('own-pack.json', ownPack),
        '--colony',
        'chennai',
        '--treaty',
        writeJson('treaty.json', oneSided),
        '--federation-pack',
        writeJson('other-pack.json', otherPack),
      ),
      'treaty_signature_missing',
    );
  });
});

describe('two coordinators started as each other’s canopy peers', () => {
  async function start(name: string, port: number, peer: number) {
    const child = spawn(
      process.execPath,
      [
        OPENGRID_BIN,
        'coordinator',
        'start',
        '--json',
        '--log-level',
        'warn',
        '--port',
        String(port),
        '--data',
        join(workspace, name),
        '--canopy-peer',
        `http://127.0.0.1:${peer}`,
        '--colony',
        name,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    const [line] = await readLinesUntil(child, () => true, START_WAIT_MS);
    return JSON.parse(line!) as { url: string; did: string };
  }

  it('each learns the other’s signed summary (GET /v1/canopy)', async () => {
    const [first, second] = [await unusedPort(), await unusedPort()];
    const mumbai = await start('mumbai', first, second);
    const chennai = await start('chennai', second, first);
    const deadline = Date.now() + 15_000;
    let known: { colony: string; coordinator: string }[] = [];
    while (Date.now() < deadline) {
      const view = (await (await fetch(`${mumbai.url}/v1/canopy`)).json()) as {
        summaries: { colony: string; coordinator: string }[];
      };
      known = view.summaries;
      if (known.length > 0) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(known).toEqual([
      expect.objectContaining({ colony: 'chennai', coordinator: chennai.did }),
    ]);
  }, 60_000);
});
