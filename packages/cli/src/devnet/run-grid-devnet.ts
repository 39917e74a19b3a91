/**
 * `opengrid devnet` (what `npm start` runs): one coordinator and a node process per city, each
 * playing its city in the emulated network (every message delayed by the measured one-way delay
 * between the two cities), then demo clients in other cities opening tutor and voice sessions and
 * answering turns, during which one node is SIGKILLed (unless `kill` is off) and its sessions
 * move to other nodes (demo-rounds.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencyMatrix } from '@mycel/mesh';
import { LEDGER_SQLITE_FILE } from '@mycel/store';
import { DEFAULT_MATRIX_FOLDER, loadLatencyMatrix } from '../grid/emulation-option.js';
import {
  DEVNET_COORDINATE_ERROR_SETTLED,
  DEVNET_COORDINATE_WARMUP_MS,
  DEVNET_PRICE_MINOR,
  DEVNET_PROBE_INTERVAL_MS,
  DEVNET_REGISTRATION_MS,
  DEVNET_TURNS_AFTER_KILL,
  DEVNET_TURNS_PER_CLIENT,
  DEVNET_USAGE_INTERVAL_MS,
  DEVNET_WORKERS_PER_NODE,
} from '../limits.js';
import { type ChildService, startChildService } from './child-service.js';
import { runDemoTurns } from './demo-rounds.js';
import {
  type DevnetView,
  failedClient,
  type RunningClient,
  startDevnetClient,
} from './devnet-client.js';
import { devnetFees, settleDevnetFees } from './devnet-fee-summary.js';
import { registerDevnetNodeCo } from './devnet-nodeco.js';
import {
  DEVNET_CLIENTS,
  DEVNET_COORDINATOR_CITY,
  DEVNET_NODE_CITIES,
  DEVNET_NODECO_CITY,
} from './devnet-plan.js';
import type { DevnetSummary, NodeRow } from './devnet-summary.js';
import { isRunning } from './node-kill.js';
import { listNodes, waitFor, waitForNodesAlive } from './node-listing.js';

export interface GridDevnetOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly matrixFolder?: string;
  readonly logLevel: string;
  readonly grid?: string;
  /** SIGKILL the busiest node partway through the demo (default true; `--no-kill` turns it off). */
  readonly kill?: boolean;
  /** Progress lines for people (stderr); silent when absent. */
  readonly progress?: (line: string) => void;
}

