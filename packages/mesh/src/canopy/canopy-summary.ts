/**
 * Canopy summaries (docs/spec/mmp-canopy.md): a coordinator's signed, aggregated account of its
 * colony — capacity per latency class, warm agents, price bands, its own network coordinate —
 * that it publishes to its canopy peers at a bounded rate. checkSummary decides whether one
 * summary may be believed on its own (shape, signature, age, colony ownership); whether it is
 * newer than what is held, and whether its sender keeps to the rate, is the SummaryBook's part.
 */
import {
  idOf,
  type JsonObject,
  type JsonValue,
  type Signer,
  sealObject,
  type TrustStore,
  withSignature,
} from '@mycel/kernel';
import { CANOPY_CLOCK_SKEW_MS, CANOPY_SUMMARY_MAX_AGE_MS } from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';
import { checkColonyOwner, type FederationPacks } from './colony-owner.js';
import { type CanopySummary, checkSummaryShape } from './summary-shape.js';

export type SummaryFields = Omit<CanopySummary, 'v' | 'kind' | 'coordinator' | 'id' | 'signatures'>;

/** What a receiver believes: keys (a TrustStore) and, optionally, the federations' packs. */
export interface CanopyTrust {
  readonly store: TrustStore;
  /** Absent: colony ownership is not checked (a devnet canopy without policy packs). */
  readonly packs?: FederationPacks;
}

/** The identity a signer speaks for: the part of its kid before `#`. */
export function identityOf(signer: Signer): string {
  return signer.kid.slice(0, signer.kid.indexOf('#'));
}

/** A summary signed by `signer`, which is named as its coordinator. */
export function buildSummary(fields: SummaryFields, signer: Signer): CanopySummary {
  const sealed = sealObject({
    v: 1 as const,
    kind: 'canopy-summary' as const,
    coordinator: identityOf(signer),
    ...fields,
  });
  return withSignature(sealed, 'canopy-summary', signer) as unknown as CanopySummary;
}

/**
 * Codes: summary_schema_invalid, summary_signature_invalid (altered body, another key, a forged
 * signature), summary_stale, summary_from_future, summary_colony_not_owned.
 */
export function checkSummary(
  value: JsonValue,
  trust: CanopyTrust,
  nowMs: number,
): MeshResult<CanopySummary> {
  const shaped = checkSummaryShape(value);
  if (!shaped.ok) return shaped;
  const summary = shaped.value;
  if (idOf(summary as unknown as JsonObject) !== summary.id) {
    return meshFail('summary_signature_invalid', 'the summary body does not hash to its id');
  }
  const signers = trust.store.verifySignatures(
    summary.signatures,
    'canopy-summary',
    summary.id,
    nowMs,
  );
  if (!signers.ok) {
    return meshFail('summary_signature_invalid', `${signers.error.code}: ${signers.error.message}`);
  }
  if (!signers.value.has(summary.coordinator)) {
    return meshFail(
      'summary_signature_invalid',
      `the summary is not signed by ${summary.coordinator}, the coordinator it names`,
    );
  }
  if (summary.issuedAtMs > nowMs + CANOPY_CLOCK_SKEW_MS) {
    return meshFail(
      'summary_from_future',
      `issued ${summary.issuedAtMs - nowMs} ms ahead of this clock`,
    );
  }
  if (nowMs - summary.issuedAtMs > CANOPY_SUMMARY_MAX_AGE_MS) {
    return meshFail('summary_stale', `issued ${nowMs - summary.issuedAtMs} ms ago`);
  }
  const owned = checkColonyOwner(trust.packs, summary);
  if (!owned.ok) return owned;
  return { ok: true, value: summary };
}
