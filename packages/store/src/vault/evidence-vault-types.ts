/**
 * What the evidence vault keeps and answers (K3, docs/spec/evidence-vault.md), and the port its
 * two drivers implement: a handful of reads and writes, each one statement or one transaction.
 * Every rule lives in EvidenceVault (evidence-vault.ts), once, over this port, so SQLite and
 * PostgreSQL cannot disagree on a decision. Raw bytes come back from exactly one method,
 * evidenceBytes, which only EvidenceVault.disclose calls after a granted decision.
 */
import type { Evidence } from '@mycel/kernel';

export type Disclosure = Evidence['disclosure'];

/** Everything the vault says about a piece of evidence, never its bytes. */
export interface EvidenceDescription {
  readonly digest: string;
  readonly mediaType: string;
  readonly vault: string;
  readonly disclosure: Disclosure;
  readonly producer: string;
  readonly byteLength: number;
  readonly storedAtMs: number;
  readonly retainUntilMs: number;
  /** When the bytes were deleted at the end of retention; the description stays as a tombstone. */
  readonly expiredAtMs: number | null;
}

export interface PutEvidence {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly disclosure: Disclosure;
  /** Who produced the evidence (a did:key or device id); kept, never disclosed with the bytes. */
  readonly producer: string;
  readonly nowMs: number;
}

export interface PutOutcome {
  /** The proof's evidence entry: all that travels. */
  readonly entry: Evidence;
  readonly duplicate: boolean;
}

export interface OpenedChallenge {
  readonly id: string;
  readonly digests: readonly string[];
  readonly verifiers: readonly string[];
  readonly expiresAtMs: number;
  readonly duplicate: boolean;
}

/** One disclosure attempt, granted or refused. Never holds evidence bytes. */
export interface DisclosureLogEntry {
  readonly sequence: number;
  readonly digest: string;
  readonly atMs: number;
  /** The verifier the request names, when the request could be read. */
  readonly requester: string | null;
  readonly request: string | null;
  readonly challenge: string | null;
  readonly granted: boolean;
  /** The refusal code; null when granted. */
  readonly code: string | null;
}

export type NewDisclosureLogEntry = Omit<DisclosureLogEntry, 'sequence'>;

export interface ChallengeRow {
  readonly id: string;
  readonly federation: string;
  readonly authority: string;
  readonly openedAtMs: number;
  readonly expiresAtMs: number;
  /** The signed challenge as canonical JSON. */
  readonly document: string;
}

/** The right a challenge gives one verifier to one digest, until expiresAtMs. */
export interface GrantRow {
  readonly challenge: string;
  readonly digest: string;
  readonly verifier: string;
  readonly authority: string;
  readonly expiresAtMs: number;
}

/** The storage port under EvidenceVault. */
export interface VaultTables {
  readonly driver: 'sqlite' | 'postgres';
  /** Inserts the description and its bytes together; false when the digest was already there. */
  insertEvidence(description: EvidenceDescription, bytes: Uint8Array): Promise<boolean>;
  describe(digest: string): Promise<EvidenceDescription | undefined>;
  /** The digests of `digests` this vault holds (expired or not). */
  knownDigests(digests: readonly string[]): Promise<Set<string>>;
  evidenceBytes(digest: string): Promise<Uint8Array | undefined>;
  /** Inserts a challenge with its grants in one transaction; false when its id was there. */
  insertChallenge(challenge: ChallengeRow, grants: readonly GrantRow[]): Promise<boolean>;
  grant(challenge: string, digest: string, verifier: string): Promise<GrantRow | undefined>;
  appendDisclosure(entry: NewDisclosureLogEntry): Promise<DisclosureLogEntry>;
  disclosures(digest: string, after: number, limit: number): Promise<DisclosureLogEntry[]>;
  /** Deletes the bytes of at most `limit` pieces due by nowMs, marking each; returns their digests. */
  expire(nowMs: number, limit: number): Promise<string[]>;
  close(): Promise<void>;
}
