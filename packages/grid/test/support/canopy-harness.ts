/**
 * Canopy tests: coordinators whose keys are known before they start (so a policy pack can name
 * them), free loopback ports (so peers can name each other), packs and treaties signed by
 * federation keys, and reading what a coordinator knows of its canopy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanopyView } from '@mycel/grid';
import {
  buildPolicyPack,
  buildTreaty,
  ed25519Pkcs8FromSeed,
  ed25519SignerFromSeed,
  type JsonValue,
  type PolicyCoordinator,
  type Signer,
  type TreatyFields,
  withSignature,
} from '@mycel/kernel';
import { COORDINATOR_KEY_FILE } from '../../src/coordinator/coordinator-key.js';

export function seededSigner(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

const folders: string[] = [];

/** A fresh data folder holding the coordinator key of `seed` (removeDataDirs deletes it). */
export function dataDirWithKey(seed: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-canopy-'));
  folders.push(folder);
  const dataDir = join(folder, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dataDir, COORDINATOR_KEY_FILE),
    ed25519Pkcs8FromSeed(new Uint8Array(32).fill(seed)),
    { mode: 0o600 },
  );
  return dataDir;
}

/** Deletes every folder dataDirWithKey made. */
export function removeDataDirs(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Ports free right now on 127.0.0.1 (the OS picks them; they are released before returning). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((done, fail) => {
          const server = createServer();
          server.once('error', fail);
          server.listen(0, '127.0.0.1', () => done(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

export function policyPack(
  federation: string,
  signer: Signer,
  coordinators: PolicyCoordinator[],
): JsonValue {
  const pack = buildPolicyPack({
    federation,
    version: 1,
    issuedAt: '2026-11-01T00:00:00Z',
    mips: [],
    trustAnchors: [],
    coordinators,
  });
  return withSignature(pack, 'policy-pack', signer) as unknown as JsonValue;
}

export function treaty(fields: TreatyFields, signers: Signer[]): JsonValue {
  let built = buildTreaty(fields);
  for (const signer of signers) built = withSignature(built, 'treaty', signer);
  return built as unknown as JsonValue;
}

export async function canopyView(url: string): Promise<CanopyView> {
  return (await (await fetch(`${url}/v1/canopy`)).json()) as CanopyView;
}
