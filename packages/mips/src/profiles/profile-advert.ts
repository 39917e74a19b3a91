/**
 * The producer's capability advert against a profile. Every advert goes through the kernel's
 * checks (schema, id, times: checkCapabilityAdvert; the producer's own signature:
 * checkCapabilitySigned). Of the valid adverts that name the profile and are the producer's, the
 * newest speaks for it: it must be in force now, list every MIP and interface the profile
 * requires, and price in the profile's unit.
 */
import {
  type CapabilityAdvert,
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
  type JsonValue,
  parseTimestamp,
} from '@mycel/kernel';
import type { FindingList } from './profile-findings.js';
import type { ProductionProfile } from './profile-schema.js';

function advertLabel(value: JsonValue, index: number): string {
  const id =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? value.id : undefined;
  return typeof id === 'string' ? `advert ${id}` : `advert #${index + 1}`;
}

/** The adverts that pass the kernel's checks and name this profile, newest first. */
export function validAdverts(
  profile: ProductionProfile,
  adverts: readonly JsonValue[],
  findings: FindingList | undefined,
): CapabilityAdvert[] {
  const valid: CapabilityAdvert[] = [];
  for (const [index, value] of adverts.entries()) {
    const checked = checkCapabilityAdvert(value);
    const signed = checked.ok
      ? checkCapabilitySigned(checked.value, parseTimestamp(checked.value.issuedAt)!)
      : checked;
    if (!signed.ok) {
      findings?.missing(
        'profile_advert_invalid',
        advertLabel(value, index),
        `${signed.error.code}: ${signed.error.message}`,
      );
      continue;
    }
    if (checked.ok && checked.value.profile === profile.id) valid.push(checked.value);
  }
  return valid.sort((a, b) => parseTimestamp(b.issuedAt)! - parseTimestamp(a.issuedAt)!);
}

function checkComplete(
  profile: ProductionProfile,
  advert: CapabilityAdvert,
  findings: FindingList,
) {
  const what = `advert ${advert.id}`;
  let complete = true;
  for (const entry of profile.mips) {
    if (!advert.mips.includes(entry.mip)) {
      findings.missing('profile_advert_incomplete', what, `does not list the MIP ${entry.mip}`);
      complete = false;
    }
  }
  for (const name of profile.interfaces) {
    if (!advert.interfaces.includes(name)) {
      findings.missing('profile_advert_incomplete', what, `does not list the interface ${name}`);
      complete = false;
    }
  }
  if (advert.price.unit !== profile.advert.priceUnit) {
    findings.missing(
      'profile_advert_incomplete',
      what,
      `prices per ${advert.price.unit}; the profile sells per ${profile.advert.priceUnit}`,
    );
    complete = false;
  }
  return complete;
}

export function examineAdverts(
  profile: ProductionProfile,
  adverts: readonly JsonValue[],
  producer: string | undefined,
  nowMs: number,
  findings: FindingList,
): void {
  const naming = validAdverts(profile, adverts, findings);
  const own = naming.filter((advert) => producer === undefined || advert.producer === producer);
  for (const advert of naming) {
    if (!own.includes(advert)) {
      findings.missing(
        'profile_producer_mismatch',
        `advert ${advert.id}`,
        `advertised by ${advert.producer}, not the producer ${producer}`,
      );
    }
  }
  const newest = own[0];
  if (newest === undefined) {
    findings.missing(
      'profile_advert_missing',
      'advert',
      `none of the ${adverts.length} advert(s) given is a valid capability advert of ${producer ?? 'the producer'} naming the profile ${profile.id}`,
    );
    return;
  }
  const what = `advert ${newest.id}`;
  const current = checkCapabilityCurrent(newest, nowMs);
  if (!current.ok) {
    findings.missing(
      current.error.code === 'capability_expired'
        ? 'profile_advert_expired'
        : 'profile_advert_invalid',
      what,
      `${current.error.code}: ${current.error.message}`,
    );
  }
  const complete = checkComplete(profile, newest, findings);
  if (current.ok && complete) {
    findings.foundThing(
      'advert',
      `${newest.id}: ${newest.locality.label}, ${newest.price.minor} ${newest.price.currency} minor units per ${newest.price.unit}, until ${newest.expiresAt}`,
    );
  }
}
