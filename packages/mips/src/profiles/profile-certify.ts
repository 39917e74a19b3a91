/**
 * certifyProducer: does a producer's output meet a production-node profile? Pure given `nowMs`:
 * it reads only its arguments. Each proof is examined (profile-proofs.ts); each required MIP must
 * then have usable proofs, at least the profile's cadence of them captured in the period that
 * ends now; and the producer's newest advert naming the profile must be in force and complete
 * (profile-advert.ts). The reality plane is not run here: certification says the node emits what
 * the profile promises; whether each claim is true is the verifiers' job.
 */
import { type JsonValue, ProofVerifier, TrustStore } from '@mycel/kernel';
import {
  PROFILE_CADENCE_PERIOD_MS,
  PROFILE_CERTIFY_ADVERTS_MAX,
  PROFILE_CERTIFY_PROOFS_MAX,
} from '../limits/profiles.js';
import { mipCatalog, modulesById } from '../mechanism/mip-standing.js';
import { REALITY_MIPS } from '../reality-mips.js';
import { examineAdverts, validAdverts } from './profile-advert.js';
import { FindingList, type ProfileCertification } from './profile-findings.js';
import { examineProof, mipType, type ProofStanding } from './profile-proofs.js';
import type { ProductionProfile, ProfileMip } from './profile-schema.js';

export interface CertifyInput {
  /** Proof envelopes as received (JSON values); each is checked by the kernel. */
  readonly proofs: readonly JsonValue[];
  /** Capability adverts as received; each is checked by the kernel. */
  readonly adverts: readonly JsonValue[];
  /** The time of the certification (default: the clock). Cadence periods end here. */
  readonly nowMs?: number;
  /** The identity to certify (default: the most frequent issuer of the proofs, else the producer of the newest advert naming the profile). */
  readonly producer?: string;
  /** Identity documents of devices and issuers, for their attestation level (default: none, so every key counts as software). */
  readonly trust?: TrustStore;
}

const verifiers = new WeakMap<TrustStore, ProofVerifier>();

function verifierFor(trust: TrustStore): ProofVerifier {
  let verifier = verifiers.get(trust);
  if (verifier === undefined) {
    verifier = new ProofVerifier({ trust, mips: mipCatalog(modulesById(REALITY_MIPS)) });
    verifiers.set(trust, verifier);
  }
  return verifier;
}

/** The most frequent issuer among proofs (ties: the smallest did), read without any check. */
function frequentIssuer(proofs: readonly JsonValue[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of proofs) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const attestation = value.attestation;
    if (attestation === null || typeof attestation !== 'object' || Array.isArray(attestation))
      continue;
    if (typeof attestation.issuer === 'string') {
      counts.set(attestation.issuer, (counts.get(attestation.issuer) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return ranked[0]?.[0];
}

function producerOf(profile: ProductionProfile, input: CertifyInput): string | undefined {
  if (input.producer !== undefined) return input.producer;
  return (
    frequentIssuer(input.proofs) ?? validAdverts(profile, input.adverts, undefined)[0]?.producer
  );
}

function checkMip(
  entry: ProfileMip,
  standings: readonly ProofStanding[],
  nowMs: number,
  findings: FindingList,
): void {
  const usable = standings.flatMap((standing) =>
    standing.kind === 'usable' && standing.mip === entry.mip ? [standing.capturedMs] : [],
  );
  if (usable.length === 0) {
    const others = standings.flatMap((standing) =>
      standing.kind === 'other-version' && standing.type === mipType(entry.mip)
        ? [standing.mip]
        : [],
    );
    const refused = standings.filter(
      (standing) => standing.kind === 'refused' && standing.mip === entry.mip,
    ).length;
    if (others.length > 0) {
      findings.missing(
        'profile_mip_version_mismatch',
        entry.mip,
        `${others.length} proof(s) of ${[...new Set(others)].join(', ')}; the profile requires ${entry.mip}`,
      );
    } else {
      findings.missing(
        'profile_mip_missing',
        entry.mip,
        refused === 0
          ? 'no proof of it was given'
          : `none of its ${refused} proof(s) is usable (see above)`,
      );
    }
    return;
  }
  const periodMs = PROFILE_CADENCE_PERIOD_MS[entry.cadence.per];
  const recent = usable.filter((ms) => ms > nowMs - periodMs && ms <= nowMs).length;
  const cadence = `${recent} captured in the last ${entry.cadence.per} (at least ${entry.cadence.atLeast} required)`;
  if (recent < entry.cadence.atLeast) {
    findings.missing(
      'profile_cadence_unmet',
      entry.mip,
      `${usable.length} usable proof(s), ${cadence}`,
    );
  } else {
    findings.foundThing(entry.mip, `${usable.length} usable proof(s), ${cadence}`);
  }
}

export function certifyProducer(
  profile: ProductionProfile,
  input: CertifyInput,
): ProfileCertification {
  const findings = new FindingList();
  if (
    input.proofs.length > PROFILE_CERTIFY_PROOFS_MAX ||
    input.adverts.length > PROFILE_CERTIFY_ADVERTS_MAX
  ) {
    findings.missing(
      'profile_input_oversize',
      'input',
      `${input.proofs.length} proofs and ${input.adverts.length} adverts; one certification examines at most ${PROFILE_CERTIFY_PROOFS_MAX} and ${PROFILE_CERTIFY_ADVERTS_MAX}`,
    );
    return { profile: profile.id, certified: false, found: [], missing: findings.missingList() };
  }
  const nowMs = input.nowMs ?? Date.now();
  const trust = input.trust ?? new TrustStore();
  const producer = producerOf(profile, input);
  if (producer !== undefined) findings.foundThing('producer', producer);
  const context = { profile, verifier: verifierFor(trust), trust, producer, nowMs, findings };
  const standings = input.proofs.map((value, index) => examineProof(value, index, context));
  for (const entry of profile.mips) checkMip(entry, standings, nowMs, findings);
  examineAdverts(profile, input.adverts, producer, nowMs, findings);
  const missing = findings.missingList();
  return {
    profile: profile.id,
    ...(producer === undefined ? {} : { producer }),
    certified: missing.length === 0,
    found: findings.found,
    missing,
  };
}
