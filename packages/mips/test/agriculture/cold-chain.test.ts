/** mip-agr/cold-chain-custody@1.0.0: honest shipments pass, each cheating model is caught, refusals are coded. */
import { describe, expect, it } from 'vitest';
import {
  COLD_CHAIN_EVENTS_MEDIA,
  COLD_CHAIN_LOGGER_MEDIA,
  COLD_CHAIN_PROBE_METADATA,
  checkColdChainClaim,
  coldChainCase,
  meanKineticTemperature,
  coldChainCustodyMip as mip,
} from '../../src/index.js';
import { codeOf, type Doc, docsOf, edited, resultOf } from './agriculture-fixtures.js';

const honest = coldChainCase('honest', 11);
const check = (result: ReturnType<typeof resultOf>, name: string) =>
  result.checks.find((c) => c.name === name)!;
const events = (docs: Map<string, Doc>) => docs.get(COLD_CHAIN_EVENTS_MEDIA).epcisBody.eventList;

/** A refusal leaves the case it was given as it was. */
function refusedUnchanged(generated: ReturnType<typeof coldChainCase>): string {
  const before = structuredClone({ proof: generated.proof, docs: [...docsOf(generated)] });
  const code = codeOf(mip, generated);
  expect({ proof: generated.proof, docs: [...docsOf(generated)] }).toEqual(before);
  return code;
}

describe('cold-chain honest shipments', () => {
  it.each([11, 31, 32, 33])('seed %i passes with p above 0.9', (seed) => {
    const result = resultOf(mip, coldChainCase('honest', seed));
    expect(result.verdict).toBe('pass');
    expect(result.p).toBeGreaterThan(0.9);
    expect(result.method).toBe('mip-agr/cold-chain-custody@1.0.0#mixture-v1');
  });

  it('every check says what it measured and how it moved p', () => {
    const result = resultOf(mip, honest);
    expect(result.checks.map((c) => c.name)).toEqual([
      'custody-chain-unbroken',
      'readings-match-logger-and-window',
      'longest-unobserved-gap',
      'extreme-readings-in-range',
      'dock-probe-corroborates-logger',
      'max-reading-within-high',
      'min-reading-within-low',
      'mean-kinetic-temperature-in-range',
    ]);
    for (const c of result.checks) {
      expect(c.note.length).toBeGreaterThan(10);
      expect(typeof c.measured).toBe('object');
      expect(Number.isFinite(c.logLikelihoodRatio)).toBe(true);
    }
    expect(check(result, 'custody-chain-unbroken').logLikelihoodRatio).toBeGreaterThan(0);
  });

  it('mean kinetic temperature follows USP <1079>', () => {
    expect(meanKineticTemperature([5, 5, 5])).toBeCloseTo(5, 10);
    // ΔH/R = 10 000 K: −ln((e^(−10000/275.15) + e^(−10000/281.15)) / 2) = 35.8826, so
    // MKT = 10000 / 35.8826 − 273.15 = 5.536 °C, above the arithmetic mean of 5 °C.
    expect(meanKineticTemperature([2, 8])).toBeCloseTo(5.536, 3);
  });
});

