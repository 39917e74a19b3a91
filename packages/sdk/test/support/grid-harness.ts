/**
 * A real grid on loopback for the SDK's tests: a coordinator and a node in this process (or a
 * node in a child process, to be killed with SIGKILL). Fresh data folders under the system
 * temporary directory; stop() closes everything and removes them.
 *
 * The SDK may not depend on @mycel/grid (ARCHITECTURE §3): only its tests reach it, by path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClassCapacity } from '@mycel/wire';
import { startCoordinator, startNode } from '../../../grid/src/index.js';
import { OpenGridError } from '../../src/errors.js';
import { openSession } from '../../src/open-session.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NODE_PROCESS = fileURLToPath(new URL('./node-process.ts', import.meta.url));
/** A child node that has not printed its address by then is hung, not slow. */
const CHILD_READY_MS = 30_000;
/** How long the grid may take to accept its first session (registration, first heartbeat). */
const PLACEABLE_MS = 20_000;

export const FULL_CAPACITY: ClassCapacity = { robot: 4, voice: 4, interactive: 4, batch: 4 };

export interface Grid {
  readonly coordinatorUrl: string;
  stop(): Promise<void>;
}

function folder(label: string): string {
  return mkdtempSync(join(tmpdir(), `opengrid-sdk-${label}-`));
}

/** A coordinator, and a node in this process unless `inProcessNode` is false. */
export async function startGrid(
  options: { capacity?: ClassCapacity; inProcessNode?: boolean } = {},
): Promise<Grid> {
  const folders = [folder('coordinator')];
  const coordinator = await startCoordinator({
    dataDir: folders[0]!,
    heartbeatMs: 100,
    logger: false,
  });
  const stops: (() => Promise<void>)[] = [() => coordinator.close()];
  if (options.inProcessNode !== false) {
    folders.push(folder('node'));
    const node = await startNode({
      dataDir: folders[1]!,
      coordinatorUrl: coordinator.url,
      capacity: options.capacity ?? FULL_CAPACITY,
      workers: 1,
      heartbeatMs: 100,
      logger: false,
    });
    stops.unshift(() => node.close());
  }
  return {
    coordinatorUrl: coordinator.url,
    async stop() {
      for (const stop of stops) await stop();
      for (const path of folders) rmSync(path, { recursive: true, force: true });
    },
  };
}

export interface ChildNode {
  readonly url: string;
  readonly did: string;
  /** SIGKILL to the node and its inference workers (its process group). */
  kill(): void;
  /** Resolves when the child has exited. */
  readonly exited: Promise<void>;
  removeData(): void;
}

export async function spawnNode(
  coordinatorUrl: string,
  capacity: ClassCapacity,
): Promise<ChildNode> {
  const dataDir = folder('child-node');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', NODE_PROCESS, coordinatorUrl, dataDir, JSON.stringify(capacity)],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGKILL');
    }
  };
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(kill, CHILD_READY_MS);
  try {
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      void exited.then(() => reject(new Error(`the node process exited: ${stderr}`)));
    });
    const { url, did } = JSON.parse(first) as { url: string; did: string };
    return {
      url,
      did,
      kill,
      exited,
      removeData: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  } catch (error) {
    kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until the grid places a session of `agent`. Until the node has registered, the agent is
 * unknown to the coordinator; until its first heartbeat, no node has room.
 */
export async function waitUntilPlaceable(coordinator: string, agent = 'tutor'): Promise<void> {
  const deadline = performance.now() + PLACEABLE_MS;
  for (;;) {
    try {
      const session = await openSession({ coordinator, agent, probeLandmarks: false });
      await session.close();
      return;
    } catch (error) {
      const waiting =
        error instanceof OpenGridError &&
        ['agent_unknown', 'route_no_candidates', 'route_pushback'].includes(error.code);
      if (!waiting || performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
