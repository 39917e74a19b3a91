/**
 * Which coordinator the node is attached to (docs/spec/mmp-switching.md): the I/O shell around
 * mesh's seed ranking and switching chooser. It probes every seed (GET /healthz, with the
 * devnet's emulated latency) at a bounded rate, caches what it measured in the data folder,
 * attaches first to the nearest, moves to a clearly and consistently closer one (hysteresis in
 * the chooser), and, when the current coordinator's link stays down longer than the loss grace,
 * re-attaches to the nearest other seed. Moving is the caller's (`moveTo`): start-node.ts opens
 * the new link, registers, reports running sessions, then closes the old one.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attachedTo,
  closeRound,
  forgetCoordinator,
  initialSwitchState,
  medianRttMs,
  rankSeeds,
  readSeedCache,
  recordProbe,
  recordSample,
  type SeedEntry,
  SWITCH_SAMPLES_MIN,
  type SwitchConfig,
  type SwitchState,
} from '@mycel/mesh';
import {
  COORDINATOR_PATHS,
  cityHeaders,
  cityOf,
  inboundDelayMs,
  type LatencyEmulation,
  sleepMs,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { SEED_CACHE_BYTES_MAX, SEED_CACHE_FILE, SEED_PROBE_TIMEOUT_MS } from '../limits.js';

export type MoveReason = 'closer' | 'lost';

export interface CoordinatorChoiceOptions {
  /** The seed list, checked (mesh checkSeedList); the first is the fallback when none answers. */
  readonly seeds: readonly string[];
  readonly dataDir: string;
  readonly probeIntervalMs: number;
  readonly lossGraceMs: number;
  readonly switching: SwitchConfig;
  readonly emulation?: LatencyEmulation;
  readonly logger: Logger;
  /** Whether the link to the current coordinator is registered right now. */
  linkRegistered(): boolean;
  /** Move the node to `url` (start-node.ts). */
  moveTo(url: string, reason: MoveReason): void;
}

export class CoordinatorChoice {
  private chooser: SwitchState;
  private cache: SeedEntry[];
  private currentUrl: string;
  private unregisteredSinceMs: number | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private lossTimer: NodeJS.Timeout | undefined;
  /** A probe round is running (rounds do not overlap; a slow seed delays the next). */
  private inRound = false;
  /** A loss check is running (it may probe, independently of the rounds). */
  private inLossCheck = false;
  private moves = 0;
  /** After stop(), a round or check still in flight makes no move. */
  private stopped = false;
  private lastMove: { to: string; reason: MoveReason; atMs: number } | undefined;

  constructor(private readonly options: CoordinatorChoiceOptions) {
    this.chooser = initialSwitchState(options.switching);
    this.cache = readCache(options.dataDir, options.logger);
    this.currentUrl = options.seeds[0]!;
  }

  /** The coordinator the node is attached to (or trying to attach to). */
  get current(): string {
    return this.currentUrl;
  }

  /** The last move: where to, why and when. */
  get lastMoveMade(): { to: string; reason: MoveReason; atMs: number } | undefined {
    return this.lastMove;
  }

  /** Moves made since the node started (switches and re-attaches). */
  get moveCount(): number {
    return this.moves;
  }

  /**
   * The coordinator to attach to first: the nearest by the cache, after probing the seeds the
   * cache has no fresh answer for (a single seed is not probed).
   */
  async initial(): Promise<string> {
    const { seeds } = this.options;
    if (seeds.length > 1) {
      const ranking = rankSeeds(seeds, this.cache, Date.now());
      // A single probe of a cold process is noisy: the cache keeps the median of a few.
      for (let round = 0; round < SWITCH_SAMPLES_MIN && ranking.toProbe.length > 0; round++) {
        await this.probeAll(ranking.toProbe);
      }
      const nowMs = Date.now();
      for (const url of ranking.toProbe) {
        const medianMs = medianRttMs(this.chooser, url);
        if (medianMs !== undefined) this.cache = recordProbe(this.cache, url, medianMs, nowMs);
      }
      writeCache(this.options.dataDir, this.cache, this.options.logger);
    }
    const nearest = rankSeeds(seeds, this.cache, Date.now()).ranked[0] ?? seeds[0]!;
    this.currentUrl = nearest;
    this.chooser = attachedTo(this.chooser, nearest, Date.now(), false);
    return nearest;
  }

  /** Starts probing (when there is more than one seed) and watching for a lost coordinator. */
  start(): void {
    if (this.options.seeds.length < 2) return;
    this.probeTimer = setInterval(() => void this.round(), this.options.probeIntervalMs);
    const checkMs = Math.max(20, Math.floor(this.options.lossGraceMs / 5));
    this.lossTimer = setInterval(() => void this.checkLoss(), checkMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.probeTimer !== undefined) clearInterval(this.probeTimer);
    if (this.lossTimer !== undefined) clearInterval(this.lossTimer);
  }

