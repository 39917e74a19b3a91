import { describe, expect, it } from 'vitest';
import { contentId } from '../crypto/content-id.js';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { parseTimestamp } from '../time.js';
import { buildReceipt, checkReceipt, type ReceiptFields, receiptId } from './k7-receipt.js';
import type { Receipt } from './k7-receipt-schema.js';

const payer = ed25519SignerFromSeed(new Uint8Array(32).fill(1));
const nodeco = ed25519SignerFromSeed(new Uint8Array(32).fill(2));
const operator = ed25519SignerFromSeed(new Uint8Array(32).fill(3));
const protocol = ed25519SignerFromSeed(new Uint8Array(32).fill(4));
const federation = ed25519SignerFromSeed(new Uint8Array(32).fill(5));

const PROOF_1 = contentId({ proof: 1 });
const PROOF_2 = contentId({ proof: 2 });

const FIELDS: ReceiptFields = {
  federation: 'in.karnataka',
  contract: contentId({ contract: 1 }),
  proofs: [PROOF_2, PROOF_1],
  acceptedConfidence: 0.97,
  amount: { minor: '1001', currency: 'INR' },
  payer: payer.key.did,
  splits: [
    { party: nodeco.key.did, role: 'owner', bps: 7000 },
    { party: operator.key.did, role: 'operator', bps: 2000 },
    { party: protocol.key.did, role: 'protocol', bps: 1000 },
  ],
  mintedAt: '2026-11-28T07:31:53Z',
};

const RECEIPT = buildReceipt(FIELDS);

/** A copy of the receipt with one field changed, for the negative cases. */
function altered(change: Record<string, unknown>): JsonValue {
  return { ...RECEIPT, ...change } as unknown as JsonValue;
}

