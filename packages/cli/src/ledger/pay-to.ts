/**
 * Where each payee wants its payouts sent: the `payTo` an owner gave in a NodeCo record
 * (ARCHITECTURE §5.5). Records are signed by their nodes and were checked when the coordinator
 * took them; when two records name different addresses for one party, the most recently saved
 * record's wins. Parties no record names (operators, the protocol, new owners by share transfer)
 * have none: their payout line leaves rail and address empty for the operator to fill in.
 */
import type { NodeCo, PayTo } from '@mycel/kernel';
import type { NodeCoStore } from '@mycel/store';

export type PayToDirectory = ReadonlyMap<string, PayTo>;

export async function payToDirectory(store: NodeCoStore): Promise<PayToDirectory> {
  const documents = [];
  for (const node of await store.nodes()) {
    const stored = await store.documents(node);
    if (stored !== undefined) documents.push(stored);
  }
  documents.sort((left, right) => left.savedAtMs - right.savedAtMs);
  const directory = new Map<string, PayTo>();
  for (const { record } of documents) {
    for (const owner of (record as unknown as NodeCo).owners ?? []) {
      if (owner.payTo !== undefined) directory.set(owner.party, owner.payTo);
    }
  }
  return directory;
}
