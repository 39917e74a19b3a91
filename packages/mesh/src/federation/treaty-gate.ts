/**
 * The treaty gate: may a session of federation `from` be placed in federation `to` (the local
 * one) at `atMs`? Within one federation, always. Across two, only under the current treaty of the
 * pair in the TreatyBook (session_treaty_required when there is none), which must list the
 * `session` kind and be in force (the kernel's checkTreatyAllows: treaty_kind_not_listed,
 * treaty_not_yet_valid, treaty_expired), and, if it lists jurisdictions, must list the
 * crossing's: a listed country (`IN`) covers its subdivisions (`IN-TN`), a listed subdivision only
 * itself (treaty_jurisdiction_not_listed). Pure.
 */
import { checkTreatyAllows, type Treaty } from '@mycel/kernel';
import { type FederationResult, federationFail } from './federation-result.js';
import type { TreatyBook } from './treaty-book.js';

export interface SessionCrossing {
  /** The federation the session comes from (of the forwarding coordinator). */
  readonly from: string;
  /** The federation asked to place it: the local one. */
  readonly to: string;
  /** When the session crosses, in ms since the epoch. */
  readonly atMs: number;
  /** Where the session would run (ISO 3166 code of the placing colony), if known. */
  readonly jurisdiction?: string;
}

/** The treaty that lets the session cross, or undefined when it does not cross federations. */
export function checkSessionCrossing(
  localFederation: string,
  book: TreatyBook,
  crossing: SessionCrossing,
): FederationResult<Treaty | undefined> {
  if (crossing.to !== localFederation) {
    return federationFail(
      'policy_pack_foreign',
      `${localFederation} cannot decide about placing in ${crossing.to}`,
    );
  }
  if (crossing.from === crossing.to) return { ok: true, value: undefined };
  const treaty = book.between(crossing.from, crossing.to);
  if (treaty === undefined) {
    return federationFail(
      'session_treaty_required',
      `no treaty between ${crossing.from} and ${crossing.to} is held`,
    );
  }
  const allowed = checkTreatyAllows(treaty, {
    from: crossing.from,
    to: crossing.to,
    kind: 'session',
    atMs: crossing.atMs,
  });
  if (!allowed.ok) return allowed;
  const listed = treaty.jurisdictions;
  if (listed !== undefined && listed.length > 0) {
    const where = crossing.jurisdiction;
    const covered =
      where !== undefined &&
      listed.some((entry) => entry === where || where.startsWith(`${entry}-`));
    if (!covered) {
      return federationFail(
        'treaty_jurisdiction_not_listed',
        `the treaty covers ${listed.join(', ')}, not ${where ?? 'an unnamed jurisdiction'}`,
      );
    }
  }
  return { ok: true, value: treaty };
}
