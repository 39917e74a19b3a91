/**
 * Turns a simulated lot into what a producer publishes: the lot-conformance proof (only digests of
 * the evidence travel in it, K3) and the raw evidence bytes its vault holds, one JSON document per
 * role.
 */
import { buildProof, formatTimestamp, type JsonValue } from '@mycel/kernel';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import { evidenceBytes, evidenceEntry } from '../mechanism/verify-reality.js';
import type { Random } from '../probability/random.js';
import {
  MFG_LOT_CONFORMANCE_MIP,
  MFG_LOT_PREDICATE,
  MFG_LOT_UNIT,
  type MfgLotClaim,
} from './lot-claim-schema.js';
import {
  MFG_AUDIT_MEDIA_TYPE,
  MFG_CERTIFICATES_MEDIA_TYPE,
  MFG_COUNTERS_MEDIA_TYPE,
  MFG_SERIES_MEDIA_TYPE,
} from './lot-evidence-schema.js';
import type { SimulatedLot } from './lot-simulation.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VAULT = 'vault:plant-mes';

/** A did:key-shaped identifier drawn from `random` (synthetic cases only; no key behind it). */
export function syntheticDid(random: Random): string {
  let text = 'did:key:z6Mk';
  for (let i = 0; i < 44; i++) text += BASE58[Math.floor(random.next() * BASE58.length)];
  return text;
}

export interface LotCaseLabels {
  readonly label: string;
  readonly truth: boolean;
  readonly cpkClaimed: number;
  readonly sampleSize: number;
}

export function buildLotCase(
  random: Random,
  lot: SimulatedLot,
  labels: LotCaseLabels,
): GeneratedCase {
  const machine = syntheticDid(random);
  const producer = syntheticDid(random);
  const name = 'shaft-diameter';
  const subgroups: { at: string; firstCycle: number; gauge: string; values: number[] }[] = [];
  for (const m of lot.measurements) {
    if (m.subgroup === subgroups.length) {
      subgroups.push({
        at: formatTimestamp(m.atMs),
        firstCycle: m.cycle,
        gauge: m.gauge,
        values: [],
      });
    }
    subgroups[m.subgroup]!.values.push(m.value);
  }
  const series = { characteristic: name, unit: 'mm', subgroups };
  const counters = {
    machine,
    partsPerCycle: 1,
    start: { at: formatTimestamp(lot.startMs), cycle: lot.startCycle },
    end: { at: formatTimestamp(lot.endMs), cycle: lot.endCycle },
  };
  const pieces: { mediaType: string; value: unknown }[] = [
    { mediaType: MFG_SERIES_MEDIA_TYPE, value: series },
    {
      mediaType: MFG_CERTIFICATES_MEDIA_TYPE,
      value: { unit: 'mm', certificates: lot.certificates },
    },
    { mediaType: MFG_COUNTERS_MEDIA_TYPE, value: counters },
  ];
  if (lot.audit !== undefined) {
    pieces.push({
      mediaType: MFG_AUDIT_MEDIA_TYPE,
      value: { auditor: syntheticDid(random), ...lot.audit },
    });
  }
  const evidence = pieces.map((piece) => ({
    mediaType: piece.mediaType,
    bytes: evidenceBytes(piece.value as JsonValue),
  }));
  const claim: MfgLotClaim = {
    subject: `LOT-${lot.startCycle}`,
    predicate: MFG_LOT_PREDICATE,
    value: {
      partNumber: `SHAFT-${Math.round(lot.nominal * 10)}`,
      characteristic: { name, unit: 'mm', lsl: lot.lsl, usl: lot.usl, nominal: lot.nominal },
      sampleSize: labels.sampleSize,
      subgroupSize: lot.subgroupSize,
      cpkClaimed: labels.cpkClaimed,
      cpkTarget: lot.target,
      partCount: lot.partCount,
      machine,
    },
    unit: MFG_LOT_UNIT,
    window: { start: formatTimestamp(lot.startMs), end: formatTimestamp(lot.endMs) },
  };
  const proof = buildProof({
    mip: MFG_LOT_CONFORMANCE_MIP,
    federation: 'plant.example',
    claim: claim as unknown as Parameters<typeof buildProof>[0]['claim'],
    attestation: { issuer: producer, device: machine, capturedAt: claim.window.end },
    evidence: evidence.map((piece) => evidenceEntry(piece.mediaType, piece.bytes, VAULT)),
    issuedAt: claim.window.end,
  });
  return {
    label: labels.label,
    truth: labels.truth,
    proof,
    evidence,
    context: { nowMs: lot.endMs + 24 * 60 * 60 * 1000 },
  };
}
