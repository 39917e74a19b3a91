import { describe, expect, it } from 'vitest';
import {
  ASHA,
  asJson,
  BELA,
  CHEN,
  NODE,
  nodeCoFields,
  OPERATOR,
  PROTOCOL,
  RECORD_AT,
  signedNodeCo,
  signerNumber,
  unwrap,
} from '../../test/settlement-test-support.js';
import { sealObject, withSignature } from '../crypto/signed-object.js';
import type { Signer } from '../crypto/signer.js';
import { buildRevocationList } from '../identity/revocation-list.js';
import { TrustStore } from '../identity/trust-store.js';
import { SPLIT_PARTIES_MAX } from '../limits.js';
import { buildNodeCo, checkNodeCo } from './nodeco.js';
import { DEFAULT_NODECO_POLICY, type NodeCo } from './nodeco-schema.js';

const RECORD = signedNodeCo();

/** `RECORD` with `change` applied, its id recomputed as given (owners not re-sorted), signed. */
function resealed(change: Record<string, unknown>, signer: Signer = NODE): NodeCo {
  const { id: _id, signatures: _signatures, ...body } = { ...RECORD, ...change };
  return withSignature(sealObject(body) as NodeCo, 'nodeco', signer);
}

function failure(value: unknown, trust?: TrustStore): { code: string; path?: string } | undefined {
  const checked = checkNodeCo(asJson(value), trust);
  return checked.ok ? undefined : { code: checked.error.code, path: checked.error.path };
}

describe('buildNodeCo', () => {
  it('builds a record the node signs and checkNodeCo accepts', () => {
    expect(checkNodeCo(asJson(RECORD))).toEqual({ ok: true, value: RECORD });
    expect(RECORD).toMatchObject({ v: 1, kind: 'nodeco', federation: 'devnet' });
    expect(RECORD.signatures).toHaveLength(1);
  });

  it('defaults the policy to 70/20/10 and lists owners in party order', () => {
    expect(RECORD.policy).toEqual(DEFAULT_NODECO_POLICY);
    expect(RECORD.policy).toEqual({ owners: 7000, operator: 2000, protocol: 1000 });
    const parties = RECORD.owners.map((owner) => owner.party);
    expect(parties).toEqual([...parties].sort());
    expect(new Set(parties)).toEqual(new Set([ASHA.key.did, BELA.key.did, CHEN.key.did]));
  });

  it('gives the same record the same id whatever order the owners come in', () => {
    const fields = nodeCoFields();
    const reversed = buildNodeCo({ ...fields, owners: [...fields.owners].reverse() });
    expect(reversed.id).toBe(buildNodeCo(fields).id);
    expect(buildNodeCo({ ...fields, effectiveAt: '2026-12-02T00:00:00Z' }).id).not.toBe(
      buildNodeCo(fields).id,
    );
  });

  it('leaves signatures out of the id', () => {
    expect(RECORD.id).toBe(buildNodeCo(nodeCoFields()).id);
  });

  it('accepts a single-owner node whose owner is also its operator, with no operator share', () => {
    const single = signedNodeCo({
      owners: [{ party: OPERATOR.key.did, shares: '1' }],
      policy: { owners: 9000, operator: 0, protocol: 1000 },
    });
    expect(unwrap(checkNodeCo(asJson(single))).owners).toEqual([
      { party: OPERATOR.key.did, shares: '1' },
    ]);
  });

  it('accepts owners who are the operator or the protocol party, and 64 owners', () => {
    const owners = [OPERATOR, PROTOCOL].map((owner) => ({ party: owner.key.did, shares: '5' }));
    expect(checkNodeCo(asJson(signedNodeCo({ owners }))).ok).toBe(true);
    const many = Array.from({ length: SPLIT_PARTIES_MAX }, (_, index) => ({
      party: signerNumber(index + 1).key.did,
      shares: String(index + 1),
    }));
    expect(checkNodeCo(asJson(signedNodeCo({ owners: many }))).ok).toBe(true);
  });

  it('accepts up to 18-digit share counts', () => {
    const owners = [{ party: ASHA.key.did, shares: '999999999999999999' }];
    expect(checkNodeCo(asJson(signedNodeCo({ owners }))).ok).toBe(true);
  });
});

