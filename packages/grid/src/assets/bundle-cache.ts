/**
 * A node's cache of agent bundles (deploy once, run in fifty places). resolve(assetId) finds the
 * bundle in the node's asset store or fetches it once from its source (the coordinator's asset
 * store), verifies hash and publisher signature before first use, installs its files and
 * answers with the entry path a worker imports. Concurrent resolves of one id share one fetch;
 * a failure is not remembered, so the next resolve tries again.
 */
import { join } from 'node:path';
import { failWith, type Outcome, ok } from '@mycel/kernel';
import type { AgentRef } from '../inference/turn-request.js';
import { BUNDLE_CACHE_ENTRIES_MAX } from '../limits.js';
import type { AssetErrorCode } from './asset-error-codes.js';
import { checkAssetId } from './asset-id.js';
import { AssetStore } from './asset-store.js';
import { installBundle } from './install-bundle.js';
import { verifyAgentBundle } from './verify-agent-bundle.js';

export interface ResolvedBundle {
  readonly assetId: string;
  /** Absolute path of the installed entry module. */
  readonly entryPath: string;
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
}

export type BundleResolution = Outcome<ResolvedBundle, AssetErrorCode>;

export type FetchBytes = (assetId: string) => Promise<Uint8Array>;

/** The reference a worker pool runs a resolved bundle by. */
export function bundleAgentRef(bundle: ResolvedBundle): AgentRef {
  return { kind: 'bundle', id: bundle.assetId, entryPath: bundle.entryPath };
}

export class BundleCache {
  readonly #resolved = new Map<string, ResolvedBundle>();
  readonly #resolving = new Map<string, Promise<BundleResolution>>();

  private constructor(
    private readonly assets: AssetStore,
    private readonly installDirectory: string,
  ) {}

  /** Keeps raw bundles in `<directory>/assets` and installed ones in `<directory>/agents`. */
  static async open(directory: string): Promise<BundleCache> {
    const assets = await AssetStore.open(join(directory, 'assets'));
    return new BundleCache(assets, join(directory, 'agents'));
  }

  resolve(assetId: string, fetchBytes: FetchBytes): Promise<BundleResolution> {
    const checked = checkAssetId(assetId);
    if (!checked.ok) return Promise.resolve(checked);
    const known = this.#resolved.get(assetId);
    if (known !== undefined) return Promise.resolve(ok(known));
    let resolving = this.#resolving.get(assetId);
    if (resolving === undefined) {
      resolving = this.#load(assetId, fetchBytes).finally(() => this.#resolving.delete(assetId));
      this.#resolving.set(assetId, resolving);
    }
    return resolving;
  }

  async #fetch(
    assetId: string,
    fetchBytes: FetchBytes,
  ): Promise<Outcome<Uint8Array, AssetErrorCode>> {
    const stored = await this.assets.get(assetId);
    if (stored !== undefined) return ok(stored);
    try {
      const bytes = await fetchBytes(assetId);
      if (!(bytes instanceof Uint8Array))
        return failWith('asset_fetch_failed', 'the fetch gave no bytes');
      return ok(bytes);
    } catch (error) {
      return failWith('asset_fetch_failed', `cannot fetch ${assetId}: ${(error as Error).message}`);
    }
  }

  async #load(assetId: string, fetchBytes: FetchBytes): Promise<BundleResolution> {
    const bytes = await this.#fetch(assetId, fetchBytes);
    if (!bytes.ok) return bytes;
    const verified = verifyAgentBundle(bytes.value, assetId);
    if (!verified.ok) return verified;
    const stored = await this.assets.putExpecting(assetId, bytes.value);
    if (!stored.ok) return stored;
    let entryPath: string;
    try {
      entryPath = await installBundle(verified.value, this.installDirectory);
    } catch (error) {
      return failWith(
        'asset_write_failed',
        `cannot install ${assetId}: ${(error as Error).message}`,
      );
    }
    const { name, version, publisher } = verified.value;
    const resolved: ResolvedBundle = { assetId, entryPath, name, version, publisher };
    if (this.#resolved.size >= BUNDLE_CACHE_ENTRIES_MAX) {
      const oldest = this.#resolved.keys().next().value;
      if (oldest !== undefined) this.#resolved.delete(oldest);
    }
    this.#resolved.set(assetId, resolved);
    return ok(resolved);
  }
}
