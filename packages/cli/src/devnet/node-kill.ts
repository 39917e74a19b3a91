/**
 * The devnet's node failure: partway through the demo it SIGKILLs the node serving the most demo
 * sessions, as a crash would, so that the summary can show those sessions moving to other nodes
 * and going on. A SIGKILLed process's sockets close at once, so the coordinator's health probe
 * confirms the failure at the first try: nothing (heartbeats, probe timeouts) is tuned for it.
 */
import type { ChildService } from './child-service.js';

export interface KilledNode {
  readonly city: string;
  readonly did: string;
  /** Date.now() just before the SIGKILL: where the gap of every session moved off it starts. */
  readonly atMs: number;
  /** The clients whose sessions it served when it was killed. */
  readonly sessions: readonly string[];
}

/** What the choice needs of a demo client: where it is and which node serves it now. */
export interface ServedClient {
  readonly city: string;
  /** The node serving its session now; undefined when the session never opened. */
  nodeDid(): string | undefined;
}

export function isRunning(service: ChildService): boolean {
  return service.child.exitCode === null && service.child.signalCode === null;
}

/**
 * The running node serving the most of `clients`' sessions (the first listed on a tie), or
 * undefined when none serves any or it is the last node running: killing the last one would only
 * show sessions failing, not moving.
 */
export function busiestNode(
  nodes: readonly ChildService[],
  clients: readonly ServedClient[],
): ChildService | undefined {
  const running = nodes.filter(isRunning);
  if (running.length < 2) return undefined;
  let busiest: { node: ChildService; sessions: number } | undefined;
  for (const node of running) {
    const sessions = clients.filter((client) => client.nodeDid() === node.did).length;
    if (sessions > 0 && (busiest === undefined || sessions > busiest.sessions)) {
      busiest = { node, sessions };
    }
  }
  return busiest?.node;
}

/** SIGKILLs `node` (no shutdown, no goodbye to the coordinator or the clients). */
export function killNode(
  node: ChildService,
  city: string,
  clients: readonly ServedClient[],
): KilledNode {
  const sessions = clients.filter((client) => client.nodeDid() === node.did).map((c) => c.city);
  const atMs = Date.now();
  node.child.kill('SIGKILL');
  return { city, did: node.did, atMs, sessions };
}
