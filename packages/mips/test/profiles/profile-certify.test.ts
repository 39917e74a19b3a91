/**
 * certifyProducer against real signed proofs: a microgrid's day from the energy MIP's own
 * scenario builders certifies; each thing a producer can lack is its own test, asserting its
 * code, and that certification reads its input without changing it.
 */
import {
  type CapabilityAdvert,
  formatTimestamp,
  type JsonValue,
  type Proof,
  parseTimestamp,
} from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  type CertifyInput,
  certifyProducer,
  HEALTH_HRV_MODULE,
  type ProductionProfile,
  type ProfileCertification,
  REALITY_MIPS,
  seededRandom,
  verifyCase,
} from '../../src/index.js';
import { PROFILE_CERTIFY_PROOFS_MAX } from '../../src/limits/profiles.js';
import {
  advertWith,
  asJson,
  day,
  didOf,
  microclinic,
  microgrid,
  producer,
  resigned,
  stranger,
} from './profile-fixtures.js';

const DAY_MS = 86_400_000;

function certify(
  proofs: readonly Proof[],
  adverts: readonly CapabilityAdvert[] = [day.advert],
  extra: Partial<CertifyInput> = {},
  profile: ProductionProfile = microgrid,
): ProfileCertification {
  const input = { proofs: asJson(proofs), adverts: asJson(adverts), nowMs: day.nowMs, ...extra };
  const before = structuredClone(input);
  const result = certifyProducer(profile, input);
  expect(input).toEqual(before);
  return result;
}

function codes(result: ProfileCertification): string[] {
  return [...new Set(result.missing.map((entry) => entry.code))];
}

/** The certification failed for exactly `code`, and the entry says `detail`. */
function missingOnly(result: ProfileCertification, code: string, detail: RegExp) {
  expect(result.certified).toBe(false);
  expect(codes(result)).toEqual([code]);
  expect(result.missing.some((entry) => detail.test(entry.detail))).toBe(true);
}

describe('a certified microgrid', () => {
  it('certifies its day of proofs and its advert, finding each', () => {
    const result = certify(day.proofs);
    expect(result.missing).toEqual([]);
    expect(result.certified).toBe(true);
    expect(result.producer).toBe(didOf(producer));
    expect(result.found.map((entry) => entry.what)).toEqual([
      'producer',
      'mip-enr/generation-interval@1.0.0',
      'advert',
    ]);
    expect(result.found[1]!.detail).toContain('8 captured in the last day (at least 6 required)');
  });

  it('is made of proofs the energy verifier passes on the reality plane', () => {
    const energy = REALITY_MIPS.find((module) => module.id === day.proofs[0]!.mip)!;
    for (const [index, proof] of day.proofs.entries()) {
      const evidence = day.evidence[index]!;
      const result = verifyCase(energy, {
        label: 'honest',
        truth: true,
        proof,
        evidence,
        context: { nowMs: day.nowMs },
      });
      expect(result.ok && result.value.verdict).toBe('pass');
    }
  });

  it('names the producer it was asked to certify', () => {
    expect(certify(day.proofs, [day.advert], { producer: didOf(producer) }).certified).toBe(true);
  });
});

describe('what a producer can lack', () => {
  it('profile_mip_missing: no proofs at all', () => {
    missingOnly(certify([]), 'profile_mip_missing', /no proof of it was given/);
  });

  it('profile_cadence_unmet: five proofs in the last day, six required', () => {
    missingOnly(
      certify(day.proofs.slice(0, 5)),
      'profile_cadence_unmet',
      /5 captured in the last day \(at least 6 required\)/,
    );
  });

  it('profile_cadence_unmet: the same day certified two days later', () => {
    const later = certify(day.proofs, [day.advert], { nowMs: day.nowMs + 2 * DAY_MS });
    missingOnly(later, 'profile_cadence_unmet', /0 captured in the last day/);
  });

  it('profile_evidence_role_missing: one interval without its meter reads', () => {
    const noMeter = resigned(day.proofs[2]!, (body) => {
      body.evidence = body.evidence.filter((entry) => !entry.mediaType.includes('.meter+'));
    });
    const result = certify([...day.proofs.slice(0, 2), noMeter, ...day.proofs.slice(3)]);
    missingOnly(result, 'profile_evidence_role_missing', /no meter evidence/);
    expect(result.missing[0]!.what).toBe(`proof ${noMeter.id}`);
  });

  it('profile_proof_invalid: a claim changed after signing', () => {
    const altered = structuredClone(day.proofs[0]!);
    altered.claim.subject = 'device:someone-else';
    const result = certify([...day.proofs, altered]);
    missingOnly(result, 'profile_proof_invalid', /^proof_id_mismatch: /);
  });

  it('profile_proof_invalid: a proof that is not a proof', () => {
    const result = certifyProducer(microgrid, {
      proofs: [...asJson(day.proofs), { hello: 'world' }],
      adverts: asJson([day.advert]),
      nowMs: day.nowMs,
    });
    missingOnly(result, 'profile_proof_invalid', /^proof_schema_invalid: /);
    expect(result.missing[0]!.what).toBe('proof #9');
  });

  it('profile_producer_mismatch: one interval issued by another identity', () => {
    const foreign = resigned(
      day.proofs[4]!,
      (body) => {
        body.attestation = { ...body.attestation, issuer: didOf(stranger) };
      },
      stranger,
    );
    const result = certify([...day.proofs, foreign]);
    missingOnly(result, 'profile_producer_mismatch', new RegExp(`issued by ${didOf(stranger)}`));
  });

  it('profile_producer_mismatch: certifying someone else against this output', () => {
    const result = certify(day.proofs, [day.advert], { producer: didOf(stranger) });
    expect(codes(result)).toEqual([
      'profile_producer_mismatch',
      'profile_mip_missing',
      'profile_advert_missing',
    ]);
  });

  it('profile_mip_version_mismatch: the proofs are of another version', () => {
    const renamed = day.proofs.map((proof) =>
      resigned(proof, (body) => {
        body.mip = 'mip-enr/generation-interval@1.1.0';
      }),
    );
    const result = certify(renamed);
    missingOnly(
      result,
      'profile_mip_version_mismatch',
      /8 proof\(s\) of mip-enr\/generation-interval@1\.1\.0/,
    );
  });

  it('profile_attestation_unmet: a clinic whose recordings are signed by software keys', () => {
    const cases = HEALTH_HRV_MODULE.generate(seededRandom(5), 24).filter(
      (generated) => generated.label === 'honest',
    );
    const proofs = cases.map((generated) =>
      resigned(generated.proof, (body) => {
        body.attestation = { ...body.attestation, issuer: didOf(producer) };
      }),
    );
    const latest = Math.max(
      ...proofs.map((proof) => parseTimestamp(proof.attestation.capturedAt)!),
    );
    const result = certify(proofs, [], { nowMs: latest + 60_000 }, microclinic);
    expect(codes(result)).toContain('profile_attestation_unmet');
    expect(
      result.missing.find((entry) => entry.code === 'profile_attestation_unmet')!.detail,
    ).toMatch(/is attested at software; the profile requires tpm/);
  });
});

