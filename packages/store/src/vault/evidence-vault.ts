/**
 * The evidence vault (K3, docs/spec/evidence-vault.md): raw evidence kept where it was produced,
 * addressed by its digest, with retention and disclosure decided by the federation's policy
 * pack. Proofs carry only the entry put() returns. Bytes leave through disclose() alone, and
 * only when the evidence is public, or on-request and the signed request comes from a verifier
 * an open challenge of a dispute authority assigns to that digest; private evidence never
 * leaves. Every disclosure attempt, granted or refused, is appended to the disclosure log.
 *
 * The rules are here, once; the drivers (sqlite-vault-tables.ts, postgres-vault-tables.ts)
 * only store. The caller passes a pack it has checked (checkPolicyPack, signed by its
 * federation) and the time: the vault reads no clock.
 */
import {
  canonicalJson,
  checkDisclosureRequest,
  digestOf,
  type Evidence,
  type JsonValue,
  type PolicyPack,
  parseTimestamp,
  TrustStore,
} from '@mycel/kernel';
import type {
  DisclosureLogEntry,
  EvidenceDescription,
  OpenedChallenge,
  PutEvidence,
  PutOutcome,
  VaultTables,
} from './evidence-vault-types.js';
import {
  checkChallengeOpen,
  checkPut,
  evidencePolicy,
  isDisputeAuthority,
  isTime,
  vaultError,
} from './vault-checks.js';
import type { VaultErrorCode } from './vault-error-codes.js';
import {
  DAY_MS,
  DISCLOSURE_LOG_PAGE_MAX,
  DISCLOSURE_REQUEST_AGE_MS_MAX,
  EXPIRE_BATCH_MAX,
  VAULT_NAME_CHARS_MAX,
} from './vault-limits.js';

export interface DiscloseInput {
  /** The digest asked for (e.g. from the URL); the request must name the same. */
  readonly digest: string;
  /** The signed disclosure request, as parsed JSON: attacker-controlled. */
  readonly request: JsonValue;
  readonly nowMs: number;
}

export type DisclosureOutcome =
  | {
      readonly granted: true;
      readonly bytes: Uint8Array;
      readonly mediaType: string;
      readonly log: DisclosureLogEntry;
    }
  | {
      readonly granted: false;
      readonly code: VaultErrorCode;
      readonly message: string;
      readonly log: DisclosureLogEntry;
    };

interface Decision {
  readonly code?: VaultErrorCode;
  readonly message: string;
  readonly requester: string | null;
  readonly request: string | null;
  readonly challenge: string | null;
}

export class EvidenceVault {
  constructor(
    /** The name proofs carry in evidence[].vault. */
    readonly name: string,
    private readonly tables: VaultTables,
  ) {
    if (typeof name !== 'string' || name.length === 0 || name.length > VAULT_NAME_CHARS_MAX) {
      throw vaultError(
        'evidence_record_invalid',
        `a vault name is 1 to ${VAULT_NAME_CHARS_MAX} characters`,
      );
    }
  }

  get driver(): 'sqlite' | 'postgres' {
    return this.tables.driver;
  }

  /**
   * Stores raw evidence and returns the proof's entry for it. The same bytes again return the
   * same entry (duplicate), even after their retention ended; the same bytes with another media
   * type or disclosure are evidence_conflict. Retention comes from the pack.
   */
  async put(input: PutEvidence, pack: PolicyPack): Promise<PutOutcome> {
    checkPut(input);
    const policy = evidencePolicy(pack);
    const digest = digestOf(input.bytes);
    const description: EvidenceDescription = {
      digest,
      mediaType: input.mediaType,
      vault: this.name,
      disclosure: input.disclosure,
      producer: input.producer,
      byteLength: input.bytes.length,
      storedAtMs: input.nowMs,
      retainUntilMs: input.nowMs + policy.retentionDays * DAY_MS,
      expiredAtMs: null,
    };
    const inserted = await this.tables.insertEvidence(description, input.bytes);
    const stored = inserted ? description : (await this.tables.describe(digest))!;
    if (stored.mediaType !== input.mediaType || stored.disclosure !== input.disclosure) {
      throw vaultError(
        'evidence_conflict',
        `${digest} is stored as ${stored.mediaType}, ${stored.disclosure}`,
      );
    }
    return { entry: entryOf(stored), duplicate: !inserted };
  }

  /** What the vault knows about a digest: metadata only, never bytes. */
  describe(digest: string): Promise<EvidenceDescription | undefined> {
    return this.tables.describe(digest);
  }

  /** Opens a challenge (checkChallengeOpen's rules); the same challenge again is a duplicate. */
  async openChallenge(value: JsonValue, pack: PolicyPack, nowMs: number): Promise<OpenedChallenge> {
    if (!isTime(nowMs)) throw vaultError('evidence_record_invalid', 'nowMs is a safe integer');
    const challenge = checkChallengeOpen(value, pack, nowMs);
    const known = await this.tables.knownDigests(challenge.digests);
    const unknown = challenge.digests.find((digest) => !known.has(digest));
    if (unknown !== undefined) {
      throw vaultError('challenge_evidence_unknown', `this vault holds no evidence ${unknown}`);
    }
    const expiresAtMs = parseTimestamp(challenge.expiresAt)!;
    const grants = challenge.digests.flatMap((digest) =>
      challenge.verifiers.map((verifier) => ({
        challenge: challenge.id,
        digest,
        verifier,
        authority: challenge.authority,
        expiresAtMs,
      })),
    );
    const inserted = await this.tables.insertChallenge(
      {
        id: challenge.id,
        federation: challenge.federation,
        authority: challenge.authority,
        openedAtMs: parseTimestamp(challenge.openedAt)!,
        expiresAtMs,
        document: canonicalJson(challenge as unknown as JsonValue),
      },
      grants,
    );
    return {
      id: challenge.id,
      digests: challenge.digests,
      verifiers: challenge.verifiers,
      expiresAtMs,
      duplicate: !inserted,
    };
  }

