/**
 * The real coordinator (packages/grid/src/coordinator) for node daemon tests, on loopback with a
 * fresh data folder and a short heartbeat. Sessions are opened through its placement; for tickets
 * it would never issue (expired, altered, another epoch) a test signs with the coordinator's own
 * key, read from its data folder like the coordinator does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Signer, signerFromPkcs8, toBase64Url } from '@mycel/kernel';
import {
  COORDINATOR_PATHS,
  issueTicket,
  type LatencyClass,
  type OpenSessionResponse,
  type SessionTicket,
} from '@mycel/wire';
import { COORDINATOR_KEY_FILE } from '../../src/coordinator/coordinator-key.js';
import {
  type CoordinatorOptions,
  type RunningCoordinator,
  startCoordinator,
} from '../../src/coordinator/coordinator-server.js';
import { spawnCoordinatorChild } from './coordinator-child.js';

export interface TicketRequest {
  readonly node: string;
  readonly client: string;
  readonly sid?: string;
  readonly epoch?: number;
  readonly agent?: string;
  readonly class?: LatencyClass;
  readonly aud?: string;
  readonly nowMs?: number;
  readonly ttlMs?: number;
}

export interface TestGrid {
  readonly url: string;
  readonly port: number;
  readonly did: string;
  readonly grid: string;
  readonly dataDir: string;
  /** The running coordinator; replaced by restart(). */
  readonly coordinator: RunningCoordinator;
  /** Opens a session through the coordinator's placement; throws when it places none. */
  open(client: Signer, agent: string, latencyClass?: LatencyClass): Promise<OpenSessionResponse>;
  /** A ticket signed with the coordinator's key, with any fields a test needs. */
  ticket(request: TicketRequest): SessionTicket;
  nodeSummary(did: string): ReturnType<RunningCoordinator['snapshot']>['nodes'][number] | undefined;
  sessionState(sid: string): string | undefined;
  /** Uploads bytes to the coordinator's asset store (agent bundles). */
  putAsset(assetId: string, bytes: Uint8Array): Promise<void>;
  /** Stops the coordinator (its links are cut) and starts it again on the same port and folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export function randomSid(): string {
  return toBase64Url(randomBytes(16));
}

export async function startTestGrid(options: Partial<CoordinatorOptions> = {}): Promise<TestGrid> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'opengrid-coordinator-'));
  const settings = { heartbeatMs: 100, ...options, dataDir };
  let coordinator = await startCoordinator(settings);
  const port = (coordinator.app.server.address() as AddressInfo).port;
  const signer = coordinatorSigner(dataDir);
  let running = true;
  return {
    get url() {
      return coordinator.url;
    },
    port,
    did: coordinator.did,
    grid: coordinator.grid,
    dataDir,
    get coordinator() {
      return coordinator;
    },
    async open(client, agent, latencyClass = 'interactive') {
      const opened = await coordinator.openSession({
        agent,
        class: latencyClass,
        client: client.key.did,
      });
      if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
      return opened.value;
    },
    ticket: (request) => {
      const ticket = issueTicket(
        {
          sid: request.sid ?? randomSid(),
          epoch: request.epoch ?? 1,
          node: request.node,
          agent: request.agent ?? 'tutor',
          class: request.class ?? 'interactive',
          client: request.client,
          aud: request.aud ?? coordinator.grid,
          nowMs: request.nowMs ?? Date.now(),
          ...(request.ttlMs === undefined ? {} : { ttlMs: request.ttlMs }),
        },
        signer,
      );
      adopt(coordinator, ticket);
      return ticket;
    },
    nodeSummary: (did) => coordinator.snapshot().nodes.find((node) => node.did === did),
    sessionState: (sid) =>
      coordinator.snapshot().sessions.find((session) => session.sid === sid)?.state,
    async putAsset(assetId, bytes) {
      const path = COORDINATOR_PATHS.asset.replace(':id', assetId);
      const response = await fetch(`${coordinator.url}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
    },
    async restart() {
      await coordinator.close();
      coordinator = await startCoordinator({ ...settings, port });
    },
    async stop() {
      running = false;
      await coordinator.close();
    },
    async close() {
      if (running) await coordinator.close();
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes the coordinator's registry agree with a ticket a test signed in its name, as if its own
 * placement had issued it: the node will checkpoint the session's turns there, and a coordinator
 * refuses checkpoints of sessions it never placed.
 */
function adopt(coordinator: RunningCoordinator, ticket: SessionTicket): void {
  const { sessions } = coordinator.core;
  const nowMs = Date.now();
  let entry = sessions.get(ticket.sid);
  if (entry === undefined) {
    const { sid, agent, client } = ticket;
    entry = sessions.begin({ sid, agent, class: ticket.class, client }, nowMs);
    entry.epoch = ticket.epoch;
    sessions.transition(sid, 'placing', nowMs);
    sessions.place(sid, ticket.node, ticket.exp + 5000, nowMs);
    return;
  }
  if (ticket.epoch <= entry.epoch || entry.state === 'closed' || entry.state === 'failed') return;
  // A newer epoch: the session moves to the ticket's node, one epoch at a time.
  if (entry.state === 'starting') sessions.transition(ticket.sid, 'active', nowMs);
  while (entry.epoch < ticket.epoch) {
    sessions.beginMove(ticket.sid, 'test_ticket', nowMs);
  }
  sessions.placeMove(entry, ticket.node);
}

function coordinatorSigner(dataDir: string): Signer {
  const signer = signerFromPkcs8(new Uint8Array(readFileSync(join(dataDir, COORDINATOR_KEY_FILE))));
  if (!signer.ok) throw new Error(`the coordinator key in ${dataDir} is unusable`);
  return signer.value;
}

/** Polls `check` until it gives a value other than undefined or false, or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

export interface CoordinatorProcess {
  readonly url: string;
  readonly port: number;
  readonly did: string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** Starts the real coordinator as a child process (node-coordinator-process.ts). */
export async function spawnCoordinator(
  dataDir: string,
  port = 0,
  heartbeatMs = 100,
): Promise<CoordinatorProcess> {
  const child = await spawnCoordinatorChild('node-coordinator-process.ts', [
    dataDir,
    String(port),
    String(heartbeatMs),
  ]);
  return { ...child, port: Number(new URL(child.url).port) };
}
