/**
 * What the evidence vault conformance suite is built from: the harness a driver's test file
 * provides, a federation's policy pack with an evidence section and a dispute authority, and
 * signed challenges and disclosure requests made with the kernel's builders.
 */
import {
  buildDisclosureRequest,
  buildEvidenceChallenge,
  buildPolicyPack,
  type DisclosureRequest,
  type EvidenceChallenge,
  type EvidenceChallengeFields,
  ed25519SignerFromSeed,
  formatTimestamp,
  type JsonValue,
  type PolicyPack,
  type Signer,
  withSignature,
} from '@mycel/kernel';
import type { EvidenceVault } from '../../src/vault/evidence-vault.js';

export interface EvidenceVaultHarness {
  /** A new, empty location (a SQLite file, a PostgreSQL database). */
  freshLocation(): Promise<string>;
  open(location: string, name: string): Promise<EvidenceVault>;
  cleanup(): Promise<void>;
}

export const FEDERATION = 'in.karnataka';
export const VAULT_NAME = 'vault:in.karnataka/roof-7';
export const T0 = Date.parse('2026-11-01T00:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const RETENTION_DAYS = 30;
export const CHALLENGE_TTL_MS = 7 * DAY_MS;

export const FEDERATION_KEY = ed25519SignerFromSeed(new Uint8Array(32).fill(41));
export const AUTHORITY = ed25519SignerFromSeed(new Uint8Array(32).fill(42));
export const VERIFIER = ed25519SignerFromSeed(new Uint8Array(32).fill(43));
export const OTHER_VERIFIER = ed25519SignerFromSeed(new Uint8Array(32).fill(44));
export const PRODUCER = ed25519SignerFromSeed(new Uint8Array(32).fill(45));

export function policyPack(options: { evidence?: boolean; authority?: boolean } = {}): PolicyPack {
  const anchors: PolicyPack['trustAnchors'] = [
    { did: VERIFIER.key.did, roles: ['verifier'] },
    { did: OTHER_VERIFIER.key.did, roles: ['verifier'] },
  ];
  if (options.authority ?? true)
    anchors.push({ did: AUTHORITY.key.did, roles: ['dispute-authority'] });
  const pack = buildPolicyPack({
    federation: FEDERATION,
    version: 1,
    issuedAt: formatTimestamp(T0 - DAY_MS),
    mips: [{ mip: 'mip-enr/generation-interval@1.0.0', settleable: true }],
    trustAnchors: anchors,
    ...((options.evidence ?? true)
      ? {
          evidence: {
            retentionDays: RETENTION_DAYS,
            onRequestTo: 'challenge-verifiers' as const,
            challengeTtlMsMax: CHALLENGE_TTL_MS,
          },
        }
      : {}),
  });
  return withSignature(pack, 'policy-pack', FEDERATION_KEY);
}

export const PACK = policyPack();

/** Evidence bytes, distinct per label. */
export function evidenceBytes(label: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ meter: 'roof-7', reading: label, wh: 1234 }));
}

export const MEDIA_TYPE = 'application/vnd.mycel.energy.readings+json';

export function challenge(
  fields: Partial<EvidenceChallengeFields> & { digests: string[] },
  signer: Signer = AUTHORITY,
): EvidenceChallenge {
  const built = buildEvidenceChallenge({
    federation: FEDERATION,
    authority: AUTHORITY.key.did,
    verifiers: [VERIFIER.key.did],
    openedAt: formatTimestamp(T0),
    expiresAt: formatTimestamp(T0 + DAY_MS),
    reason: 'the exported energy is disputed',
    ...fields,
  });
  return withSignature(built, 'evidence-challenge', signer);
}

export function request(
  digest: string,
  options: { challenge?: string; verifier?: Signer; signer?: Signer; atMs?: number } = {},
): DisclosureRequest {
  const verifier = options.verifier ?? VERIFIER;
  const built = buildDisclosureRequest({
    digest,
    verifier: verifier.key.did,
    requestedAt: formatTimestamp(options.atMs ?? T0 + HOUR_MS),
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
  });
  return withSignature(built, 'disclosure-request', options.signer ?? verifier);
}

export function asJson(value: unknown): JsonValue {
  return value as JsonValue;
}
