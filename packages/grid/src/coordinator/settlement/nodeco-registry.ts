/**
 * The NodeCo records this coordinator settles by (ARCHITECTURE §5.5): a node's signed ownership
 * record and its chain of signed share transfers, checked by the kernel and kept in a NodeCoStore
 * (SQLite or PostgreSQL, next to the ledger). The split of a fee earned at time t follows the
 * holdings in force at t; a share transfer may not take effect before it is recorded (less the
 * clock-skew allowance), so no fee already split can be split again differently.
 */
import {
  checkNodeCo,
  checkShareTransfers,
  type Holding,
  type JsonValue,
  limits as kernelLimits,
  type NodeCo,
  nodeFeeSplits,
  ownershipAt,
  parseTimestamp,
  type ReceiptSplit,
  type ShareTransfer,
} from '@mycel/kernel';
import type { NodeCoStore } from '@mycel/store';
import { fail, ok, type SettlementResult } from './settlement-result.js';

export interface NodeShare {
  readonly splits: ReceiptSplit[];
  readonly holdings: Holding[];
}

export interface NodeCoView {
  readonly record: NodeCo;
  readonly transfers: readonly ShareTransfer[];
  /** The holdings in force at `atMs`. */
  holdings(atMs: number): Holding[];
}

export interface NodeCoRegistryOptions {
  readonly store: NodeCoStore;
  readonly federation: string;
  /** The party that receives the protocol's share in this federation. */
  readonly protocol: string;
}

/** Store refusals that are the caller's fault, with the code the API answers them with. */
const STORE_REFUSALS = new Map([
  ['nodeco_exists', 'nodeco_exists'],
  ['nodeco_unknown', 'nodeco_unknown'],
  ['nodeco_transfer_conflict', 'nodeco_transfer_conflict'],
  ['nodeco_document_too_large', 'nodeco_invalid'],
  ['nodeco_record_invalid', 'nodeco_invalid'],
  ['nodeco_transfers_too_many', 'nodeco_transfer_refused'],
] as const);

export class NodeCoRegistry {
  constructor(private readonly options: NodeCoRegistryOptions) {}

  get protocol(): string {
    return this.options.protocol;
  }

  async register(value: JsonValue, nowMs: number): Promise<SettlementResult<NodeCoView>> {
    const checked = checkNodeCo(value);
    if (!checked.ok)
      return fail('nodeco_invalid', `${checked.error.code}: ${checked.error.message}`);
    const record = checked.value;
    if (record.federation !== this.options.federation) {
      return fail(
        'nodeco_federation_mismatch',
        `the record is for ${record.federation}; this is ${this.options.federation}`,
      );
    }
    if (record.protocol !== this.options.protocol) {
      return fail(
        'nodeco_protocol_mismatch',
        `the protocol party here is ${this.options.protocol}, not ${record.protocol}`,
      );
    }
    const saved = await refusals(() =>
      this.options.store.saveRecord({
        node: record.node,
        recordId: record.id,
        record: value,
        atMs: nowMs,
      }),
    );
    if (!saved.ok) return saved;
    const view = await this.view(record.node);
    return view === undefined ? fail('nodeco_unknown', 'the record vanished') : ok(view);
  }

  async transfer(
    node: string,
    value: JsonValue,
    nowMs: number,
  ): Promise<SettlementResult<NodeCoView>> {
    const current = await this.view(node);
    if (current === undefined) return fail('nodeco_unknown', `no NodeCo record for ${node}`);
    const chain = [...current.transfers, value as unknown as ShareTransfer];
    const checked = checkShareTransfers(current.record, chain);
    if (!checked.ok) {
      return fail('nodeco_transfer_refused', `${checked.error.code}: ${checked.error.message}`);
    }
    const transfer = chain[chain.length - 1]!;
    const effectiveMs = parseTimestamp(transfer.effectiveAt)!;
    if (effectiveMs < nowMs - kernelLimits.CLOCK_SKEW_MS_MAX) {
      return fail(
        'nodeco_transfer_refused',
        `share_transfer_backdated: ${transfer.effectiveAt} is before now; fees already split keep their shares`,
      );
    }
    const appended = await refusals(() =>
      this.options.store.appendTransfer({
        node,
        id: transfer.id,
        transfer: value,
        expectedCount: current.transfers.length,
        atMs: nowMs,
      }),
    );
    if (!appended.ok) return appended;
    const view = await this.view(node);
    return view === undefined ? fail('nodeco_unknown', 'the record vanished') : ok(view);
  }

  /** The record and transfers as stored (they were checked before they were saved). */
  async view(node: string): Promise<NodeCoView | undefined> {
    const documents = await this.options.store.documents(node);
    if (documents === undefined) return undefined;
    const record = documents.record as unknown as NodeCo;
    const transfers = documents.transfers.map(
      (entry) => entry.transfer as unknown as ShareTransfer,
    );
    return { record, transfers, holdings: (atMs) => ownershipAt(record, transfers, atMs) };
  }

  /** The split of a fee `node` earned at `atMs`: its NodeCo's, or the node alone when it has none. */
  async splitAt(node: string, atMs: number): Promise<NodeShare> {
    const view = await this.view(node);
    if (view === undefined) return nodeFeeSplits(undefined, node, this.options.protocol);
    const { splits } = nodeFeeSplits(view.record, node, this.options.protocol);
    return { splits, holdings: view.holdings(atMs) };
  }
}

async function refusals<T>(write: () => Promise<T>): Promise<SettlementResult<T>> {
  try {
    return ok(await write());
  } catch (error) {
    const code = STORE_REFUSALS.get((error as { code?: string }).code as never);
    if (code === undefined) throw error;
    return fail(code, (error as Error).message);
  }
}
