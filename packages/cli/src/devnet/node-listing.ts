/**
 * What the devnet (and the tools that start grids as child processes) read of a coordinator:
 * its `GET /v1/nodes`, and a bounded wait until the nodes it started are listed alive.
 */
import { COORDINATOR_PATHS } from '@mycel/wire';
import { CliError } from '../cli-error.js';

export interface NodeListing {
  readonly did: string;
  readonly label: string;
  readonly state: string;
  readonly sessions?: number;
  readonly coordinate?: { readonly error: number };
}

const POLL_INTERVAL_MS = 100;

export async function listNodes(coordinatorUrl: string): Promise<NodeListing[]> {
  const response = await fetch(new URL(COORDINATOR_PATHS.nodes, coordinatorUrl));
  if (!response.ok) {
    throw new CliError('devnet_failed', `GET /v1/nodes answered ${response.status}`);
  }
  const body = (await response.json()) as { nodes: NodeListing[] };
  return body.nodes;
}

/** Polls `check` until it holds; past `deadlineMs` it fails with devnet_failed naming `what`. */
export async function waitFor(
  what: string,
  deadlineMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new CliError('devnet_failed', `${what} timed out`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Waits until the coordinator lists every one of `dids` alive. */
export function waitForNodesAlive(
  coordinatorUrl: string,
  dids: readonly string[],
  deadlineMs: number,
): Promise<void> {
  return waitFor('node registration', deadlineMs, async () => {
    const alive = new Set(
      (await listNodes(coordinatorUrl)).filter((n) => n.state === 'alive').map((n) => n.did),
    );
    return dids.every((did) => alive.has(did));
  });
}
