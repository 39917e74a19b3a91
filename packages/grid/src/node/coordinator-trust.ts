/**
 * Which coordinator this node trusts: the key the operator pinned (`coordinatorKey`), or the first
 * coordinator it met (trust on first use), remembered in the data folder with the grid it named.
 * Tickets are verified against this key and grid; a coordinator presenting another key is refused
 * at the challenge, before the node registers with it. A node given a canopy
 * (`trustedCoordinators`, docs/spec/mmp-switching.md) accepts any of those coordinators: the one
 * it is attached to is remembered as above, and tickets signed by any of them verify.
 */
import { failWith, type Outcome, ok, parseDidKey } from '@mycel/kernel';
import type { ChallengeFrame } from '@mycel/wire';
import type { Logger } from 'pino';
import { type NodeSettings, saveNodeSettings } from './node-data.js';
import type { NodeErrorCode } from './node-error-codes.js';
import type { TicketTrust } from './session-server.js';

export class CoordinatorTrust {
  private ticketTrust: TicketTrust | undefined;

  /** The canopy: coordinator dids this node accepts besides the pinned one. */
  private readonly canopy: readonly string[];

  constructor(
    private current: NodeSettings,
    private readonly dataDir: string,
    private readonly logger: Logger,
    trustedCoordinators: readonly string[] = [],
  ) {
    this.canopy = [...new Set(trustedCoordinators)];
    this.ticketTrust = trustOf(current, this.canopy);
  }

  /** Whether a coordinator key is one this node accepts (pinned, or in its canopy). */
  isTrusted(did: string): boolean {
    return did === this.current.coordinatorDid || this.canopy.includes(did);
  }

  get settings(): NodeSettings {
    return this.current;
  }

  /** The key and grid tickets must come from; undefined until a coordinator is known. */
  tickets(): TicketTrust | undefined {
    return this.ticketTrust;
  }

  /** Whether to answer this challenge; the first coordinator met is pinned here. */
  checkChallenge(challenge: ChallengeFrame): Outcome<true, NodeErrorCode> {
    const pinned = this.current.coordinatorDid;
    const inCanopy = this.canopy.includes(challenge.coordinator);
    if (this.canopy.length > 0 && !inCanopy && pinned !== challenge.coordinator) {
      return failWith(
        'coordinator_key_mismatch',
        `the coordinator at ${this.current.coordinatorUrl} presents ${challenge.coordinator}, ` +
          'which is not one of the trusted coordinators of this node',
      );
    }
    if (!inCanopy && pinned !== undefined && pinned !== challenge.coordinator) {
      return failWith(
        'coordinator_key_mismatch',
        `the coordinator at ${this.current.coordinatorUrl} presents ${challenge.coordinator}, ` +
          `but this node trusts ${pinned} (pass coordinatorKey to trust another)`,
      );
    }
    if (!parseDidKey(challenge.coordinator).ok) {
      return failWith('coordinator_key_mismatch', `${challenge.coordinator} is not a usable key`);
    }
    if (
      pinned === undefined ||
      pinned !== challenge.coordinator ||
      this.current.grid !== challenge.grid
    ) {
      const { coordinator, grid } = challenge;
      this.current = { ...this.current, coordinatorDid: coordinator, grid };
      try {
        saveNodeSettings(this.dataDir, this.current);
      } catch (error) {
        // Kept for this run; the next start meets the coordinator again and pins it then.
        this.logger.error({ err: error }, 'could not save the pinned coordinator');
      }
      this.ticketTrust = trustOf(this.current, this.canopy);
      this.logger.info({ coordinator, grid }, 'trusting this coordinator from now on');
    }
    return ok(true);
  }
}

function trustOf(settings: NodeSettings, canopy: readonly string[]): TicketTrust | undefined {
  if (settings.coordinatorDid === undefined || settings.grid === undefined) return undefined;
  const coordinator = parseDidKey(settings.coordinatorDid);
  if (!coordinator.ok) return undefined;
  // A canopy shares one grid name (docs/spec/mmp-switching.md): tickets of any member verify.
  const others = canopy
    .filter((did) => did !== settings.coordinatorDid)
    .map((did) => parseDidKey(did))
    .flatMap((parsed) => (parsed.ok ? [parsed.value] : []));
  return { coordinator: coordinator.value, grid: settings.grid, others };
}