describe('checkNodeCo: bad input', () => {
  it('nodeco_schema_invalid: a missing field, an unknown field, a bad kind or timestamp', () => {
    const { operator: _operator, ...withoutOperator } = RECORD;
    expect(failure(withoutOperator)?.code).toBe('nodeco_schema_invalid');
    expect(failure({ ...RECORD, extra: 1 })?.code).toBe('nodeco_schema_invalid');
    expect(failure({ ...RECORD, kind: 'receipt' })?.code).toBe('nodeco_schema_invalid');
    expect(failure({ ...RECORD, effectiveAt: '2026-02-30T00:00:00Z' })?.code).toBe(
      'nodeco_schema_invalid',
    );
    expect(failure({ ...RECORD, node: 'did:web:example.org' })?.code).toBe('nodeco_schema_invalid');
    expect(failure(null)?.code).toBe('nodeco_schema_invalid');
    expect(failure([RECORD])?.code).toBe('nodeco_schema_invalid');
  });

  it('nodeco_schema_invalid: fractional or negative basis points, a payout on an unknown rail', () => {
    const policy = (change: object) => ({ ...RECORD, policy: { ...RECORD.policy, ...change } });
    expect(failure(policy({ owners: 6999.5, operator: 2000.5 }))?.code).toBe(
      'nodeco_schema_invalid',
    );
    expect(failure(policy({ operator: -1000, owners: 10_000 }))?.code).toBe(
      'nodeco_schema_invalid',
    );
    expect(failure(policy({ protocol: 0, owners: 8000 }))?.code).toBe('nodeco_schema_invalid');
    const owners = [{ party: ASHA.key.did, shares: '1', payTo: { rail: 'swift', address: 'x' } }];
    expect(failure({ ...RECORD, owners })?.code).toBe('nodeco_schema_invalid');
  });

  it('nodeco_id_mismatch: a field changed after the id was computed', () => {
    const tampered = withSignature(
      { ...RECORD, federation: 'elsewhere', signatures: [] },
      'nodeco',
      NODE,
    );
    expect(failure(tampered)).toEqual({ code: 'nodeco_id_mismatch', path: '/id' });
  });

  it('nodeco_policy_invalid: basis points that do not sum to 10 000', () => {
    for (const policy of [
      { owners: 7000, operator: 2000, protocol: 500 },
      { owners: 7000, operator: 2000, protocol: 1001 },
      { owners: 10_000, operator: 0, protocol: 1 },
      { owners: 9000, operator: 10_000, protocol: 1000 },
    ]) {
      const failed = failure(resealed({ policy }));
      expect(failed).toEqual({ code: 'nodeco_policy_invalid', path: '/policy' });
    }
    const message = checkNodeCo(
      asJson(resealed({ policy: { owners: 1, operator: 1, protocol: 1 } })),
    );
    expect(message.ok ? '' : message.error.message).toBe('shares sum to 3 bps, not 10000');
  });

  it('nodeco_owners_invalid: no owners, too many, twice, out of order', () => {
    expect(failure(resealed({ owners: [] }))).toEqual({
      code: 'nodeco_owners_invalid',
      path: '/owners',
    });
    const many = Array.from({ length: SPLIT_PARTIES_MAX + 1 }, (_, index) => ({
      party: signerNumber(index + 1).key.did,
      shares: '1',
    })).sort((left, right) => (left.party < right.party ? -1 : 1));
    expect(failure(resealed({ owners: many }))?.code).toBe('nodeco_owners_invalid');
    const twice = [...RECORD.owners, RECORD.owners[2]!];
    expect(failure(resealed({ owners: twice }))).toEqual({
      code: 'nodeco_owners_invalid',
      path: '/owners/3/party',
    });
    const reversed = [...RECORD.owners].reverse();
    expect(failure(resealed({ owners: reversed }))).toEqual({
      code: 'nodeco_owners_invalid',
      path: '/owners/1/party',
    });
  });

  it('nodeco_owners_invalid: zero, negative, fractional or oddly spelled shares', () => {
    for (const shares of ['0', '-1', '-0', '1.5', '0.5', '1e3', '01', '+1', ' 1', '']) {
      const owners = [{ party: ASHA.key.did, shares }];
      expect(failure(resealed({ owners }))).toEqual({
        code: 'nodeco_owners_invalid',
        path: '/owners/0/shares',
      });
    }
    const half = '500000000000000000';
    const tooManyInAll = [
      { party: ASHA.key.did, shares: half },
      { party: BELA.key.did, shares: half },
    ].sort((left, right) => (left.party < right.party ? -1 : 1));
    expect(failure(resealed({ owners: tooManyInAll }))).toEqual({
      code: 'nodeco_owners_invalid',
      path: '/owners',
    });
    const tooLong = [{ party: ASHA.key.did, shares: '1'.repeat(19) }];
    expect(failure(resealed({ owners: tooLong }))?.code).toBe('nodeco_schema_invalid');
    const number = [{ party: ASHA.key.did, shares: 5 }];
    expect(failure(resealed({ owners: number }))?.code).toBe('nodeco_schema_invalid');
  });

  it('nodeco_parties_invalid: node, operator and protocol are not three parties', () => {
    expect(failure(resealed({ operator: NODE.key.did }))).toEqual({
      code: 'nodeco_parties_invalid',
      path: '/operator',
    });
    expect(failure(resealed({ protocol: NODE.key.did }))?.path).toBe('/protocol');
    expect(failure(resealed({ protocol: OPERATOR.key.did }))).toEqual({
      code: 'nodeco_parties_invalid',
      path: '/protocol',
    });
    const owners = [{ party: NODE.key.did, shares: '1' }];
    expect(failure(resealed({ owners }))).toEqual({
      code: 'nodeco_parties_invalid',
      path: '/owners/0/party',
    });
  });

  it('nodeco_signature_invalid: unsigned, or signed by the operator or an owner instead', () => {
    expect(failure({ ...RECORD, signatures: [] })).toEqual({
      code: 'nodeco_signature_invalid',
      path: '/signatures',
    });
    expect(failure(resealed({}, OPERATOR))?.code).toBe('nodeco_signature_invalid');
    expect(failure(resealed({}, ASHA))?.code).toBe('nodeco_signature_invalid');
    const both = withSignature(resealed({}, OPERATOR), 'nodeco', NODE);
    expect(checkNodeCo(asJson(both)).ok).toBe(true);
  });

  it('nodeco_signature_invalid: a signature made for another kind or another record', () => {
    const asReceipt = withSignature({ ...RECORD, signatures: [] }, 'receipt', NODE);
    expect(failure(asReceipt)?.code).toBe('nodeco_signature_invalid');
    const other = signedNodeCo({ federation: 'elsewhere' });
    expect(failure({ ...RECORD, signatures: other.signatures })?.code).toBe(
      'nodeco_signature_invalid',
    );
    const [entry] = RECORD.signatures;
    const flipped = {
      ...entry!,
      sig: `${entry!.sig[0] === 'A' ? 'B' : 'A'}${entry!.sig.slice(1)}`,
    };
    expect(failure({ ...RECORD, signatures: [flipped] })?.code).toBe('nodeco_signature_invalid');
  });

  it('nodeco_signature_invalid: the node had revoked its key before the record took effect', () => {
    const trust = new TrustStore();
    const list = buildRevocationList({
      issuer: NODE.key.did,
      sequence: 1,
      issuedAt: RECORD_AT,
      entries: [{ key: NODE.key.did, revokedAt: RECORD_AT, reason: 'compromised' }],
    });
    unwrap(trust.addRevocationList(asJson(withSignature(list, 'revocation-list', NODE))));
    expect(failure(RECORD, trust)?.code).toBe('nodeco_signature_invalid');
    expect(checkNodeCo(asJson(RECORD)).ok).toBe(true);
  });
});
