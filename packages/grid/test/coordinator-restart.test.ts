/**
 * Identity across restarts: the coordinator key lives in the data folder (0600 in 0700), a
 * restart is the same coordinator, and nodes simply register again with it.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COORDINATOR_KEY_FILE, startCoordinator } from '@mycel/grid';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cleanup,
  launchCoordinator,
  nodeState,
  openRequest,
  temporaryDataDir,
  waitUntil,
} from './support/coordinator-harness.js';
import { testSigner } from './support/coordinator-nodes.js';
import { HealthServer, TestLink } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('coordinator identity', () => {
  it('creates its key once (0600 in a 0700 folder) and keeps its did across restarts', async () => {
    const dataDir = temporaryDataDir(cleanup);
    const first = await launchCoordinator(cleanup, { dataDir });
    const keyFile = join(dataDir, COORDINATOR_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await first.close();
    const second = await launchCoordinator(cleanup, { dataDir });
    expect(second.did).toBe(first.did);
    const elsewhere = await launchCoordinator(cleanup);
    expect(elsewhere.did).not.toBe(first.did);
  });

  it('refuses to start on a damaged key rather than becoming another coordinator', async () => {
    const dataDir = temporaryDataDir(cleanup);
    const first = await launchCoordinator(cleanup, { dataDir });
    await first.close();
    writeFileSync(join(dataDir, COORDINATOR_KEY_FILE), 'not a key');
    await expect(startCoordinator({ dataDir })).rejects.toThrow(/no usable private key/);
  });

  it('fails cleanly when its port is taken (and can start again once it is free)', async () => {
    const first = await launchCoordinator(cleanup);
    const port = Number(new URL(first.url).port);
    const dataDir = temporaryDataDir(cleanup);
    // The same grid as launchCoordinator's: a data folder's log belongs to one grid.
    await expect(startCoordinator({ dataDir, port, grid: 'testgrid' })).rejects.toThrow(
      /EADDRINUSE/,
    );
    await first.close();
    const second = await launchCoordinator(cleanup, { dataDir, port });
    expect(second.url).toBe(first.url);
  });

  it('takes its nodes back after a restart on the same port: they register again', async () => {
    const dataDir = temporaryDataDir(cleanup);
    const first = await launchCoordinator(cleanup, { dataDir });
    const port = Number(new URL(first.url).port);
    const health = await HealthServer.start();
    cleanup.add(() => health.close());
    const link = await TestLink.open(first.url, testSigner(1));
    cleanup.add(() => link.terminate());
    await link.register({ endpoint: health.url });
    await first.close();
    expect((await link.closed).code).toBe(1001);

    const second = await launchCoordinator(cleanup, { dataDir, port });
    const again = await TestLink.open(second.url, testSigner(1));
    cleanup.add(() => again.terminate());
    expect(again.challenge.coordinator).toBe(first.did);
    expect((await again.register({ endpoint: health.url })).t).toBe('registered');
    again.startHeartbeats(20);
    await waitUntil(
      () => nodeState(second, testSigner(1).key.did)?.state === 'alive',
      'registration',
    );
    expect((await second.openSession(openRequest())).ok).toBe(true);
  });
});