  /** One round: probe every seed, feed the chooser, move when it says so. */
  private async round(): Promise<void> {
    if (this.inRound) return;
    this.inRound = true;
    try {
      await this.probeAll(this.options.seeds);
    } finally {
      this.inRound = false;
    }
    const closed = closeRound(this.chooser, Date.now());
    this.chooser = closed.state;
    const decision = closed.decision;
    if (decision.type !== 'switch' || decision.from !== this.currentUrl) return;
    this.options.logger.info(
      {
        from: decision.from,
        to: decision.to,
        currentMedianMs: round1(decision.currentMedianMs),
        candidateMedianMs: round1(decision.candidateMedianMs),
      },
      'switching to a clearly closer coordinator',
    );
    this.move(decision.to, 'closer', false);
  }

  /** The current coordinator has been away longer than the grace: attach to the nearest other. */
  private async checkLoss(): Promise<void> {
    if (this.inLossCheck) return;
    this.inLossCheck = true;
    try {
      await this.checkLossNow();
    } finally {
      this.inLossCheck = false;
    }
  }

  private async checkLossNow(): Promise<void> {
    const nowMs = Date.now();
    if (this.options.linkRegistered()) {
      this.unregisteredSinceMs = undefined;
      return;
    }
    this.unregisteredSinceMs ??= nowMs;
    if (nowMs - this.unregisteredSinceMs < this.options.lossGraceMs) return;
    const others = this.options.seeds.filter((seed) => seed !== this.currentUrl);
    let target = this.nearestAnswered(others, nowMs);
    if (target === undefined) {
      await this.probeAll(others);
      target = this.nearestAnswered(others, Date.now());
    }
    if (target === undefined || this.options.linkRegistered()) return;
    this.options.logger.warn(
      { lost: this.currentUrl, to: target, awayMs: Date.now() - this.unregisteredSinceMs },
      'coordinator lost; attaching to the nearest other',
    );
    this.chooser = forgetCoordinator(this.chooser, this.currentUrl);
    this.move(target, 'lost', true);
  }

  /**
   * The nearest of `urls` that answered a recent probe: within three probe intervals, or two
   * probe timeouts when rounds are slower than that.
   */
  private nearestAnswered(urls: readonly string[], nowMs: number): string | undefined {
    const freshMs = Math.max(3 * this.options.probeIntervalMs, 2 * SEED_PROBE_TIMEOUT_MS);
    const answered = new Set(
      this.cache
        .filter((entry) => entry.rttMs !== null && nowMs - entry.atMs < freshMs)
        .map((entry) => entry.url),
    );
    const ranked = rankSeeds(urls, this.cache, nowMs, freshMs).ranked;
    return ranked.find((url) => answered.has(url.replace(/\/+$/, '')));
  }

  private move(url: string, reason: MoveReason, holdDown: boolean): void {
    if (this.stopped) return;
    this.lastMove = { to: url, reason, atMs: Date.now() };
    this.currentUrl = url;
    this.unregisteredSinceMs = undefined;
    this.moves += 1;
    this.chooser = attachedTo(this.chooser, url, Date.now(), holdDown);
    this.options.moveTo(url, reason);
  }

  /** Probes the given seeds at once; answers go to the chooser and the cache (saved). */
  private async probeAll(urls: readonly string[]): Promise<void> {
    const results = await Promise.all(
      urls.map(async (url) => [url, await this.probe(url)] as const),
    );
    const nowMs = Date.now();
    for (const [url, rttMs] of results) {
      this.cache = recordProbe(this.cache, url, rttMs, nowMs);
      if (rttMs === null) {
        this.chooser = forgetCoordinator(this.chooser, url);
        continue;
      }
      const next = recordSample(this.chooser, url, rttMs);
      if (next.ok) this.chooser = next.value;
    }
    writeCache(this.options.dataDir, this.cache, this.options.logger);
  }

  /** One RTT to a coordinator's /healthz, or null when it does not answer in time. */
  private async probe(url: string): Promise<number | null> {
    const startedMs = performance.now();
    try {
      const response = await fetch(`${url.replace(/\/+$/, '')}${COORDINATOR_PATHS.health}`, {
        headers: cityHeaders(this.options.emulation),
        signal: AbortSignal.timeout(SEED_PROBE_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      await sleepMs(inboundDelayMs(this.options.emulation, cityOf(response.headers)));
      if (!response.ok) return null;
      return Math.max(0.01, performance.now() - startedMs);
    } catch {
      return null;
    }
  }
}

function readCache(dataDir: string, logger: Logger): SeedEntry[] {
  const path = join(dataDir, SEED_CACHE_FILE);
  try {
    if (statSync(path).size > SEED_CACHE_BYTES_MAX) throw new Error('the cache file is too large');
    const read = readSeedCache(JSON.parse(readFileSync(path, 'utf8')));
    if (read.ok) return read.value;
    logger.warn({ code: read.error.code }, `ignoring the seed cache: ${read.error.message}`);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      logger.warn({ err: error }, 'ignoring an unreadable seed cache');
    }
  }
  return [];
}

function writeCache(dataDir: string, cache: readonly SeedEntry[], logger: Logger): void {
  const path = join(dataDir, SEED_CACHE_FILE);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(cache)}\n`, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  } catch (error) {
    logger.warn({ err: error }, 'could not save the seed cache');
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