export interface RunningGridDevnet {
  readonly coordinator: ChildService;
  readonly nodes: readonly ChildService[];
  readonly clients: readonly RunningClient[];
  summary(): Promise<DevnetSummary>;
  /**
   * Closes the demo sessions, waits until their last usage is settled, and plans the payout of
   * everything earned (`--once` does this before its summary).
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits until every node reports a coordinate whose error estimate is low, or the warm-up ends. */
async function settleCoordinates(coordinatorUrl: string, nodes: number): Promise<boolean> {
  try {
    await waitFor('coordinates', DEVNET_COORDINATE_WARMUP_MS, async () => {
      const listed = await listNodes(coordinatorUrl);
      const settled = listed.filter(
        (node) =>
          node.coordinate !== undefined && node.coordinate.error < DEVNET_COORDINATE_ERROR_SETTLED,
      );
      return settled.length >= nodes;
    });
    return true;
  } catch {
    return false;
  }
}

function slug(city: string): string {
  return city.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export async function startGridDevnet(options: GridDevnetOptions): Promise<RunningGridDevnet> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const matrixFolder = options.matrixFolder ?? DEFAULT_MATRIX_FOLDER;
  const matrix: LatencyMatrix = loadLatencyMatrix(matrixFolder);
  const grid = options.grid ?? 'devnet';
  const kill = options.kill ?? true;
  const common = ['--matrix', matrixFolder, '--log-level', options.logLevel];
  const services: ChildService[] = [];
  const clients: RunningClient[] = [];
  const stop = async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await Promise.allSettled(services.filter((s) => s.name !== 'coordinator').map((s) => s.stop()));
    await Promise.allSettled(services.map((s) => s.stop()));
  };
  const logs = join(options.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  try {
    progress(`starting the coordinator in ${DEVNET_COORDINATOR_CITY} (service logs in ${logs})`);
    const coordinator = await startChildService(
      'coordinator',
      [
        'coordinator',
        'start',
        '--data',
        join(options.dataDir, 'coordinator'),
        '--grid',
        grid,
        '--label',
        DEVNET_COORDINATOR_CITY,
        '--port',
        String(options.port),
        '--city',
        DEVNET_COORDINATOR_CITY,
        '--price',
        DEVNET_PRICE_MINOR,
        ...common,
      ],
      join(logs, 'coordinator.log'),
    );
    services.push(coordinator);
    progress(
      `coordinator ${coordinator.url}; starting ${DEVNET_NODE_CITIES.length} nodes: ${DEVNET_NODE_CITIES.join(', ')}`,
    );
    const nodes = await Promise.all(
      DEVNET_NODE_CITIES.map(async (city) => {
        const node = await startChildService(
          `node ${city}`,
          [
            'node',
            'start',
            '--coordinator',
            coordinator.url,
            '--data',
            join(options.dataDir, `node-${slug(city)}`),
            '--label',
            city,
            '--city',
            city,
            '--workers',
            String(DEVNET_WORKERS_PER_NODE),
            '--probe-interval-ms',
            String(DEVNET_PROBE_INTERVAL_MS),
            '--usage-interval-ms',
            String(DEVNET_USAGE_INTERVAL_MS),
            ...common,
          ],
          join(logs, `node-${slug(city)}.log`),
        );
        services.push(node);
        return node;
      }),
    );
    await waitForNodesAlive(
      coordinator.url,
      nodes.map((node) => node.did),
      DEVNET_REGISTRATION_MS,
    );
    const communityIndex = DEVNET_NODE_CITIES.indexOf(DEVNET_NODECO_CITY);
    const nodeco = await registerDevnetNodeCo({
      coordinatorUrl: coordinator.url,
      grid,
      protocol: coordinator.did,
      nodeDid: nodes[communityIndex]!.did,
      nodeDataDir: join(options.dataDir, `node-${slug(DEVNET_NODECO_CITY)}`),
    });
    progress(
      `all ${nodes.length} nodes registered; the node in ${DEVNET_NODECO_CITY} is a NodeCo of ${nodeco.record.owners.length} owners (70 % owners, 20 % operator, 10 % protocol); waiting for network coordinates to settle`,
    );
    const settled = await settleCoordinates(coordinator.url, nodes.length);
    progress(
      settled ? 'coordinates settled' : 'coordinates still moving after the warm-up; going on',
    );
    // Promise.all keeps the order: the node at index i plays DEVNET_NODE_CITIES[i].
    const cities = new Map(nodes.map((node, index) => [node.did, DEVNET_NODE_CITIES[index]!]));
    const cityOf = (did: string) => cities.get(did) ?? did;
    progress(
      `opening ${DEVNET_CLIENTS.length} demo sessions from ${DEVNET_CLIENTS.map((c) => c.city).join(', ')}`,
    );
    let killedAtMs: number | undefined;
    const opened = await Promise.allSettled(
      DEVNET_CLIENTS.map((client) =>
        startDevnetClient(client, coordinator.url, matrix, (demo, move) => {
          const since =
            killedAtMs === undefined ? '' : `, ${move.resumedAtMs - killedAtMs} ms after the kill`;
          progress(
            `${demo.city}'s ${demo.agent} session moved from ${cityOf(move.fromNode)} to ${cityOf(move.toNode)}${since}`,
          );
        }),
      ),
    );
    opened.forEach((result, index) => {
      clients.push(
        result.status === 'fulfilled'
          ? result.value
          : failedClient(DEVNET_CLIENTS[index]!, result.reason),
      );
    });
    const open = opened.filter((result) => result.status === 'fulfilled').length;
    progress(
      `${open} of ${clients.length} sessions open; each answers ${DEVNET_TURNS_PER_CLIENT + DEVNET_TURNS_AFTER_KILL} turns${kill ? `, and after ${DEVNET_TURNS_PER_CLIENT} the busiest node is killed` : ''}`,
    );
    const killed = await runDemoTurns(clients, nodes, {
      kill,
      cityOf,
      onKill: (node) => {
        killedAtMs = node.atMs;
        progress(
          `killed the node in ${node.city} (SIGKILL, ${node.did}) mid-turn; it served ${node.sessions.length} demo sessions (${node.sessions.join(', ')})`,
        );
      },
    });
    const feeNodes = nodes.map((node) => ({ did: node.did, city: cityOf(node.did) }));
    let payout: DevnetSummary['fees']['payout'] = null;
    const settle = async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
      progress('sessions closed; waiting for their last usage to be settled');
      payout = await settleDevnetFees({
        coordinatorUrl: coordinator.url,
        nodes: feeNodes,
        ledgerPath: join(options.dataDir, 'coordinator', LEDGER_SQLITE_FILE),
        outDir: join(options.dataDir, 'payouts'),
        fromMs: started,
        record: nodeco.record,
      });
      if (payout !== null) progress(`payout planned: ${payout.csv}`);
    };
    const summary = async (): Promise<DevnetSummary> => {
      const listed = await listNodes(coordinator.url).catch(() => []);
      const rows: NodeRow[] = nodes.map((node) => {
        const entry = listed.find((n) => n.did === node.did);
        return {
          city: cityOf(node.did),
          did: node.did,
          url: node.url,
          state: entry?.state ?? 'unknown',
          sessions: entry?.sessions ?? 0,
        };
      });
      const view: DevnetView = {
        cityOf,
        // The killed one is out even before its exit event has been heard.
        liveCities: nodes
          .filter((node) => node.did !== killed?.did && isRunning(node))
          .map((node) => cityOf(node.did)),
        killed,
      };
      const sessions = clients.map((client) => client.report(view));
      return {
        grid,
        coordinator: { city: DEVNET_COORDINATOR_CITY, url: coordinator.url, did: coordinator.did },
        nodes: rows,
        killed:
          killed === undefined
            ? null
            : { city: killed.city, did: killed.did, sessions: killed.sessions },
        sessions,
        placedNearest: sessions.filter((s) => s.nearest).length,
        moved: sessions.filter((s) => s.moves.length > 0).length,
        fees: await devnetFees(coordinator.url, feeNodes, nodeco, payout),
        coordinatesSettled: settled,
        elapsedMs: Date.now() - started,
      };
    };
    return { coordinator, nodes, clients, summary, settle, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
