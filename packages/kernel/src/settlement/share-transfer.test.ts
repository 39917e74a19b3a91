import { describe, expect, it } from 'vitest';
import {
  ASHA,
  asJson,
  atHour,
  BELA,
  CHEN,
  STRANGER,
  signedNodeCo,
  signedTransfer,
  signerNumber,
  unwrap,
} from '../../test/settlement-test-support.js';
import { sealObject, withSignature } from '../crypto/signed-object.js';
import type { Holding } from '../invariants/k7-split-amount.js';
import { SPLIT_PARTIES_MAX } from '../limits.js';
import { applyShareTransfer, buildShareTransfer, checkShareTransfer } from './share-transfer.js';
import type { ShareTransfer } from './share-transfer-schema.js';

const RECORD = signedNodeCo();
const TRANSFER = signedTransfer(RECORD, ASHA, BELA, '10', atHour(1));

function failure(value: unknown): { code: string; path?: string } | undefined {
  const checked = checkShareTransfer(asJson(value));
  return checked.ok ? undefined : { code: checked.error.code, path: checked.error.path };
}

/** TRANSFER with `change` applied, its id recomputed, signed by `signer` (Asha unless told). */
function resealed(change: Record<string, unknown>, signer = ASHA): ShareTransfer {
  const { id: _id, signatures: _signatures, ...body } = { ...TRANSFER, ...change };
  return withSignature(sealObject(body) as ShareTransfer, 'share-transfer', signer);
}

const HOLDINGS: Holding[] = [
  { party: ASHA.key.did, shares: 50n },
  { party: BELA.key.did, shares: 30n },
];

describe('buildShareTransfer and checkShareTransfer', () => {
  it('builds a transfer the giver signs and the check accepts', () => {
    expect(checkShareTransfer(asJson(TRANSFER))).toEqual({ ok: true, value: TRANSFER });
    expect(TRANSFER).toMatchObject({ v: 1, kind: 'share-transfer', nodeco: RECORD.id });
    const { id: _id, signatures: _signatures, ...fields } = TRANSFER;
    const { v: _v, kind: _kind, ...rest } = fields;
    expect(buildShareTransfer(rest).id).toBe(TRANSFER.id);
  });

  it('share_transfer_schema_invalid: missing or extra fields, numbers for shares', () => {
    const { to: _to, ...withoutTo } = TRANSFER;
    expect(failure(withoutTo)?.code).toBe('share_transfer_schema_invalid');
    expect(failure({ ...TRANSFER, note: 'gift' })?.code).toBe('share_transfer_schema_invalid');
    expect(failure({ ...TRANSFER, shares: 10 })?.code).toBe('share_transfer_schema_invalid');
    expect(failure({ ...TRANSFER, nodeco: 'not-an-id' })?.code).toBe(
      'share_transfer_schema_invalid',
    );
  });

  it('share_transfer_shares_invalid: zero, negative or fractional shares', () => {
    for (const shares of ['0', '-10', '2.5', '010', '']) {
      expect(failure(resealed({ shares }))).toEqual({
        code: 'share_transfer_shares_invalid',
        path: '/shares',
      });
    }
  });

  it('share_transfer_parties_invalid: giving shares to oneself', () => {
    expect(failure(resealed({ to: ASHA.key.did }))).toEqual({
      code: 'share_transfer_parties_invalid',
      path: '/to',
    });
  });

  it('share_transfer_id_mismatch: shares raised after signing', () => {
    expect(failure({ ...TRANSFER, shares: '50' })).toEqual({
      code: 'share_transfer_id_mismatch',
      path: '/id',
    });
  });

  it('share_transfer_signature_invalid: unsigned, or signed by the recipient or a stranger', () => {
    expect(failure({ ...TRANSFER, signatures: [] })?.code).toBe('share_transfer_signature_invalid');
    expect(failure(signedTransfer(RECORD, ASHA, BELA, '10', atHour(1), BELA))).toEqual({
      code: 'share_transfer_signature_invalid',
      path: '/signatures',
    });
    expect(failure(signedTransfer(RECORD, ASHA, BELA, '10', atHour(1), STRANGER))?.code).toBe(
      'share_transfer_signature_invalid',
    );
    const asNodeCo = withSignature({ ...TRANSFER, signatures: [] }, 'nodeco', ASHA);
    expect(failure(asNodeCo)?.code).toBe('share_transfer_signature_invalid');
  });
});

describe('applyShareTransfer', () => {
  it('moves shares and keeps party order', () => {
    const after = unwrap(
      applyShareTransfer(HOLDINGS, { from: ASHA.key.did, to: CHEN.key.did, shares: '5' }),
    );
    const expected = [
      { party: ASHA.key.did, shares: 45n },
      { party: BELA.key.did, shares: 30n },
      { party: CHEN.key.did, shares: 5n },
    ].sort((left, right) => (left.party < right.party ? -1 : 1));
    expect(after).toEqual(expected);
  });

  it('drops an owner who gives away every share, and adds to an existing holding', () => {
    const after = unwrap(
      applyShareTransfer(HOLDINGS, { from: ASHA.key.did, to: BELA.key.did, shares: '50' }),
    );
    expect(after).toEqual([{ party: BELA.key.did, shares: 80n }]);
  });

  it('share_transfer_unauthorized: the giver holds no shares at all', () => {
    const stolen = { from: STRANGER.key.did, to: STRANGER.key.did, shares: '1' };
    expect(applyShareTransfer(HOLDINGS, stolen)).toMatchObject({
      ok: false,
      error: { code: 'share_transfer_unauthorized', path: '/from' },
    });
    const zero = [{ party: STRANGER.key.did, shares: 0n }];
    expect(applyShareTransfer(zero, { ...stolen, to: ASHA.key.did })).toMatchObject({
      error: { code: 'share_transfer_unauthorized' },
    });
  });

  it('share_transfer_insufficient: the giver holds fewer shares than it gives', () => {
    const tooMany = { from: BELA.key.did, to: ASHA.key.did, shares: '31' };
    expect(applyShareTransfer(HOLDINGS, tooMany)).toMatchObject({
      ok: false,
      error: { code: 'share_transfer_insufficient', path: '/shares' },
    });
  });

  it('share_transfer_owners_too_many: a 65th owner', () => {
    const full = Array.from({ length: SPLIT_PARTIES_MAX }, (_, index) => ({
      party: signerNumber(index + 1).key.did,
      shares: 2n,
    }));
    const first = full[0]!.party;
    expect(
      applyShareTransfer(full, { from: first, to: STRANGER.key.did, shares: '1' }),
    ).toMatchObject({ ok: false, error: { code: 'share_transfer_owners_too_many' } });
    // Giving every share away keeps the count at 64.
    expect(applyShareTransfer(full, { from: first, to: STRANGER.key.did, shares: '2' }).ok).toBe(
      true,
    );
  });
});
