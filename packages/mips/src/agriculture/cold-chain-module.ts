/**
 * `mip-agr/cold-chain-custody@1.0.0` as a MipModule: the claim check for the kernel catalog and
 * the reality verifier. Unusable input (an evidence document off its schema, a reading not in
 * °C, a window longer than allowed or not matching the events, a logger out of calibration, an
 * event for another shipment) is a coded refusal; everything a cheater could plausibly do is
 * weighed by the checks (cold-chain-checks.ts) and moves p.
 */
import type { Static } from '@sinclair/typebox';
import { COLD_CHAIN_RANGE_WIDTH_C_MIN, COLD_CHAIN_WINDOW_MS_MAX } from '../limits.js';
import type { MipModule, RealityInput } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import { formBelief, type RealityResult } from '../probability/belief.js';
import { msOf, readEvidence, schemaChecker } from './agriculture-parts.js';
import {
  COLD_CHAIN_CHEATS,
  COLD_CHAIN_PRIOR,
  coldChainChecks,
  type Reading,
} from './cold-chain-checks.js';
import { coldChainCases, coldChainVectors } from './cold-chain-generate.js';
import {
  COLD_CHAIN_EVENTS_MEDIA,
  COLD_CHAIN_LOGGER_MEDIA,
  COLD_CHAIN_MIP,
  COLD_CHAIN_PREDICATE,
  COLD_CHAIN_PROBE_METADATA,
  COLD_CHAIN_UNIT,
  ColdChainClaimSchema,
  EpcisDocumentSchema,
  LoggerSchema,
} from './cold-chain-schema.js';

type Claim = Static<typeof ColdChainClaimSchema>;
const claimShape = schemaChecker(ColdChainClaimSchema);
const eventsShape = schemaChecker(EpcisDocumentSchema);
const loggerShape = schemaChecker(LoggerSchema);

export function checkColdChainClaim(claim: unknown): string | undefined {
  const reason = claimShape(claim);
  if (reason !== undefined) return reason;
  const { value, window } = claim as Claim;
  if (value.highC - value.lowC < COLD_CHAIN_RANGE_WIDTH_C_MIN) {
    return `/value the range must be at least ${COLD_CHAIN_RANGE_WIDTH_C_MIN} °C wide`;
  }
  if (msOf(window.end) <= msOf(window.start)) return '/window the window must end after it starts';
  return undefined;
}

function verifyColdChain(input: RealityInput): MipsResult<RealityResult> {
  const claim = input.proof.claim as Claim;
  const doc = readEvidence<typeof EpcisDocumentSchema>(input.evidence, 'epcis-events', eventsShape);
  if (!doc.ok) return doc;
  const logger = readEvidence<typeof LoggerSchema>(input.evidence, 'logger', loggerShape);
  if (!logger.ok) return logger;
  const startMs = msOf(claim.window.start);
  const endMs = msOf(claim.window.end);
  if (endMs - startMs > COLD_CHAIN_WINDOW_MS_MAX) {
    return mipsFail(
      'agriculture_window_too_long',
      `over ${COLD_CHAIN_WINDOW_MS_MAX} ms`,
      '/claim/window',
    );
  }
  if (msOf(logger.value.calibrationValidUntil) < endMs) {
    return mipsFail(
      'agriculture_logger_calibration_expired',
      `calibration ended ${logger.value.calibrationValidUntil}`,
      '/evidence/logger/calibrationValidUntil',
    );
  }
  const events = doc.value.epcisBody.eventList;
  const readings: Reading[] = [];
  const probes: Reading[] = [];
  for (const [index, event] of events.entries()) {
    if (!event.epcList.includes(claim.subject)) {
      return mipsFail(
        'agriculture_shipment_mismatch',
        `event ${index} names another shipment`,
        `/evidence/epcis-events/${index}`,
      );
    }
    for (const element of event.sensorElementList ?? []) {
      for (const report of element.sensorReport) {
        if (report.type !== 'gs1:Temperature' || report.uom !== COLD_CHAIN_UNIT) {
          return mipsFail(
            'agriculture_unit_unsupported',
            `${report.type} in ${report.uom}`,
            `/evidence/epcis-events/${index}`,
          );
        }
        const deviceId = element.sensorMetadata.deviceID;
        const reading = { deviceId, timeMs: msOf(report.time), valueC: report.value };
        const isProbe = element.sensorMetadata.deviceMetadata === COLD_CHAIN_PROBE_METADATA;
        (isProbe ? probes : readings).push(reading);
      }
    }
  }
  if (readings.length === 0) {
    return mipsFail('agriculture_readings_missing', 'no sensor reports', '/evidence/epcis-events');
  }
  const times = (step: string) =>
    events.filter((e) => e.bizStep === step).map((e) => msOf(e.eventTime));
  const ships = times('shipping');
  const receipts = times('receiving');
  if (
    ships.length === 0 ||
    receipts.length === 0 ||
    Math.min(...ships) !== startMs ||
    Math.max(...receipts) !== endMs
  ) {
    return mipsFail(
      'agriculture_window_mismatch',
      'the window is not first shipping to last receiving',
      '/claim/window',
    );
  }
  const checks = coldChainChecks({
    lowC: claim.value.lowC,
    highC: claim.value.highC,
    custodians: claim.value.custodians,
    startMs,
    endMs,
    events,
    readings,
    probes,
    loggerId: logger.value.loggerId,
    accuracyC: logger.value.accuracyC,
    intervalMs: logger.value.loggingIntervalS * 1000,
  });
  return {
    ok: true,
    value: formBelief({ method: `${COLD_CHAIN_MIP}#mixture-v1`, prior: COLD_CHAIN_PRIOR, checks }),
  };
}

export const coldChainCustodyMip: MipModule = {
  id: COLD_CHAIN_MIP,
  title: 'Cold-chain custody: a shipment stayed within a temperature range',
  standards: [
    'GS1 EPCIS 2.0 / CBV 2.0 (ObjectEvent, bizStep shipping/receiving, sensorElementList)',
    'GS1 EPC Tag Data Standard (SSCC / SGTIN EPC URIs)',
    'USP <1079> mean kinetic temperature (ΔH = 83.144 kJ/mol)',
    'UN/CEFACT Rec. 20 unit code CEL',
  ],
  claimSchema: ColdChainClaimSchema,
  predicates: [COLD_CHAIN_PREDICATE],
  evidence: [
    {
      role: 'epcis-events',
      mediaType: COLD_CHAIN_EVENTS_MEDIA,
      capture:
        'EPCIS 2.0 ObjectEvents at each hand-off, with the logger readings as sensor reports',
      calibration: 'none',
      required: true,
    },
    {
      role: 'logger',
      mediaType: COLD_CHAIN_LOGGER_MEDIA,
      capture: "the temperature logger's id, accuracy, logging interval and calibration record",
      calibration: 'required',
      required: true,
    },
  ],
  prior: COLD_CHAIN_PRIOR,
  cheatingModels: COLD_CHAIN_CHEATS,
  checkClaim: checkColdChainClaim,
  verify: verifyColdChain,
  generate: coldChainCases,
  vectors: coldChainVectors,
};
