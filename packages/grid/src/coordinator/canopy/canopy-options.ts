/**
 * How a coordinator joins a canopy (docs/spec/mmp-canopy.md): the peers it publishes its summary
 * to, the colony it owns, and, for federations, the policy packs it knows (its own federation's,
 * which is its grid name, and its neighbours') and the treaties it holds.
 */
import type { JsonValue } from '@mycel/kernel';

export interface CanopyOptions {
  /** Base URLs of the canopy peers this coordinator publishes its summary to. */
  readonly peers: readonly string[];
  /** The colony this coordinator owns (a short id, COLONY_ID_PATTERN). */
  readonly colony: string;
  /**
   * Policy packs as JSON documents: each names its federation's coordinators and colonies, and
   * its signer speaks for the federation on treaties. None: a devnet canopy, where colony
   * ownership is not checked.
   */
  readonly packs?: readonly JsonValue[];
  /** Treaties signed by both of their federations. */
  readonly treaties?: readonly JsonValue[];
  /** ISO 3166 code of where this colony runs, checked against a treaty's jurisdictions. */
  readonly jurisdiction?: string;
  /** How often the summary is published (CANOPY_SUMMARY_INTERVAL_MS). */
  readonly publishIntervalMs?: number;
  /** The URL peers reach this coordinator at (default: the URL it listens on). */
  readonly advertiseUrl?: string;
}

/** A canopy configuration the coordinator cannot start with; `code` says why. */
export class CanopyConfigError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'CanopyConfigError';
    this.code = code;
  }
}
