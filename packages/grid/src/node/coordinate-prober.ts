/**
 * The node's network coordinate (@mycel/mesh CoordinateClient: Vivaldi with height, a per-peer
 * median filter and gravity; docs/spec/mmp-coordinates.md). Every PROBE_INTERVAL_MS the node
 * times `GET /v1/ping` on one peer the coordinator named, round robin, and feeds that RTT and the
 * coordinate the peer answered with to the client. The coordinator then predicts RTTs between
 * clients and nodes without anyone pinging all pairs (ARCHITECTURE §5.3).
 */
import { CoordinateClient, isCoordinate, type VivaldiCoordinate } from '@mycel/mesh';
import {
  cityHeaders,
  cityOf,
  inboundDelayMs,
  type LatencyEmulation,
  NODE_PATHS,
  type Peer,
  sleepMs,
} from '@mycel/wire';
import type { Logger } from 'pino';
import {
  NODE_COORDINATE_DIMENSIONS,
  PING_ANSWER_BYTES_MAX,
  PROBE_INTERVAL_MS,
  PROBE_TIMEOUT_MS,
} from '../limits.js';

export interface CoordinateProberOptions {
  /** This node's did: a peer list that names it is not probed there. */
  readonly self: string;
  readonly intervalMs?: number;
  readonly emulation?: LatencyEmulation;
  readonly logger: Logger;
}

export class CoordinateProber {
  private readonly client = new CoordinateClient({ dimensions: NODE_COORDINATE_DIMENSIONS });
  private peers: readonly Peer[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(private readonly options: CoordinateProberOptions) {}

  get coordinate(): VivaldiCoordinate {
    return this.client.coordinate;
  }

  /** RTT samples that moved the coordinate so far. */
  get sampleCount(): number {
    return this.client.sampleCount;
  }

  setPeers(peers: readonly Peer[]): void {
    this.peers = peers.filter((peer) => peer.did !== this.options.self);
    this.next = 0;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (!this.probing) void this.probeOnce();
    }, this.options.intervalMs ?? PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Probes the next peer; a peer that does not answer well is skipped. Never rejects. */
  async probeOnce(): Promise<void> {
    const peer = this.peers[this.next % Math.max(1, this.peers.length)];
    this.next += 1;
    if (peer === undefined) return;
    this.probing = true;
    try {
      const sample = await this.measure(peer);
      if (sample === undefined) return;
      // A refused sample (an RTT past RTT_SAMPLE_MS_MAX, say) leaves the coordinate as it was.
      const observed = this.client.observe(peer.did, sample.coordinate, sample.rttMs);
      if (!observed.ok) {
        this.options.logger.debug(
          { code: observed.error.code, peer: peer.endpoint },
          'sample refused',
        );
      }
    } catch (error) {
      this.options.logger.debug({ err: error, peer: peer.endpoint }, 'probe failed');
    } finally {
      this.probing = false;
    }
  }

  private async measure(
    peer: Peer,
  ): Promise<{ rttMs: number; coordinate: VivaldiCoordinate } | undefined> {
    const url = `${peer.endpoint.replace(/\/+$/, '')}${NODE_PATHS.ping}`;
    const startedMs = performance.now();
    const response = await fetch(url, {
      headers: cityHeaders(this.options.emulation),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const text = await response.text();
    await sleepMs(inboundDelayMs(this.options.emulation, cityOf(response.headers)));
    // A 0 ms reading is below the clock's resolution: round it up (mesh's isRttSample).
    const rttMs = Math.max(0.01, performance.now() - startedMs);
    if (!response.ok || text.length > PING_ANSWER_BYTES_MAX) return undefined;
    // The peer's answer is attacker-controlled: isCoordinate checks every number.
    const answer = JSON.parse(text) as { coordinate?: unknown };
    const coordinate = answer.coordinate;
    if (!isCoordinate(coordinate, NODE_COORDINATE_DIMENSIONS)) return undefined;
    return { rttMs, coordinate };
  }
}
