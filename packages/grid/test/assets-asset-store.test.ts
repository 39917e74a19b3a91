import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf, utf8 } from '@mycel/kernel';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAssetId } from '../src/assets/asset-id.js';
import { AssetStore } from '../src/assets/asset-store.js';

const folders: string[] = [];

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'grid-assets-'));
  folders.push(folder);
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('AssetStore', () => {
  it('stores blobs under the SHA-256 of their bytes and reads them back', async () => {
    const store = await AssetStore.open(temporaryFolder());
    const bytes = utf8('a checkpoint');
    const put = await store.put(bytes);
    expect(put).toEqual({ ok: true, value: digestOf(bytes) });
    if (!put.ok) return;
    expect(await store.has(put.value)).toBe(true);
    expect(await store.get(put.value)).toEqual(bytes);
    expect(await store.put(bytes)).toEqual(put);
    expect(await store.put(new Uint8Array(0))).toEqual({
      ok: true,
      value: digestOf(new Uint8Array(0)),
    });
  });

  it('keeps a blob fetched under an id only if it hashes to that id', async () => {
    const store = await AssetStore.open(temporaryFolder());
    const bytes = utf8('bundle bytes');
    const id = digestOf(bytes);
    expect(await store.putExpecting(id, utf8('other bytes'))).toMatchObject({
      ok: false,
      error: { code: 'asset_hash_mismatch' },
    });
    expect(await store.has(id)).toBe(false);
    expect(await store.putExpecting(id, bytes)).toEqual({ ok: true, value: id });
  });

  it.each([
    'sha256:../../etc/passwd',
    `sha256:${'A'.repeat(64)}`,
    `sha256:${'a'.repeat(63)}`,
    `sha256:${'a'.repeat(64)}/x`,
    `sha512:${'a'.repeat(64)}`,
    `${'a'.repeat(64)}`,
    '',
  ])('refuses the id %j everywhere', async (id) => {
    const store = await AssetStore.open(temporaryFolder());
    expect(checkAssetId(id)).toMatchObject({ ok: false, error: { code: 'asset_id_invalid' } });
    expect(await store.putExpecting(id, utf8('x'))).toMatchObject({
      error: { code: 'asset_id_invalid' },
    });
    expect(await store.get(id)).toBeUndefined();
    expect(await store.has(id)).toBe(false);
  });

  it('bounds blob size', async () => {
    const store = await AssetStore.open(temporaryFolder(), { bytesMax: 8 });
    expect(await store.put(new Uint8Array(9))).toMatchObject({
      error: { code: 'asset_too_large' },
    });
    const nine = new Uint8Array(9);
    expect(await store.putExpecting(digestOf(nine), nine)).toMatchObject({
      error: { code: 'asset_too_large' },
    });
    expect(await store.put(new Uint8Array(8))).toMatchObject({ ok: true });
  });

  it('treats a blob that rotted on disk as missing, and leaves no temporary files', async () => {
    const folder = temporaryFolder();
    const store = await AssetStore.open(folder);
    const put = await store.put(utf8('original'));
    if (!put.ok) throw new Error(put.error.message);
    const hex = put.value.slice('sha256:'.length);
    writeFileSync(join(folder, 'sha256', hex), 'tampered');
    expect(await store.get(put.value)).toBeUndefined();
    expect(await store.has(put.value)).toBe(false);
    expect(await store.put(utf8('original'))).toEqual(put);
    expect(await store.get(put.value)).toEqual(utf8('original'));
    expect(readdirSync(join(folder, 'tmp'))).toEqual([]);
  });

  it('survives concurrent puts of the same blob', async () => {
    const store = await AssetStore.open(temporaryFolder());
    const bytes = new Uint8Array(64 * 1024).fill(7);
    const puts = await Promise.all(Array.from({ length: 3 }, () => store.put(bytes)));
    for (const put of puts) expect(put).toEqual({ ok: true, value: digestOf(bytes) });
    expect(await store.get(digestOf(bytes))).toEqual(bytes);
  });
});
