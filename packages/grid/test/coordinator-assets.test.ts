/**
 * The asset plane on the coordinator: content-addressed uploads, downloads, and agent bundles
 * that become routable by name (and stay so across a restart).
 */
import { assetIdOf, packAgentDirectory } from '@mycel/grid';
import type { OpenSessionResponse } from '@mycel/wire';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ECHO_AGENT_DIRECTORY,
  PUBLISHED_AT,
  publisher,
  stranger,
} from './support/bundle-fixtures.js';
import {
  Cleanup,
  getJson,
  launchCoordinator,
  openRequest,
  postJson,
  temporaryDataDir,
} from './support/coordinator-harness.js';
import { registeredNode } from './support/coordinator-test-node.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function put(url: string, id: string, bytes: Uint8Array) {
  const response = await fetch(`${url}/v1/assets/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function echoBundle(signer = publisher) {
  const packed = packAgentDirectory(ECHO_AGENT_DIRECTORY, signer, PUBLISHED_AT);
  if (!packed.ok) throw new Error(packed.error.message);
  return packed.value;
}

describe('assets', () => {
  it('stores bytes under their hash and serves them back', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const bytes = new TextEncoder().encode('a checkpoint, say');
    const id = assetIdOf(bytes);
    expect(await put(coordinator.url, id, bytes)).toEqual({
      status: 201,
      body: { id, bytes: bytes.length },
    });
    expect((await put(coordinator.url, id, bytes)).status).toBe(200);
    const served = await fetch(`${coordinator.url}/v1/assets/${id}`);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it('refuses bytes that do not hash to the id, and answers unknown and invalid ids', async () => {
    const coordinator = await launchCoordinator(cleanup);
    const bytes = new TextEncoder().encode('honest bytes');
    const wrongId = assetIdOf(new TextEncoder().encode('other bytes'));
    const mismatch = await put(coordinator.url, wrongId, bytes);
    expect(mismatch.status).toBe(422);
    expect((mismatch.body.error as { code: string }).code).toBe('asset_hash_mismatch');
    const missing = await getJson(`${coordinator.url}/v1/assets/${wrongId}`);
    expect([missing.status, missing.body.error?.code]).toEqual([404, 'asset_not_found']);
    const invalid = await getJson(`${coordinator.url}/v1/assets/sha256:..%2F..%2Fetc`);
    expect([invalid.status, invalid.body.error?.code]).toEqual([400, 'request_malformed']);
  });
});

describe('published agents', () => {
  it('lists a bundle upload by name, routes sessions to it by name and name@version, keeps the name for its publisher', async () => {
    const dataDir = temporaryDataDir(cleanup);
    const coordinator = await launchCoordinator(cleanup, { dataDir });
    await registeredNode(cleanup, coordinator.url, 1);
    const bundle = echoBundle();
    const uploaded = await put(coordinator.url, bundle.assetId, bundle.bytes);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.agent).toEqual({
      name: 'echo',
      version: '1.0.0',
      publisher: publisher.key.did,
      listed: true,
    });
    const agents = await getJson<{ agents: unknown[] }>(`${coordinator.url}/v1/agents`);
    expect(agents.body.agents).toEqual([
      { name: 'echo', version: '1.0.0', publisher: publisher.key.did, assetId: bundle.assetId },
    ]);
    for (const agent of ['echo', 'echo@1.0.0', bundle.assetId]) {
      const opened = await postJson<OpenSessionResponse>(
        `${coordinator.url}/v1/sessions`,
        openRequest({ agent }),
      );
      expect(opened.status).toBe(201);
      expect(opened.body.ticket.agent).toBe(bundle.assetId);
    }
    // Someone else's bundle called echo does not take the name over.
    const impostor = echoBundle(stranger);
    const second = await put(coordinator.url, impostor.assetId, impostor.bytes);
    expect(second.body.agent).toMatchObject({ name: 'echo', listed: false });
    const still = await postJson<OpenSessionResponse>(
      `${coordinator.url}/v1/sessions`,
      openRequest({ agent: 'echo' }),
    );
    expect(still.body.ticket.agent).toBe(bundle.assetId);

    // A restarted coordinator finds its bundles in its data folder.
    await coordinator.close();
    const restarted = await launchCoordinator(cleanup, { dataDir });
    await registeredNode(cleanup, restarted.url, 1);
    const after = await postJson<OpenSessionResponse>(
      `${restarted.url}/v1/sessions`,
      openRequest({ agent: 'echo' }),
    );
    expect(after.body.ticket.agent).toBe(bundle.assetId);
  });
});
