/**
 * The capability registry's port (issue 8, discovery; docs/spec/registry.md): producers'
 * signed capability adverts, one per producer and federation, and the outcomes of their proofs
 * — accepted with which confidence, refused, disputes lost, overturned — from which their
 * track records and reputations are computed. Search filters by MIP, place, confidence and
 * price and ranks by reputation alone: what an advert claims never raises its rank.
 *
 * Two drivers keep the tables (sqlite-registry-tables.ts, postgres-registry-tables.ts); the
 * rules are in registry.ts, once. The registry reads no clock: callers pass the time.
 */
import type { CapabilityAdvert, TrackRecord } from '@mycel/kernel';

/** What a verifier decided about one proof, and what became of it. */
export interface RegistryOutcome {
  /** The proof's content id: outcomes are idempotent by it. */
  readonly proofId: string;
  readonly producer: string;
  readonly mip: string;
  /** true: the verifier accepted the proof; false: refused it. */
  readonly accepted: boolean;
  /** The verifier's confidence that the claim is true, in [0, 1]. */
  readonly p: number;
  /** A dispute about the proof was decided against the producer. */
  readonly disputed?: boolean;
  /** The proof's acceptance was reversed (its value reversed); only for accepted proofs. */
  readonly overturned?: boolean;
  /** When the verifier decided (RFC 3339, UTC). */
  readonly at: string;
}

export type PublishOutcome = 'published' | 'replaced' | 'duplicate';
/** duplicate: the same outcome again; updated: a dispute or an overturn was added to it. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'updated';

export interface RegistryNear {
  readonly lat: number;
  readonly lon: number;
  readonly radiusKm: number;
}

export interface RegistryQuery {
  /** Adverts that list this MIP. */
  readonly mip?: string;
  readonly near?: RegistryNear;
  /** Least mean confidence (Σ p / accepted) of the producer's standing accepted proofs. */
  readonly minConfidence?: number;
  /** Adverts priced in this currency (ISO 4217). */
  readonly currency?: string;
  /** Adverts priced per this unit ('kWh'). */
  readonly unit?: string;
  /** Most minor units per unit; needs `currency`. */
  readonly maxPriceMinor?: string;
  /** Adverts whose locality label is exactly this. */
  readonly label?: string;
  readonly federation?: string;
  /** 1..REGISTRY_SEARCH_LIMIT_MAX; default REGISTRY_SEARCH_LIMIT_DEFAULT. */
  readonly limit?: number;
}

export interface RegistryHit {
  readonly advert: CapabilityAdvert;
  readonly trackRecord: TrackRecord;
  readonly reputation: number;
  /** Σ p / accepted; undefined for a producer with no standing accepted proof. */
  readonly meanConfidence: number | undefined;
  /** From the query's `near` point, when it named one. */
  readonly distanceKm?: number;
}

export interface CapabilityRegistry {
  readonly driver: 'sqlite' | 'postgres';
  /**
   * Stores a producer's advert. The registry checks it again with the kernel (schema, times,
   * id: registry_advert_invalid), its producer's signature (registry_advert_unsigned) and that
   * it is in force at nowMs (registry_advert_expired). The same advert again is 'duplicate'; an
   * advert of the same producer and federation replaces the stored one only when issued later
   * ('replaced'), else registry_advert_stale. A refusal changes nothing.
   */
  publish(advert: CapabilityAdvert, nowMs: number): Promise<PublishOutcome>;
  /** The stored advert of a producer in a federation (expired or not). */
  advert(producer: string, federation: string): Promise<CapabilityAdvert | undefined>;
  /**
   * Records a proof's outcome, idempotent by proofId: the same outcome again is 'duplicate';
   * the same outcome with disputed or overturned newly set is 'updated'; anything else under
   * the same proofId is registry_outcome_conflict and changes nothing.
   */
  recordOutcome(outcome: RegistryOutcome): Promise<RecordOutcome>;
  /**
   * The producer's counts: accepted (and not overturned) proofs with their Σ p, refused
   * proofs, lost disputes, overturned proofs. All zero for an unknown producer.
   */
  trackRecord(producer: string): Promise<TrackRecord>;
  /**
   * Adverts in force at nowMs matching every field of the query, best first: by reputation
   * (descending), then price (ascending, as a whole number), producer, federation (byte order).
   */
  search(query: RegistryQuery, nowMs: number): Promise<RegistryHit[]>;
  close(): Promise<void>;
}