describe('cold-chain cheating models', () => {
  it('excursion-gap: deleted readings leave a gap that fails the claim', () => {
    const result = resultOf(mip, coldChainCase('excursion-gap', 12));
    expect(result.verdict).toBe('fail');
    expect(result.p).toBeLessThan(0.1);
    const gap = check(result, 'longest-unobserved-gap').measured as Doc;
    expect(gap.missedReadings).toBeGreaterThanOrEqual(5);
  });

  it('replayed-readings: readings of another logger fail', () => {
    const replay = edited(honest, (docs) => {
      docs.get(COLD_CHAIN_LOGGER_MEDIA).loggerId = 'logger-000001';
    });
    const result = resultOf(mip, replay);
    expect(result.p).toBeLessThan(0.1);
    expect((check(result, 'readings-match-logger-and-window').measured as Doc).fault).toMatch(
      /a reading from device/,
    );
  });

  it('replayed-readings: readings from outside the window fail', () => {
    const replay = edited(honest, (docs) => {
      const first = events(docs).find((e: Doc) => e.sensorElementList)!;
      first.sensorElementList[0].sensorReport[0].time = '2020-01-01T00:00:00Z';
    });
    const result = resultOf(mip, replay);
    expect(result.p).toBeLessThan(0.1);
    expect((check(result, 'readings-match-logger-and-window').measured as Doc).fault).toBe(
      'readings outside the window',
    );
  });

  it('broken-custody: an unrecorded hand-off fails', () => {
    const result = resultOf(mip, coldChainCase('broken-custody', 14));
    expect(result.p).toBeLessThan(0.1);
    expect((check(result, 'custody-chain-unbroken').measured as Doc).break).not.toBeNull();
  });

  it('broken-custody: a receiver other than the next shipper fails', () => {
    const swapped = edited(honest, (_docs, claim) => {
      claim.value.custodians[claim.value.custodians.length - 1] = claim.value.custodians[0];
    });
    const result = resultOf(mip, swapped);
    expect(result.p).toBeLessThan(0.1);
  });

  it('offset-down: the dock probes disagree with the shifted logger', () => {
    const result = resultOf(mip, coldChainCase('offset-down', 15));
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'dock-probe-corroborates-logger').logLikelihoodRatio).toBeLessThan(-2);
  });

  it('offset-down: without the dock probes a constant offset inside the range is not detected', () => {
    const unprobed = edited(coldChainCase('offset-down', 15), (docs) => {
      for (const event of events(docs)) {
        event.sensorElementList = event.sensorElementList?.filter(
          (e: Doc) => e.sensorMetadata.deviceMetadata !== COLD_CHAIN_PROBE_METADATA,
        );
      }
    });
    expect(resultOf(mip, unprobed).p).toBeGreaterThan(0.5);
  });

  it('readings below the range by far more than the logger accuracy fail', () => {
    const cold = edited(honest, (docs) => {
      const first = events(docs).find((e: Doc) => e.sensorElementList)!;
      first.sensorElementList[0].sensorReport[3].value = -5;
    });
    const result = resultOf(mip, cold);
    expect(result.p).toBeLessThan(0.1);
    expect(check(result, 'min-reading-within-low').violated).toBe(true);
  });
});

describe('cold-chain refusals', () => {
  it('agriculture_evidence_invalid: a logger document without its accuracy', () => {
    const bad = edited(honest, (docs) => {
      delete docs.get(COLD_CHAIN_LOGGER_MEDIA).accuracyC;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_evidence_invalid');
  });

  it('agriculture_evidence_invalid: a reading below absolute zero', () => {
    const bad = edited(honest, (docs) => {
      events(docs).find(
        (e: Doc) => e.sensorElementList,
      ).sensorElementList[0].sensorReport[0].value = -300;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_evidence_invalid');
  });

  it('agriculture_unit_unsupported: a reading in °F', () => {
    const bad = edited(honest, (docs) => {
      events(docs).find((e: Doc) => e.sensorElementList).sensorElementList[0].sensorReport[0].uom =
        'FAH';
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_unit_unsupported');
  });

  it('agriculture_window_too_long: a window over 60 days', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.window.end = '2027-12-31T00:00:00Z';
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_window_too_long');
  });

  it('agriculture_window_mismatch: a window that does not start at the first shipping', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.window.start = new Date(Date.parse(claim.window.start) + 1000).toISOString();
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_window_mismatch');
  });

  it('agriculture_shipment_mismatch: an event for another shipment', () => {
    const bad = edited(honest, (docs) => {
      events(docs)[0].epcList = ['urn:epc:id:sscc:1111111.0000000001'];
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_shipment_mismatch');
  });

  it('agriculture_logger_calibration_expired: calibration ends inside the window', () => {
    const bad = edited(honest, (docs, claim) => {
      docs.get(COLD_CHAIN_LOGGER_MEDIA).calibrationValidUntil = claim.window.start;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_logger_calibration_expired');
  });

  it('agriculture_readings_missing: no sensor reports at all', () => {
    const bad = edited(honest, (docs) => {
      for (const event of events(docs)) delete event.sensorElementList;
    });
    expect(refusedUnchanged(bad)).toBe('agriculture_readings_missing');
  });

  it('mip_claim_invalid: a range narrower than 1 °C', () => {
    const bad = edited(honest, (_docs, claim) => {
      claim.value.highC = claim.value.lowC + 0.5;
    });
    expect(refusedUnchanged(bad)).toBe('mip_claim_invalid');
    expect(checkColdChainClaim(bad.proof.claim)).toMatch(/^\/value the range/);
  });
});

describe('cold-chain vectors', () => {
  it('vectors: five named cases that verify, the honest one passing', () => {
    const vectors = mip.vectors();
    expect(vectors.map((v) => v.name)).toHaveLength(5);
    expect(resultOf(mip, vectors[0]!.case).verdict).toBe('pass');
    for (const v of vectors.slice(1, 4)) expect(resultOf(mip, v.case).verdict).toBe('fail');
  });
});