describe('what an advert can lack', () => {
  it('profile_advert_missing: no advert', () => {
    missingOnly(certify(day.proofs, []), 'profile_advert_missing', /none of the 0 advert/);
  });

  it('profile_advert_missing: the only advert names another profile', () => {
    const other = advertWith((body) => {
      body.profile = 'microfarm';
    });
    missingOnly(
      certify(day.proofs, [other]),
      'profile_advert_missing',
      /naming the profile microgrid/,
    );
  });

  it('profile_advert_incomplete: an interface left out and another price unit', () => {
    const short = advertWith((body) => {
      body.interfaces = ['mqtt-sparkplug-b'];
      body.price = { ...body.price, unit: 'MWh' };
    });
    const result = certify(day.proofs, [short]);
    missingOnly(
      result,
      'profile_advert_incomplete',
      /does not list the interface modbus-tcp-sunspec/,
    );
    expect(result.missing.map((entry) => entry.detail)).toContain(
      'prices per MWh; the profile sells per kWh',
    );
  });

  it('profile_advert_incomplete: the MIP left out', () => {
    const other = advertWith((body) => {
      body.mips = ['mip-agr/cold-chain-custody@1.0.0'];
    });
    missingOnly(
      certify(day.proofs, [other]),
      'profile_advert_incomplete',
      /does not list the MIP mip-enr\/generation-interval@1\.0\.0/,
    );
  });

  it('profile_advert_expired: an advert that ran out before the day', () => {
    const old = advertWith((body) => {
      body.issuedAt = formatTimestamp(day.nowMs - 40 * DAY_MS);
      body.expiresAt = formatTimestamp(day.nowMs - 2 * DAY_MS);
    });
    missingOnly(certify(day.proofs, [old]), 'profile_advert_expired', /^capability_expired: /);
  });

  it('the newest advert speaks for the producer', () => {
    const old = advertWith((body) => {
      body.issuedAt = formatTimestamp(day.nowMs - 40 * DAY_MS);
      body.expiresAt = formatTimestamp(day.nowMs - 2 * DAY_MS);
    });
    expect(certify(day.proofs, [old, day.advert]).certified).toBe(true);
  });

  it('profile_advert_invalid: an advert the producer did not sign', () => {
    const forged = advertWith(() => {}, stranger);
    const result = certify(day.proofs, [forged]);
    expect(codes(result)).toEqual(['profile_advert_invalid', 'profile_advert_missing']);
    expect(result.missing[0]!.detail).toMatch(/^capability_signature_invalid: /);
  });

  it('profile_advert_invalid: an advert changed after signing', () => {
    const changed = structuredClone(day.advert);
    changed.price = { ...changed.price, minor: '1' };
    const result = certify(day.proofs, [changed]);
    expect(codes(result)).toEqual(['profile_advert_invalid', 'profile_advert_missing']);
    expect(result.missing[0]!.detail).toMatch(/^capability_id_mismatch: /);
  });

  it('profile_producer_mismatch: a valid advert of another producer', () => {
    const theirs = advertWith((body) => {
      body.producer = didOf(stranger);
    }, stranger);
    const result = certify(day.proofs, [theirs, day.advert]);
    missingOnly(
      result,
      'profile_producer_mismatch',
      new RegExp(`advertised by ${didOf(stranger)}`),
    );
  });
});

describe('bounds', () => {
  it('profile_input_oversize: more proofs than one certification examines', () => {
    const proofs: JsonValue[] = new Array(PROFILE_CERTIFY_PROOFS_MAX + 1).fill(null);
    const result = certifyProducer(microgrid, { proofs, adverts: [], nowMs: day.nowMs });
    expect(result.certified).toBe(false);
    expect(codes(result)).toEqual(['profile_input_oversize']);
  });

  it('caps the findings of one code and counts the rest', () => {
    const junk: JsonValue[] = new Array(30).fill({ hello: 'world' });
    const result = certifyProducer(microgrid, {
      proofs: [...asJson(day.proofs), ...junk],
      adverts: asJson([day.advert]),
      nowMs: day.nowMs,
    });
    const invalid = result.missing.filter((entry) => entry.code === 'profile_proof_invalid');
    expect(invalid).toHaveLength(21);
    expect(invalid.at(-1)).toEqual({
      code: 'profile_proof_invalid',
      what: 'more',
      detail: '10 more of the same',
    });
  });
});
