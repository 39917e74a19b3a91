/**
 * Published agent bundles the coordinator knows, by `name`, `name@version` and asset id. A bundle
 * uploaded to the asset plane that verifies as an agent bundle is listed here, so a session can
 * ask for `echo` and its ticket carries the bundle's asset id (nodes fetch it by hash).
 */
import { AGENT_CATALOG_ENTRIES_MAX } from '../limits.js';

export interface PublishedAgent {
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
  readonly assetId: string;
  readonly publishedAtMs: number;
}

export class AgentCatalog {
  private readonly byReference = new Map<string, PublishedAgent>();
  private readonly byAsset = new Map<string, PublishedAgent>();

  /**
   * Lists a verified bundle. `name` then means the latest one published under it. Returns false
   * when the catalog is full (the bundle stays reachable by its asset id).
   */
  add(agent: PublishedAgent): boolean {
    if (!this.byAsset.has(agent.assetId) && this.byAsset.size >= AGENT_CATALOG_ENTRIES_MAX) {
      return false;
    }
    this.byAsset.set(agent.assetId, agent);
    this.byReference.set(agent.name, agent);
    this.byReference.set(`${agent.name}@${agent.version}`, agent);
    return true;
  }

  /** The bundle a reference names: `name`, `name@version` or its asset id. */
  resolve(reference: string): PublishedAgent | undefined {
    return this.byReference.get(reference) ?? this.byAsset.get(reference);
  }

  list(): PublishedAgent[] {
    return [...this.byAsset.values()].sort((a, b) =>
      a.name === b.name ? a.publishedAtMs - b.publishedAtMs : a.name < b.name ? -1 : 1,
    );
  }
}