  /**
   * Decides one disclosure request and logs the decision. Refusals are values (with their code),
   * not exceptions: they are expected and each is written to the disclosure log.
   */
  async disclose(input: DiscloseInput, pack: PolicyPack): Promise<DisclosureOutcome> {
    if (!isTime(input.nowMs))
      throw vaultError('evidence_record_invalid', 'nowMs is a safe integer');
    const decision = await this.decide(input, pack);
    const log = await this.tables.appendDisclosure({
      digest: input.digest,
      atMs: input.nowMs,
      requester: decision.requester,
      request: decision.request,
      challenge: decision.challenge,
      granted: decision.code === undefined,
      code: decision.code ?? null,
    });
    if (decision.code !== undefined) {
      return { granted: false, code: decision.code, message: decision.message, log };
    }
    const bytes = await this.tables.evidenceBytes(input.digest);
    const description = await this.tables.describe(input.digest);
    // Granted means the bytes were there a moment ago; only a concurrent expire() removes them.
    if (bytes === undefined || description === undefined) {
      return { granted: false, code: 'evidence_expired', message: 'expired just now', log };
    }
    return { granted: true, bytes, mediaType: description.mediaType, log };
  }

  private async decide(input: DiscloseInput, pack: PolicyPack): Promise<Decision> {
    const checked = checkDisclosureRequest(input.request);
    const none = { requester: null, request: null, challenge: null };
    if (!checked.ok) {
      return {
        ...none,
        code: 'disclosure_request_invalid',
        message: `${checked.error.code}: ${checked.error.message}`,
      };
    }
    const request = checked.value;
    const who = {
      requester: request.verifier,
      request: request.id,
      challenge: request.challenge ?? null,
    };
    const refuse = (code: VaultErrorCode, message: string): Decision => ({ ...who, code, message });
    if (request.digest !== input.digest) {
      return refuse('disclosure_digest_mismatch', `the request is for ${request.digest}`);
    }
    const signers = new TrustStore().verifySignatures(
      request.signatures,
      'disclosure-request',
      request.id,
      input.nowMs,
    );
    if (!signers.ok || !signers.value.has(request.verifier)) {
      return refuse('disclosure_signature_invalid', 'the verifier named did not sign the request');
    }
    const requestedAtMs = parseTimestamp(request.requestedAt)!;
    if (Math.abs(input.nowMs - requestedAtMs) > DISCLOSURE_REQUEST_AGE_MS_MAX) {
      return refuse('disclosure_request_stale', `requestedAt is ${request.requestedAt}`);
    }
    const description = await this.tables.describe(input.digest);
    if (description === undefined) return refuse('evidence_unknown', `no evidence ${input.digest}`);
    if (description.expiredAtMs !== null) {
      return refuse('evidence_expired', 'the retention period has passed');
    }
    if (description.disclosure === 'private') {
      return refuse('evidence_private', 'private evidence never leaves its vault');
    }
    if (description.disclosure === 'public') return { ...who, message: 'public' };
    const refusal = await this.onRequestRefusal(request.challenge, request.verifier, input, pack);
    return refusal === undefined ? { ...who, message: 'granted' } : refuse(...refusal);
  }

  /** Why on-request evidence may not go to `verifier` under `challenge`, or undefined. */
  private async onRequestRefusal(
    challenge: string | undefined,
    verifier: string,
    input: DiscloseInput,
    pack: PolicyPack,
  ): Promise<[VaultErrorCode, string] | undefined> {
    if (pack.evidence === undefined) {
      return ['evidence_policy_missing', 'the pack has no evidence section'];
    }
    const grant =
      challenge === undefined
        ? undefined
        : await this.tables.grant(challenge, input.digest, verifier);
    if (grant === undefined) {
      return ['evidence_not_challenged', 'no challenge assigns this verifier this evidence'];
    }
    if (grant.expiresAtMs <= input.nowMs) return ['challenge_expired', 'the challenge expired'];
    if (!isDisputeAuthority(pack, grant.authority)) {
      return ['challenge_authority_unknown', 'the challenge authority is no longer trusted'];
    }
    return undefined;
  }

  /** The disclosure log of a digest, oldest first, entries after sequence `after`. */
  async disclosureLog(digest: string, after = 0, limit = DISCLOSURE_LOG_PAGE_MAX) {
    if (
      !isTime(after) ||
      !Number.isSafeInteger(limit) ||
      limit < 1 ||
      limit > DISCLOSURE_LOG_PAGE_MAX
    ) {
      throw vaultError('disclosure_log_invalid', `after >= 0, limit 1..${DISCLOSURE_LOG_PAGE_MAX}`);
    }
    return this.tables.disclosures(digest, after, limit);
  }

  /** Deletes the bytes whose retention ended by nowMs (at most EXPIRE_BATCH_MAX per call). */
  async expire(nowMs: number): Promise<string[]> {
    if (!isTime(nowMs)) throw vaultError('evidence_record_invalid', 'nowMs is a safe integer');
    return this.tables.expire(nowMs, EXPIRE_BATCH_MAX);
  }

  close(): Promise<void> {
    return this.tables.close();
  }
}

function entryOf(description: EvidenceDescription): Evidence {
  return {
    digest: description.digest,
    mediaType: description.mediaType,
    vault: description.vault,
    disclosure: description.disclosure,
  };
}
