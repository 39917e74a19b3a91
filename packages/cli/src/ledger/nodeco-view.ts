/**
 * A NodeCo as `mycel nodeco` shows it: the record, its share transfers, and who holds how many
 * shares now (with each holder's percentage of the owners' pool). Whatever the source (a file, or
 * a coordinator's answer), the record and the transfers are checked with the kernel first, so
 * what is printed is what the node and the giving owners signed, not what someone claims.
 */
import {
  checkNodeCo,
  checkShareTransfers,
  formatTimestamp,
  type Holding,
  type JsonValue,
  type NodeCo,
  ownershipAt,
  type ShareTransfer,
} from '@mycel/kernel';
import { unwrap } from '../output.js';
import { textTable } from './text-table.js';

export interface NodeCoView {
  readonly record: NodeCo;
  readonly transfers: readonly ShareTransfer[];
  /** The holdings in force at `atMs`. */
  readonly holdings: readonly Holding[];
  readonly atMs: number;
}

export function checkedView(
  record: unknown,
  transfers: readonly unknown[],
  atMs: number,
): NodeCoView {
  const checked = unwrap(checkNodeCo(record as JsonValue));
  const chain = unwrap(checkShareTransfers(checked, transfers as JsonValue[]));
  return { record: checked, transfers: chain, holdings: ownershipAt(checked, chain, atMs), atMs };
}

/** `shares` of `total` as a percentage with two decimals, rounded half up, in bigint arithmetic. */
export function percentOf(shares: bigint, total: bigint): string {
  if (total === 0n) return '0.00';
  const hundredths = (shares * 20_000n + total) / (2n * total);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

function basisPoints(bps: number): string {
  return percentOf(BigInt(bps), 10_000n);
}

export function holdingsJson(view: NodeCoView) {
  const total = view.holdings.reduce((sum, holding) => sum + holding.shares, 0n);
  const payTo = new Map(view.record.owners.map((owner) => [owner.party, owner.payTo]));
  return view.holdings.map((holding) => {
    const destination = payTo.get(holding.party);
    return {
      party: holding.party,
      shares: holding.shares.toString(),
      percent: percentOf(holding.shares, total),
      ...(destination === undefined ? {} : { payTo: destination }),
    };
  });
}

export function viewJson(view: NodeCoView) {
  return { record: view.record, transfers: view.transfers, holdings: holdingsJson(view) };
}

export function viewText(view: NodeCoView): string {
  const { record } = view;
  const { policy } = record;
  const holdings = holdingsJson(view);
  const total = view.holdings.reduce((sum, holding) => sum + holding.shares, 0n);
  const lines = [
    `NodeCo ${record.id}`,
    `node        ${record.node}`,
    `federation  ${record.federation}`,
    `operator    ${record.operator}`,
    `protocol    ${record.protocol}`,
    `policy      owners ${basisPoints(policy.owners)} %, operator ${basisPoints(policy.operator)} %, protocol ${basisPoints(policy.protocol)} %`,
    `effective   ${record.effectiveAt}`,
    '',
    `owners at ${formatTimestamp(view.atMs)}: ${holdings.length}, ${total} shares`,
    textTable(
      [
        { title: 'party' },
        { title: 'shares', right: true },
        { title: '%', right: true },
        { title: 'pay to' },
      ],
      holdings.map((holding) => [
        holding.party,
        holding.shares,
        holding.percent,
        holding.payTo === undefined ? '' : `${holding.payTo.rail}:${holding.payTo.address}`,
      ]),
    ),
  ];
  if (view.transfers.length > 0) {
    lines.push(
      '',
      `share transfers: ${view.transfers.length}`,
      textTable(
        [
          { title: 'effective' },
          { title: 'from' },
          { title: 'to' },
          { title: 'shares', right: true },
        ],
        view.transfers.map((transfer) => [
          transfer.effectiveAt,
          transfer.from,
          transfer.to,
          transfer.shares,
        ]),
      ),
    );
  }
  return lines.join('\n');
}
