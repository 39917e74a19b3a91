/**
 * What a certification reports: each thing found (a MIP's usable proofs, the advert) and each
 * thing missing, with its code. Findings of one code are capped at PROFILE_FINDINGS_PER_CODE_MAX
 * so that a year of broken proofs prints as a page, not a book; the rest are counted.
 */
import { PROFILE_FINDINGS_PER_CODE_MAX } from '../limits/profiles.js';
import type { ProfileErrorCode } from './profile-error-codes.js';

export interface ProfileMissing {
  readonly code: ProfileErrorCode;
  /** What it is about: a MIP id, `proof <id>`, `advert`, … */
  readonly what: string;
  readonly detail: string;
}

export interface ProfileFound {
  readonly what: string;
  readonly detail: string;
}

export interface ProfileCertification {
  readonly profile: string;
  /** The identity certified: given, or read off its advert or its proofs; absent when nothing was given. */
  readonly producer?: string;
  /** True exactly when nothing is missing. */
  readonly certified: boolean;
  readonly found: readonly ProfileFound[];
  readonly missing: readonly ProfileMissing[];
}

/** Collects findings in the order they are made, capping each code. */
export class FindingList {
  readonly found: ProfileFound[] = [];
  private readonly listed: ProfileMissing[] = [];
  private readonly overflow = new Map<ProfileErrorCode, number>();

  foundThing(what: string, detail: string): void {
    this.found.push({ what, detail });
  }

  missing(code: ProfileErrorCode, what: string, detail: string): void {
    const sameCode = this.listed.filter((entry) => entry.code === code).length;
    if (sameCode < PROFILE_FINDINGS_PER_CODE_MAX) this.listed.push({ code, what, detail });
    else this.overflow.set(code, (this.overflow.get(code) ?? 0) + 1);
  }

  /** The missing list, each capped code followed by one line counting the rest. */
  missingList(): ProfileMissing[] {
    const list = [...this.listed];
    for (const [code, count] of this.overflow) {
      const last = list.findLastIndex((entry) => entry.code === code);
      list.splice(last + 1, 0, { code, what: 'more', detail: `${count} more of the same` });
    }
    return list;
  }
}
