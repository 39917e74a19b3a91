/**
 * The treaties a coordinator holds: one current treaty per federation pair. A treaty enters only
 * when it is well formed (the kernel's checkTreaty), signed by the identities of both federations
 * (treaty_signature_missing otherwise: one side's signature is not a treaty), and newer than what
 * is held for the pair.
 *
 * Replays: a treaty for a pair replaces the held one only if its validFrom is strictly later; an
 * older or equally old one is refused (treaty_replayed), and so is any treaty the book has seen
 * superseded (its id is remembered, TREATY_SUPERSEDED_KEPT per pair). The same treaty offered
 * again is not a change and is answered with the held one. A replaced treaty does not come back
 * when its successor expires: an expired current treaty makes crossings fail with treaty_expired.
 */
import {
  checkTreaty,
  checkTreatySigned,
  type FederationIdentities,
  type JsonValue,
  parseTimestamp,
  type Treaty,
  type TrustStore,
} from '@mycel/kernel';
import { TREATY_BOOK_PAIRS_MAX, TREATY_SUPERSEDED_KEPT } from '../limits.js';
import { type FederationResult, federationFail } from './federation-result.js';

export interface TreatyTrust {
  readonly store: TrustStore;
  /** Which identity speaks for each federation (readFederationPacks). */
  readonly identities: FederationIdentities;
}

/** The key of a federation pair, whichever order the two are named in. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

export class TreatyBook {
  private readonly current = new Map<string, Treaty>();
  private readonly superseded = new Map<string, string[]>();

  add(value: JsonValue, trust: TreatyTrust, nowMs: number): FederationResult<Treaty> {
    const checked = checkTreaty(value);
    if (!checked.ok) return checked;
    const treaty = checked.value;
    if (treaty.signatures.length === 0) {
      return federationFail('treaty_signature_missing', 'the treaty is signed by neither side');
    }
    const signers = trust.store.verifySignatures(treaty.signatures, 'treaty', treaty.id, nowMs);
    if (!signers.ok) return signers;
    const signed = checkTreatySigned(treaty, signers.value, trust.identities);
    if (!signed.ok) return signed;
    const [a, b] = treaty.federations as [string, string];
    const key = pairKey(a, b);
    if (this.superseded.get(key)?.includes(treaty.id)) {
      return federationFail('treaty_replayed', `treaty ${treaty.id} was superseded`);
    }
    const held = this.current.get(key);
    if (held !== undefined) {
      if (held.id === treaty.id) return { ok: true, value: held };
      if (parseTimestamp(treaty.validFrom)! <= parseTimestamp(held.validFrom)!) {
        return federationFail(
          'treaty_replayed',
          `the treaty held for ${a} and ${b} applies from ${held.validFrom}, not earlier than this one`,
        );
      }
      const old = this.superseded.get(key) ?? [];
      old.push(held.id);
      if (old.length > TREATY_SUPERSEDED_KEPT) old.shift();
      this.superseded.set(key, old);
    } else if (this.current.size >= TREATY_BOOK_PAIRS_MAX) {
      return federationFail(
        'treaty_book_full',
        `the book holds treaties for ${TREATY_BOOK_PAIRS_MAX} pairs`,
      );
    }
    this.current.set(key, treaty);
    return { ok: true, value: treaty };
  }

  /** The current treaty between two federations, in force or not. */
  between(a: string, b: string): Treaty | undefined {
    return this.current.get(pairKey(a, b));
  }

  list(): Treaty[] {
    return [...this.current.values()];
  }

  get size(): number {
    return this.current.size;
  }
}
