/**
 * The devnet summary's `fees`: every node's earnings, the community node's split (owners, operator,
 * protocol, and each owner's part), and after `settle` the planned payout, written as JSON and CSV
 * next to the service logs. Reads the coordinator's API for earnings and its ledger file for the
 * payout, as an operator would with `mycel ledger payouts plan`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeCo } from '@mycel/kernel';
import { openLedgerStore } from '@mycel/store';
import { payoutCsv, payoutJson } from '../ledger/payout-format.js';
import { fetchNodeFees, type NodeFees, waitForFeesSettled } from './devnet-fees.js';
import type { DevnetNodeCo } from './devnet-nodeco.js';

export interface OwnerPart {
  readonly party: string;
  readonly shares: string;
  readonly owed: string;
  readonly payout: string | null;
}

export interface DevnetPayout {
  readonly id: string;
  readonly json: string;
  readonly csv: string;
  readonly instructions: number;
  readonly total: string;
  readonly byPayee: Readonly<Record<string, string>>;
}

export interface DevnetFees {
  readonly nodes: readonly {
    city: string;
    did: string;
    currency: string;
    earned: string;
    receipts: number;
  }[];
  readonly community: {
    readonly city: string;
    readonly did: string;
    readonly earned: string;
    readonly owners: string;
    readonly operator: string;
    readonly protocol: string;
    readonly ownerParts: readonly OwnerPart[];
  } | null;
  readonly payout: DevnetPayout | null;
}

type FeeNode = { readonly did: string; readonly city: string };

export async function devnetFees(
  coordinatorUrl: string,
  nodes: readonly FeeNode[],
  nodeco: DevnetNodeCo,
  payout: DevnetPayout | null,
): Promise<DevnetFees> {
  const fees = await fetchNodeFees(coordinatorUrl, nodes).catch(() => [] as NodeFees[]);
  const community = fees.find((row) => row.did === nodeco.node);
  return {
    nodes: fees.map(({ city, did, currency, earned, receipts }) => ({
      city,
      did,
      currency,
      earned,
      receipts,
    })),
    community: community === undefined ? null : split(community, nodeco.record, payout),
    payout,
  };
}

function split(row: NodeFees, record: NodeCo, payout: DevnetPayout | null) {
  const total = (party: string) => {
    const entry = row.parties.find((p) => p.party === party);
    return entry === undefined ? 0n : BigInt(entry.owed) + BigInt(entry.paid);
  };
  const ownerParts = record.owners.map((owner) => ({
    party: owner.party,
    shares: owner.shares,
    owed: total(owner.party).toString(),
    payout: payout?.byPayee[owner.party] ?? null,
  }));
  return {
    city: row.city,
    did: row.did,
    earned: row.earned,
    owners: ownerParts.reduce((sum, part) => sum + BigInt(part.owed), 0n).toString(),
    operator: total(record.operator).toString(),
    protocol: total(record.protocol).toString(),
    ownerParts,
  };
}

/** After the sessions closed: wait for their receipts, then plan the payout of the whole run. */
export async function settleDevnetFees(options: {
  readonly coordinatorUrl: string;
  readonly nodes: readonly FeeNode[];
  readonly ledgerPath: string;
  readonly outDir: string;
  readonly fromMs: number;
  /** The community node's record: its owners' payTo fills the CSV's rail and address. */
  readonly record: NodeCo;
}): Promise<DevnetPayout | null> {
  const fees = await waitForFeesSettled(options.coordinatorUrl, options.nodes);
  const currency = fees[0]?.currency;
  if (currency === undefined) return null;
  const ledger = await openLedgerStore({ sqlitePath: options.ledgerPath });
  try {
    const plan = await ledger.planPayout({
      currency,
      fromMs: options.fromMs,
      toMs: Date.now() + 1,
    });
    mkdirSync(options.outDir, { recursive: true });
    const json = join(options.outDir, `payout-${plan.id.slice(-12)}.json`);
    const csv = join(options.outDir, `payout-${plan.id.slice(-12)}.csv`);
    const payTo = new Map(
      options.record.owners.flatMap((owner) =>
        owner.payTo === undefined ? [] : [[owner.party, owner.payTo] as const],
      ),
    );
    writeFileSync(json, `${JSON.stringify(payoutJson(plan, payTo), null, 2)}\n`);
    writeFileSync(csv, payoutCsv(plan, payTo));
    return {
      id: plan.id,
      json,
      csv,
      instructions: plan.instructions.length,
      total: plan.instructions.reduce((sum, i) => sum + i.amount, 0n).toString(),
      byPayee: Object.fromEntries(plan.instructions.map((i) => [i.payee, i.amount.toString()])),
    };
  } finally {
    await ledger.close();
  }
}

/** Short form of a DID for tables: its last characters are what differ. */
function shortDid(did: string): string {
  return `…${did.slice(-8)}`;
}

/** Minor units as major: 12345 paise → "123.45" (the currencies here have two decimals). */
function major(minor: string): string {
  const padded = minor.padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

export function formatFees(fees: DevnetFees): string[] {
  if (fees.nodes.length === 0)
    return ['fees: nothing settled yet (usage is proved every few seconds)'];
  const currency = fees.nodes[0]!.currency;
  const total = fees.nodes.reduce((sum, node) => sum + BigInt(node.earned), 0n);
  const receipts = fees.nodes.reduce((sum, node) => sum + node.receipts, 0);
  const lines = [
    `fees: ${currency} ${major(total.toString())} earned in ${receipts} receipts: ${fees.nodes.map((n) => `${n.city} ${major(n.earned)}`).join(', ')}`,
  ];
  const community = fees.community;
  if (community !== null) {
    lines.push(
      `${community.city} is a NodeCo of ${community.ownerParts.length} owners: ${currency} ${major(community.earned)} → owners ${major(community.owners)} (70 %), operator ${major(community.operator)} (20 %), protocol ${major(community.protocol)} (10 %)`,
      `owners (shares: earned${fees.payout === null ? '' : ' / payout'}):`,
    );
    const cells = community.ownerParts.map(
      (part) =>
        `${shortDid(part.party)} ${part.shares}: ${major(part.owed)}${part.payout === null ? '' : ` / ${major(part.payout)}`}`,
    );
    for (let index = 0; index < cells.length; index += 4) {
      lines.push(
        `  ${cells
          .slice(index, index + 4)
          .map((cell) => cell.padEnd(30))
          .join('')}`.trimEnd(),
      );
    }
  }
  if (fees.payout !== null) {
    lines.push(
      `payout ${fees.payout.id}: ${fees.payout.instructions} instructions, ${currency} ${major(fees.payout.total)}; ${fees.payout.csv}`,
    );
  }
  return lines;
}
