/**
 * The fees part of the devnet's summary (issue 5 §9): what every node earned, as the coordinator's
 * earnings API reports it from the ledger, how the community node's fees split between its 40
 * owners, its operator and the protocol, and — once the demo's sessions have closed and their last
 * usage is settled — the payout each owner gets, planned on the coordinator's own ledger the way
 * `mycel ledger payouts plan` does.
 */
import { DEVNET_SETTLED_QUIET_MS, DEVNET_SETTLEMENT_WAIT_MS } from '../limits.js';
import { waitFor } from './node-listing.js';

export interface PartyRow {
  readonly party: string;
  readonly roles: readonly string[];
  readonly owed: string;
  readonly paid: string;
}

export interface NodeFees {
  readonly city: string;
  readonly did: string;
  readonly currency: string;
  readonly earned: string;
  readonly receipts: number;
  readonly parties: readonly PartyRow[];
}

interface EarningsAnswer {
  readonly currencies: readonly {
    readonly currency: string;
    readonly earned: string;
    readonly receipts: {
      readonly minted: number;
      readonly paid: number;
      readonly reversed: number;
    };
    readonly parties: readonly PartyRow[];
  }[];
}

/** Each node's earnings in its first currency; a node that earned nothing is left out. */
export async function fetchNodeFees(
  coordinatorUrl: string,
  nodes: readonly { readonly did: string; readonly city: string }[],
): Promise<NodeFees[]> {
  const rows: NodeFees[] = [];
  for (const node of nodes) {
    const response = await fetch(
      `${coordinatorUrl}/v1/nodes/${encodeURIComponent(node.did)}/earnings`,
    );
    if (response.status !== 200) continue;
    const answer = (await response.json()) as EarningsAnswer;
    const first = answer.currencies[0];
    if (first === undefined) continue;
    rows.push({
      city: node.city,
      did: node.did,
      currency: first.currency,
      earned: first.earned,
      receipts: first.receipts.minted + first.receipts.paid,
      parties: first.parties,
    });
  }
  return rows;
}

/** Waits until the number of receipts across the nodes has stopped growing (or the wait ends). */
export async function waitForFeesSettled(
  coordinatorUrl: string,
  nodes: readonly { readonly did: string; readonly city: string }[],
): Promise<NodeFees[]> {
  let last = -1;
  let changedAtMs = Date.now();
  let fees: NodeFees[] = [];
  await waitFor('fees settled', DEVNET_SETTLEMENT_WAIT_MS, async () => {
    fees = await fetchNodeFees(coordinatorUrl, nodes);
    const count = fees.reduce((sum, row) => sum + row.receipts, 0);
    if (count !== last) changedAtMs = Date.now();
    last = count;
    return count > 0 && Date.now() - changedAtMs >= DEVNET_SETTLED_QUIET_MS;
  }).catch(() => undefined);
  return fees;
}
