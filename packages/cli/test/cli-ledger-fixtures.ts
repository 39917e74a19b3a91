/**
 * A coordinator's ledger, filled the way the coordinator fills it: a node with a NodeCo record
 * (two owners, one with a payout address that needs CSV quoting), fee receipts split with the
 * kernel's nodeFeeSplits and settlementTransfers, minted through the store API into a SQLite
 * file the `mycel ledger` commands then read.
 */
import {
  accountOf,
  buildNodeCo,
  buildReceipt,
  contentId,
  ed25519SignerFromSeed,
  formatTimestamp,
  nodeFeeSplits,
  ownershipAt,
  RAIL_PARTY,
  type Receipt,
  type Signer,
  settlementTransfers,
  type Transfer,
  withSignature,
} from '@mycel/kernel';
import { openLedgerStore, openNodeCoStore } from '@mycel/store';

function signerOf(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

export const COORDINATOR = signerOf(90);
export const PARTY = {
  payer: signerOf(91).key.did,
  node: signerOf(92).key.did,
  operator: signerOf(93).key.did,
  protocol: signerOf(94).key.did,
  ownerA: signerOf(95).key.did,
  ownerB: signerOf(96).key.did,
} as const;

/** An address with a comma and quotes: its CSV field must be quoted, the quotes doubled. */
export const OWNER_A_ADDRESS = 'a,"b"@okbank';
export const WINDOW_FROM_MS = Date.parse('2026-03-01T00:00:00Z');
export const HOUR_MS = 3_600_000;
export const WINDOW_TO_MS = WINDOW_FROM_MS + 24 * HOUR_MS;

export const RECORD = withSignature(
  buildNodeCo({
    federation: 'testgrid',
    node: PARTY.node,
    operator: PARTY.operator,
    protocol: PARTY.protocol,
    owners: [
      { party: PARTY.ownerA, shares: '3', payTo: { rail: 'upi', address: OWNER_A_ADDRESS } },
      { party: PARTY.ownerB, shares: '1' },
    ],
    effectiveAt: formatTimestamp(WINDOW_FROM_MS - HOUR_MS),
  }),
  'nodeco',
  signerOf(92),
);

export interface MintedFee {
  readonly receipt: Receipt;
  readonly transfers: Transfer[];
  readonly atMs: number;
}

function fee(label: string, minor: number, currency: string, atMs: number): MintedFee {
  const { splits } = nodeFeeSplits(RECORD, PARTY.node, PARTY.protocol);
  const receipt = withSignature(
    buildReceipt({
      federation: 'testgrid',
      proofs: [contentId({ usage: label })],
      acceptedConfidence: 1,
      amount: { minor: String(minor), currency },
      payer: PARTY.payer,
      splits,
      mintedAt: formatTimestamp(atMs),
    }),
    'receipt',
    COORDINATOR,
  );
  const transfers = settlementTransfers(receipt, ownershipAt(RECORD, [], atMs));
  if (!transfers.ok) throw new Error(transfers.error.code);
  return { receipt, transfers: transfers.value, atMs };
}

/** Three INR fees in the window, one after it, one in EUR inside it. */
export const FEES = {
  first: fee('first', 1000, 'INR', WINDOW_FROM_MS + HOUR_MS),
  second: fee('second', 555, 'INR', WINDOW_FROM_MS + 2 * HOUR_MS),
  third: fee('third', 77, 'INR', WINDOW_FROM_MS + 3 * HOUR_MS),
  later: fee('later', 300, 'INR', WINDOW_TO_MS + HOUR_MS),
  euro: fee('euro', 700, 'EUR', WINDOW_FROM_MS + HOUR_MS),
} as const;

export const WINDOW_FEES = [FEES.first, FEES.second, FEES.third];

/** Each credited account's parts in `fees`. */
export function partsOf(fees: readonly MintedFee[]): Map<string, bigint> {
  const parts = new Map<string, bigint>();
  for (const { transfers } of fees) {
    for (const transfer of transfers) {
      parts.set(transfer.credit, (parts.get(transfer.credit) ?? 0n) + transfer.amount);
    }
  }
  return parts;
}

/** Opens the accounts as the coordinator does (all with credit), stores the record, mints. */
export async function fillLedger(path: string): Promise<void> {
  const ledger = await openLedgerStore({ sqlitePath: path });
  try {
    for (const currency of ['INR', 'EUR']) {
      for (const party of [...Object.values(PARTY), RAIL_PARTY]) {
        if (party === PARTY.node) continue;
        await ledger.openAccount({ id: accountOf(party, currency), currency, allowCredit: true });
      }
    }
    for (const { receipt, transfers, atMs } of Object.values(FEES)) {
      await ledger.mint(receipt, transfers, { atMs, subject: PARTY.node });
    }
  } finally {
    await ledger.close();
  }
  const nodecos = await openNodeCoStore({ sqlitePath: path });
  try {
    await nodecos.saveRecord({
      node: PARTY.node,
      recordId: RECORD.id,
      record: RECORD,
      atMs: WINDOW_FROM_MS,
    });
  } finally {
    await nodecos.close();
  }
}
