/**
 * From the agent a ticket names to an agent the inference plane can run: a built-in name
 * (`tutor`) as is, or an asset id (`sha256:…`) through the asset plane: fetched from the
 * coordinator's `/v1/assets/{id}`, its hash and publisher signature verified, installed in the
 * data folder, and only then run (agent verification, ARCHITECTURE §5.4).
 */
import {
  COORDINATOR_PATHS,
  cityHeaders,
  cityOf,
  inboundDelayMs,
  type LatencyEmulation,
  sleepMs,
  type WireResult,
  wireFail,
  wireLimits,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { BUILTIN_AGENTS } from '../agents/builtin-agents.js';
import { type BundleCache, bundleAgentRef } from '../assets/bundle-cache.js';
import type { AgentRef } from '../inference/turn-request.js';
import { AGENT_BUNDLE_BYTES_MAX, NODE_ASSET_FETCH_TIMEOUT_MS } from '../limits.js';

const ASSET_ID_PATTERN = /^sha256:[0-9a-f]{64}$/;

export interface AgentResolverOptions {
  readonly coordinatorUrl: string;
  readonly bundles: BundleCache;
  readonly logger: Logger;
  readonly emulation?: LatencyEmulation;
}

export class AgentResolver {
  /** Bundles installed and verified in this process, by asset id. */
  private readonly installed = new Map<string, AgentRef>();
  /** Resolutions in progress, so concurrent attaches fetch a bundle once. */
  private readonly pending = new Map<string, Promise<WireResult<AgentRef>>>();

  constructor(private readonly options: AgentResolverOptions) {}

  /** Whether a ticket for `reference` could be served here (a bundle may still fail to load). */
  isKnown(reference: string): boolean {
    return BUILTIN_AGENTS.has(reference) || ASSET_ID_PATTERN.test(reference);
  }

  /** Built-in names and installed bundle ids, for registration and heartbeats. */
  warm(): string[] {
    return [...BUILTIN_AGENTS.keys(), ...this.installed.keys()].slice(
      0,
      wireLimits.WARM_AGENTS_MAX,
    );
  }

  async resolve(reference: string): Promise<WireResult<AgentRef>> {
    if (BUILTIN_AGENTS.has(reference))
      return { ok: true, value: { kind: 'builtin', name: reference } };
    if (!ASSET_ID_PATTERN.test(reference)) {
      return wireFail('agent_unknown', `no built-in agent ${reference}, and not an asset id`);
    }
    const known = this.installed.get(reference);
    if (known !== undefined) return { ok: true, value: known };
    let running = this.pending.get(reference);
    if (running === undefined) {
      running = this.install(reference).finally(() => this.pending.delete(reference));
      this.pending.set(reference, running);
    }
    return running;
  }

  private async install(assetId: string): Promise<WireResult<AgentRef>> {
    const resolved = await this.options.bundles.resolve(assetId, (id) => this.fetchAsset(id));
    if (!resolved.ok) {
      this.options.logger.warn({ assetId, code: resolved.error.code }, resolved.error.message);
      return wireFail('agent_load_failed', `${resolved.error.code}: ${resolved.error.message}`);
    }
    const agent = bundleAgentRef(resolved.value);
    if (this.installed.size < wireLimits.WARM_AGENTS_MAX) this.installed.set(assetId, agent);
    return { ok: true, value: agent };
  }

  /**
   * `GET {coordinator}/v1/assets/{id}`, bounded in time and size; throws on failure (the bundle
   * cache turns that into asset_fetch_failed). Hash and signature are checked by the cache.
   */
  private async fetchAsset(assetId: string): Promise<Uint8Array> {
    const base = this.options.coordinatorUrl.replace(/\/+$/, '');
    const url = `${base}${COORDINATOR_PATHS.asset.replace(':id', encodeURIComponent(assetId))}`;
    const response = await fetch(url, {
      headers: cityHeaders(this.options.emulation),
      signal: AbortSignal.timeout(NODE_ASSET_FETCH_TIMEOUT_MS),
    });
    const bytes = await readBounded(response, AGENT_BUNDLE_BYTES_MAX);
    await sleepMs(inboundDelayMs(this.options.emulation, cityOf(response.headers)));
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (bytes === undefined) {
      throw new Error(`an agent bundle is at most ${AGENT_BUNDLE_BYTES_MAX} bytes`);
    }
    return bytes;
  }
}

/** The body, or undefined once it passes `bytesMax` (the rest is not read). */
async function readBounded(response: Response, bytesMax: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > bytesMax) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}
