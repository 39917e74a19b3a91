/**
 * Which coordinator the node is attached to, and moving to another (docs/spec/mmp-switching.md):
 * the seed-list shell with this node's options, the control link's options (registration,
 * heartbeats, what the node does on each coordinator frame), and the hand-over from one link to
 * the next. Sessions keep running throughout: their clients talk to this node.
 */
import { switchConfig, type VivaldiCoordinate } from '@mycel/mesh';
import type { LatencyEmulation } from '@mycel/wire';
import {
  COORDINATOR_LOSS_GRACE_MS,
  LINK_CLOSE_NODE_MOVED,
  SEED_PROBE_INTERVAL_MS,
} from '../limits.js';
import { CoordinatorChoice } from './coordinator-choice.js';
import { CoordinatorLink, type CoordinatorLinkOptions } from './coordinator-link.js';
import { type NodeOptions, seedsOf } from './node-options.js';
import type { NodeParts } from './node-parts.js';

/** The seed list shell (coordinator-choice.ts) with this node's options. */
export function coordinatorChoice(
  parts: NodeParts,
  moveTo: (url: string) => void,
): CoordinatorChoice {
  const { options } = parts;
  const switching = switchConfig(
    options.switchHoldDownMs === undefined ? {} : { holdDownMs: options.switchHoldDownMs },
  );
  if (!switching.ok) throw new Error(`assertion failed: ${switching.error.message}`);
  return new CoordinatorChoice({
    seeds: seedsOf(options),
    dataDir: options.dataDir,
    probeIntervalMs: options.seedProbeIntervalMs ?? SEED_PROBE_INTERVAL_MS,
    lossGraceMs: options.coordinatorLossGraceMs ?? COORDINATOR_LOSS_GRACE_MS,
    switching: switching.value,
    logger: parts.logger,
    linkRegistered: () => parts.reports.link?.status().state === 'registered',
    moveTo,
    ...emulationOf(options),
  });
}

export function newLink(parts: NodeParts, url: string, coordinatorUrl: string): CoordinatorLink {
  const link: CoordinatorLink = new CoordinatorLink(
    linkOptions(parts, url, coordinatorUrl, () => promote(parts, link)),
  );
  return link;
}

/**
 * Moving to another coordinator: a link to it is opened and registers; then it becomes the link
 * (promote), the running sessions are reported on it, and the old link is closed. Sessions keep
 * running throughout: their clients talk to this node, not to the coordinator.
 */
export function moveTo(parts: NodeParts, url: string, coordinatorUrl: string): void {
  const abandoned = parts.reports.pending;
  const link = newLink(parts, url, coordinatorUrl);
  parts.reports.pending = link;
  void abandoned?.close(LINK_CLOSE_NODE_MOVED, 'node_moved');
  // A draining node says so to its new coordinator too (after every registration).
  if (parts.slots.isDraining) link.drain();
  link.start();
}

/** A link registered: it is the current one, a pending one taking over, or a retired one. */
function promote(parts: NodeParts, link: CoordinatorLink): boolean {
  const { reports } = parts;
  if (reports.link === link) return true;
  if (reports.pending !== link) {
    void link.close(LINK_CLOSE_NODE_MOVED, 'node_moved');
    return false;
  }
  const old = reports.link;
  reports.link = link;
  reports.pending = undefined;
  parts.attachedTo.url = link.coordinatorUrl;
  parts.logger.info(
    { from: old?.coordinatorUrl, to: link.coordinatorUrl },
    'attached to another coordinator',
  );
  void old?.close(LINK_CLOSE_NODE_MOVED, 'node_moved');
  return true;
}

function linkOptions(
  parts: NodeParts,
  url: string,
  coordinatorUrl: string,
  promoted: () => boolean,
): CoordinatorLinkOptions {
  const { options, trust, agents, prober, sessions } = parts;
  return {
    coordinatorUrl,
    signer: parts.signer,
    trustChallenge: (challenge) => trust.checkChallenge(challenge),
    registration: () => ({
      endpoint: url,
      label: trust.settings.label,
      attestation: 'software' as const,
      agents: agents.warm(),
      capacity: trust.settings.capacity,
      coordinate: wireCoordinate(prober.coordinate),
    }),
    heartbeat: () => {
      const workers = parts.pool.health();
      const busy = workers.filter((worker) => worker.busy > 0).length;
      return {
        free: parts.slots.freeByClass(),
        load: workers.length === 0 ? 1 : busy / workers.length,
        sessions: sessions.sessionCount,
        warm: agents.warm(),
        price: trust.settings.price,
        coordinate: wireCoordinate(prober.coordinate),
      };
    },
    onRegistered: (frame) => {
      if (!promoted()) return;
      parts.usage.priced(frame.price);
      parts.usage.relinked();
      prober.setPeers(frame.peers);
      for (const report of sessions.activeReports()) parts.reports.link?.report(report);
      sessions.relinked();
    },
    onPeers: (peers) => prober.setPeers(peers),
    onCheckpointAck: (frame) => sessions.checkpointAcked(frame),
    onSessionRefused: (frame) => sessions.sessionRefused(frame),
    onRestore: (frame) => sessions.restore(frame),
    onUsageAck: (frame) => parts.usage.acked(frame),
    logger: parts.logger,
    random: Math.random,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...emulationOf(options),
  };
}

export function emulationOf(options: NodeOptions): { emulation?: LatencyEmulation } {
  return options.emulation === undefined ? {} : { emulation: options.emulation };
}

/** The coordinate as wire frames carry it (a plain, mutable copy). */
function wireCoordinate(coordinate: VivaldiCoordinate) {
  return { vector: [...coordinate.vector], height: coordinate.height, error: coordinate.error };
}
