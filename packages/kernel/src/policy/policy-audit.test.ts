import { describe, expect, it } from 'vitest';
import { auditDraw, shouldAudit } from './policy-audit.js';
import { PACK } from './policy-test-support.js';

const proofIds = Array.from(
  { length: 10_000 },
  (_, n) => `sha256:${n.toString(16).padStart(64, '0')}`,
);

describe('shouldAudit', () => {
  it('draws the same for every verifier: a function of the pack id and the proof id only', () => {
    const decision = { pack: PACK.id, auditRate: 0.3 };
    const first = proofIds.slice(0, 200).map((id) => shouldAudit(decision, id));
    const again = proofIds.slice(0, 200).map((id) => shouldAudit({ ...decision }, id));
    expect(again).toEqual(first);
  });

  it('never audits at rate 0 and always at rate 1', () => {
    expect(proofIds.some((id) => shouldAudit({ pack: PACK.id, auditRate: 0 }, id))).toBe(false);
    expect(proofIds.every((id) => shouldAudit({ pack: PACK.id, auditRate: 1 }, id))).toBe(true);
  });

  it('audits close to the rate over many proofs (10 000 draws at 0.1: within 4 standard deviations)', () => {
    const audited = proofIds.filter((id) => shouldAudit({ pack: PACK.id, auditRate: 0.1 }, id));
    // Binomial(10 000, 0.1): mean 1000, standard deviation 30.
    expect(Math.abs(audited.length - 1000)).toBeLessThan(120);
  });

  it('draws afresh under another pack, so a new pack version re-samples', () => {
    const other = 'sha256:'.padEnd(71, 'f');
    const differ = proofIds
      .slice(0, 100)
      .filter((id) => auditDraw(PACK.id, id) !== auditDraw(other, id));
    expect(differ.length).toBe(100);
  });

  it('draws in [0, 1)', () => {
    for (const id of proofIds.slice(0, 1000)) {
      const draw = auditDraw(PACK.id, id);
      expect(draw >= 0 && draw < 1).toBe(true);
    }
  });
});
