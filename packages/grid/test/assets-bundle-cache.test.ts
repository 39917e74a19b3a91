/**
 * Deploy once, run anywhere: a publisher packs the echo agent, the coordinator's asset store
 * holds it, a node's BundleCache fetches it by hash, verifies and installs it, and the worker
 * pool runs it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf, utf8 } from '@mycel/kernel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssetStore } from '../src/assets/asset-store.js';
import { BundleCache, bundleAgentRef } from '../src/assets/bundle-cache.js';
import { packAgentDirectory } from '../src/assets/pack-agent-directory.js';
import { WorkerPool } from '../src/inference/worker-pool.js';
import {
  ECHO_AGENT_DIRECTORY,
  PUBLISHED_AT,
  publisher,
  TemporaryFolders,
} from './support/bundle-fixtures.js';

const folders = new TemporaryFolders();
let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.start({ size: 1 });
});

afterAll(async () => {
  await pool?.close();
});

afterEach(() => folders.removeAll());

async function publishEcho(): Promise<{
  coordinator: AssetStore;
  assetId: string;
  bytes: Uint8Array;
}> {
  const packed = packAgentDirectory(ECHO_AGENT_DIRECTORY, publisher, PUBLISHED_AT);
  if (!packed.ok) throw new Error(packed.error.message);
  const coordinator = await AssetStore.open(folders.make('coordinator'));
  const put = await coordinator.put(packed.value.bytes);
  if (!put.ok) throw new Error(put.error.message);
  return { coordinator, assetId: put.value, bytes: packed.value.bytes };
}

describe('BundleCache', () => {
  it('fetches, verifies and installs a bundle the pool then runs', async () => {
    const { coordinator, assetId } = await publishEcho();
    const cache = await BundleCache.open(folders.make('node'));
    const fetched: string[] = [];
    const fetchBytes = async (id: string) => {
      fetched.push(id);
      const bytes = await coordinator.get(id);
      if (bytes === undefined) throw new Error('not found');
      return bytes;
    };
    const resolved = await cache.resolve(assetId, fetchBytes);
    expect(resolved).toMatchObject({
      ok: true,
      value: { assetId, name: 'echo', version: '1.0.0', publisher: publisher.key.did },
    });
    if (!resolved.ok) return;
    const agent = bundleAgentRef(resolved.value);
    const init = await pool.init({ sid: 'echo-1', agent, config: { prefix: '> ' } });
    expect(init).toEqual({ ok: true, value: { sid: 'echo-1', prefix: '> ', turns: 0 } });
    if (!init.ok || typeof init.value !== 'object' || init.value === null) return;
    const chunks: unknown[] = [];
    const request = {
      sid: 'echo-1',
      seq: 1,
      agent,
      state: init.value,
      input: 'hi',
      timeoutMs: 5000,
    };
    const outcome = await pool.runTurn(request, (chunk) => chunks.push(chunk));
    expect(outcome).toEqual({ ok: true, value: { state: { ...init.value, turns: 1 }, chunks: 1 } });
    expect(chunks).toEqual([{ text: '> hi', seq: 1 }]);
    expect(await cache.resolve(assetId, fetchBytes)).toEqual(resolved);
    expect(fetched).toEqual([assetId]);
  });

  it('shares one fetch between concurrent resolves of the same id', async () => {
    const { coordinator, assetId } = await publishEcho();
    const cache = await BundleCache.open(folders.make('node'));
    let fetches = 0;
    const fetchBytes = async (id: string) => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return (await coordinator.get(id))!;
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => cache.resolve(assetId, fetchBytes)),
    );
    expect(fetches).toBe(1);
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]?.ok).toBe(true);
  });

  it('uses its own store after a restart without fetching again', async () => {
    const { coordinator, assetId } = await publishEcho();
    const directory = folders.make('node');
    const first = await BundleCache.open(directory);
    await first.resolve(assetId, async (id) => (await coordinator.get(id))!);
    const restarted = await BundleCache.open(directory);
    const again = await restarted.resolve(assetId, () => Promise.reject(new Error('offline')));
    expect(again).toMatchObject({ ok: true, value: { name: 'echo' } });
  });

  it('refuses bytes that do not hash to the id asked for, and installs nothing', async () => {
    const { assetId, bytes } = await publishEcho();
    const directory = folders.make('node');
    const cache = await BundleCache.open(directory);
    const tampered = Uint8Array.from(bytes);
    const at = tampered.length - 10;
    tampered[at] = tampered[at]! ^ 1;
    expect(await cache.resolve(assetId, async () => tampered)).toMatchObject({
      ok: false,
      error: { code: 'agent_bundle_hash_mismatch' },
    });
    expect(readdirSync(join(directory, 'assets', 'sha256'))).toEqual([]);
    // A failure is not remembered: the right bytes are accepted on the next try.
    expect(await cache.resolve(assetId, async () => bytes)).toMatchObject({ ok: true });
  });

  it('reports fetch failures and bad ids with their codes', async () => {
    const cache = await BundleCache.open(folders.make('node'));
    const id = digestOf(utf8('never published'));
    expect(await cache.resolve(id, () => Promise.reject(new Error('HTTP 404')))).toMatchObject({
      error: { code: 'asset_fetch_failed', message: expect.stringMatching(/HTTP 404/) },
    });
    expect(await cache.resolve('sha256:../../x', async () => new Uint8Array())).toMatchObject({
      error: { code: 'asset_id_invalid' },
    });
    const notABundle = utf8('{"hello":"world"}');
    expect(await cache.resolve(digestOf(notABundle), async () => notABundle)).toMatchObject({
      error: { code: 'agent_bundle_malformed' },
    });
  });
});