describe('buildReceipt', () => {
  it('builds a receipt that passes checkReceipt', () => {
    expect(checkReceipt(RECEIPT as unknown as JsonValue)).toEqual({ ok: true, value: RECEIPT });
    expect(RECEIPT).toMatchObject({ v: 1, kind: 'receipt', status: 'minted', signatures: [] });
    expect(RECEIPT.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('stores proofs and splits in plain string order', () => {
    expect(RECEIPT.proofs).toEqual([PROOF_1, PROOF_2].sort());
    const parties = RECEIPT.splits.map((split) => split.party);
    expect(parties).toEqual([...parties].sort());
  });

  it('keeps a given status', () => {
    expect(buildReceipt({ ...FIELDS, status: 'paid' }).status).toBe('paid');
  });
});

describe('receipt id is the idempotency key (ARCHITECTURE §4.2)', () => {
  it.each([
    ['mintedAt', { mintedAt: '2027-01-01T00:00:00.001Z' }],
    ['status', { status: 'reversed' as const }],
    ['acceptedConfidence', { acceptedConfidence: 0.51 }],
    ['contract', { contract: undefined }],
  ])('ignores %s: the same proofs minted again get the same id', (_, change) => {
    expect(buildReceipt({ ...FIELDS, ...change }).id).toBe(RECEIPT.id);
  });

  it('ignores the order of proofs and splits', () => {
    const reordered = {
      ...FIELDS,
      proofs: [PROOF_1, PROOF_2],
      splits: [...FIELDS.splits].reverse(),
    };
    expect(buildReceipt(reordered).id).toBe(RECEIPT.id);
  });

  it.each([
    ['federation', { federation: 'de.bavaria' }],
    ['proofs', { proofs: [PROOF_1] }],
    ['amount', { amount: { minor: '1002', currency: 'INR' } }],
    ['currency', { amount: { minor: '1001', currency: 'EUR' } }],
    ['payer', { payer: operator.key.did }],
    [
      'splits',
      {
        splits: [
          { party: nodeco.key.did, role: 'owner' as const, bps: 7500 },
          { party: operator.key.did, role: 'operator' as const, bps: 1500 },
          { party: protocol.key.did, role: 'protocol' as const, bps: 1000 },
        ],
      },
    ],
    [
      'a split role',
      {
        splits: [
          { party: nodeco.key.did, role: 'payee' as const, bps: 7000 },
          { party: operator.key.did, role: 'operator' as const, bps: 2000 },
          { party: protocol.key.did, role: 'protocol' as const, bps: 1000 },
        ],
      },
    ],
  ])('changes with %s', (_, change) => {
    expect(buildReceipt({ ...FIELDS, ...change }).id).not.toBe(RECEIPT.id);
  });

  it('is receiptId of the receipt', () => {
    expect(receiptId(RECEIPT)).toBe(RECEIPT.id);
  });
});

describe('receipt signatures', () => {
  it('verify under the receipt kind, and survive a status change', () => {
    const signed = withSignature(RECEIPT, 'receipt', federation);
    const trust = new TrustStore();
    const atMs = parseTimestamp(signed.mintedAt)!;
    const signers = trust.verifySignatures(signed.signatures, 'receipt', signed.id, atMs);
    expect(signers.ok && [...signers.value]).toEqual([federation.key.did]);
    const paid: Receipt = { ...signed, status: 'paid' };
    expect(checkReceipt(paid as unknown as JsonValue).ok).toBe(true);
    expect(trust.verifySignatures(paid.signatures, 'receipt', paid.id, atMs).ok).toBe(true);
  });

  it('do not verify as another kind of object', () => {
    const signed = withSignature(RECEIPT, 'receipt', federation);
    const atMs = parseTimestamp(signed.mintedAt)!;
    const asProof = new TrustStore().verifySignatures(signed.signatures, 'proof', signed.id, atMs);
    expect(asProof).toMatchObject({ ok: false, error: { code: 'signature_invalid' } });
  });
});

describe('checkReceipt accepts', () => {
  it.each([
    ['a zero amount', { amount: { minor: '0', currency: 'INR' } }],
    ['38 digits', { amount: { minor: '9'.repeat(38), currency: 'INR' } }],
    ['a federation token', { amount: { minor: '5', currency: 'token:in.solar/kwh-credit' } }],
    ['confidence 0', { acceptedConfidence: 0 }],
    ['confidence 1', { acceptedConfidence: 1 }],
    ['no contract', { contract: undefined }],
  ])('%s', (_, change) => {
    const receipt = buildReceipt({ ...FIELDS, ...change });
    expect(checkReceipt(JSON.parse(JSON.stringify(receipt))).ok).toBe(true);
  });
});

describe('checkReceipt rejects', () => {
  it.each([
    ['a leading zero', { amount: { minor: '01001', currency: 'INR' } }, '/amount/minor'],
    ['a negative amount', { amount: { minor: '-1', currency: 'INR' } }, '/amount/minor'],
    ['a decimal amount', { amount: { minor: '10.01', currency: 'INR' } }, '/amount/minor'],
    ['a number amount', { amount: { minor: 1001, currency: 'INR' } }, '/amount/minor'],
    ['39 digits', { amount: { minor: '9'.repeat(39), currency: 'INR' } }, '/amount/minor'],
    ['a lower-case currency', { amount: { minor: '1', currency: 'inr' } }, '/amount/currency'],
    [
      'a malformed token',
      { amount: { minor: '1', currency: 'token:in.solar' } },
      '/amount/currency',
    ],
    ['no proofs', { proofs: [] }, '/proofs'],
    ['a proof that is not a content id', { proofs: ['sha256:abc'] }, '/proofs/0'],
    ['confidence above 1', { acceptedConfidence: 1.01 }, '/acceptedConfidence'],
    ['negative confidence', { acceptedConfidence: -0.1 }, '/acceptedConfidence'],
    ['a payer that is not a did:key', { payer: 'did:web:example.com' }, '/payer'],
    ['an unknown status', { status: 'pending' }, '/status'],
    ['no splits', { splits: [] }, '/splits'],
    [
      'an unknown role',
      { splits: [{ party: nodeco.key.did, role: 'investor', bps: 10_000 }] },
      '/splits/0/role',
    ],
    ['zero bps', { splits: [{ party: nodeco.key.did, role: 'owner', bps: 0 }] }, '/splits/0/bps'],
    [
      'fractional bps',
      { splits: [{ party: nodeco.key.did, role: 'owner', bps: 9999.5 }] },
      '/splits/0/bps',
    ],
    ['a bad federation id', { federation: 'In Karnataka' }, '/federation'],
    ['an extra field', { memo: 'hello' }, '/memo'],
    ['another version', { v: 2 }, '/v'],
    ['another kind', { kind: 'proof' }, '/kind'],
    ['a local-time mintedAt', { mintedAt: '2026-11-28T07:31:53+05:30' }, '/mintedAt'],
    ['an impossible mintedAt', { mintedAt: '2026-02-30T00:00:00Z' }, '/mintedAt'],
  ])('%s', (_, change, path) => {
    expect(checkReceipt(altered(change))).toMatchObject({
      ok: false,
      error: { code: 'receipt_schema_invalid', path },
    });
  });

  it('a missing field', () => {
    const { payer: _, ...withoutPayer } = RECEIPT;
    expect(checkReceipt(withoutPayer as unknown as JsonValue)).toMatchObject({
      error: { code: 'receipt_schema_invalid' },
    });
  });

  it('a proof listed twice', () => {
    expect(checkReceipt(altered({ proofs: [PROOF_1, PROOF_2, PROOF_1] }))).toMatchObject({
      error: { code: 'receipt_proof_duplicate', path: '/proofs/2' },
    });
  });

  it('splits that do not sum to 10 000 bps', () => {
    const splits = RECEIPT.splits.map((split) => ({ ...split, bps: split.bps - 1 }));
    expect(checkReceipt(altered({ splits }))).toMatchObject({
      error: { code: 'split_bps_total_invalid', path: '/splits' },
    });
  });

  it('a party paid twice', () => {
    const splits = [
      { party: nodeco.key.did, role: 'owner', bps: 5000 },
      { party: nodeco.key.did, role: 'operator', bps: 5000 },
    ];
    expect(checkReceipt(altered({ splits }))).toMatchObject({
      error: { code: 'split_party_duplicate', path: '/splits/1/party' },
    });
  });

  it('an amount changed after the id was computed', () => {
    expect(checkReceipt(altered({ amount: { minor: '100100', currency: 'INR' } }))).toMatchObject({
      error: { code: 'receipt_id_mismatch', path: '/id' },
    });
  });

  it('an id of the whole body instead of the idempotency body', () => {
    const { id: _, signatures: __, ...body } = RECEIPT;
    expect(checkReceipt(altered({ id: contentId(body as unknown as JsonValue) }))).toMatchObject({
      error: { code: 'receipt_id_mismatch' },
    });
  });

  it('a value that is not an object', () => {
    expect(checkReceipt(null)).toMatchObject({ error: { code: 'receipt_schema_invalid' } });
    expect(checkReceipt([RECEIPT as unknown as JsonValue])).toMatchObject({
      error: { code: 'receipt_schema_invalid' },
    });
  });
});
