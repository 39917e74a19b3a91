/**
 * Structural refusals of `mip-mfg/lot-conformance@1.0.0`: each unusable input, and each gate that
 * leaves Cpk undefined, is its own test with its exact code; the original case is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { MFG_SAMPLE_SIZE_MIN } from '../../src/limits.js';
import {
  type Editable,
  editClaim,
  editEvidence,
  findLotCase,
  MEDIA,
  verifyLot,
} from './lot-fixtures.js';

const honest = findLotCase(
  'honest',
  (c) =>
    c.evidence.some((p) => p.mediaType === MEDIA.audit) &&
    (c.proof.claim.value as Editable).subgroupSize > 1,
);
const honestBytes = honest.evidence.map((piece) => [...piece.bytes].join(','));

function refusedWith(code: string, generated: ReturnType<typeof editClaim>) {
  const result = verifyLot(generated);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
  // Nothing is lost or changed: the untouched case still verifies, byte for byte the same.
  expect(honest.evidence.map((piece) => [...piece.bytes].join(','))).toEqual(honestBytes);
  expect(verifyLot(honest).ok).toBe(true);
}

describe('lot-conformance refusals', () => {
  it('refuses limits that are not LSL < nominal < USL', () => {
    refusedWith(
      'manufacturing_limits_invalid',
      editClaim(honest, (claim) => {
        claim.value.characteristic.lsl = claim.value.characteristic.usl + 1;
      }),
    );
  });

  it('refuses a window that ends before it starts', () => {
    refusedWith(
      'manufacturing_window_invalid',
      editClaim(honest, (claim) => {
        claim.window = { start: claim.window.end, end: claim.window.start };
      }),
    );
  });

  it('refuses a series of another unit', () => {
    refusedWith(
      'manufacturing_unit_mismatch',
      editEvidence(honest, MEDIA.series, (series) => {
        series.unit = 'um';
      }),
    );
  });

  it('refuses a series that is not the role JSON', () => {
    refusedWith(
      'manufacturing_series_invalid',
      editEvidence(honest, MEDIA.series, (series) => {
        series.subgroups[0].values = 'many';
      }),
    );
  });

  it('refuses a series out of time order', () => {
    refusedWith(
      'manufacturing_series_invalid',
      editEvidence(honest, MEDIA.series, (series) => {
        const first = series.subgroups[0].at;
        series.subgroups[0].at = series.subgroups[1].at;
        series.subgroups[1].at = first;
      }),
    );
  });

  it('refuses a subgroup of another size than the claim', () => {
    refusedWith(
      'manufacturing_series_invalid',
      editEvidence(honest, MEDIA.series, (series) => {
        series.subgroups[0].values.pop();
      }),
    );
  });

  it('refuses a certificate that ends before it starts', () => {
    refusedWith(
      'manufacturing_certificates_invalid',
      editEvidence(honest, MEDIA.certificates, (doc) => {
        const certificate = doc.certificates[0];
        [certificate.validFrom, certificate.validUntil] = [
          certificate.validUntil,
          certificate.validFrom,
        ];
      }),
    );
  });

  it('refuses counters of another machine', () => {
    refusedWith(
      'manufacturing_counters_invalid',
      editEvidence(honest, MEDIA.counters, (counters) => {
        counters.machine = 'did:key:z6MkOtherMachine111111111111111111111111111';
      }),
    );
  });

  it('refuses counters that run backwards', () => {
    refusedWith(
      'manufacturing_counters_invalid',
      editEvidence(honest, MEDIA.counters, (counters) => {
        counters.end.cycle = counters.start.cycle - 1;
      }),
    );
  });

  it('refuses an audit naming a measurement the series does not hold', () => {
    refusedWith(
      'manufacturing_audit_invalid',
      editEvidence(honest, MEDIA.audit, (audit) => {
        audit.remeasured[0].index = 1999;
      }),
    );
  });

  it('refuses an audit that re-measures one value twice', () => {
    refusedWith(
      'manufacturing_audit_invalid',
      editEvidence(honest, MEDIA.audit, (audit) => {
        audit.remeasured[1].index = audit.remeasured[0].index;
      }),
    );
  });

  it(`refuses fewer than ${MFG_SAMPLE_SIZE_MIN} measurements`, () => {
    refusedWith(
      'manufacturing_sample_too_small',
      editEvidence(honest, MEDIA.series, (series) => {
        series.subgroups = series.subgroups.slice(0, 2);
      }),
    );
  });

  it('refuses a series without within-subgroup variation', () => {
    refusedWith(
      'manufacturing_variation_zero',
      editEvidence(honest, MEDIA.series, (series) => {
        for (const subgroup of series.subgroups)
          subgroup.values = subgroup.values.map(() => subgroup.values[0]);
      }),
    );
  });

  it('refuses a process out of control (Western Electric rule 1)', () => {
    refusedWith(
      'manufacturing_process_out_of_control',
      editEvidence(honest, MEDIA.series, (series) => {
        const last = series.subgroups.at(-1);
        last.values = last.values.map((value: number) => value + 0.05);
      }),
    );
  });

  it('refuses a proof without machine counters (the mechanism\u2019s code)', () => {
    const result = verifyLot({
      ...honest,
      proof: {
        ...honest.proof,
        evidence: honest.proof.evidence.filter((e) => e.mediaType !== MEDIA.counters),
      },
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('evidence_role_missing');
  });
});
