/**
 * Which coordinator this node trusts: the key the operator pinned (`coordinatorKey`), or the first
 * coordinator it met (trust on first use), remembered in the data folder with the grid it named.
 * Tickets are verified against this key and grid; a coordinator presenting another key is refused
 * at the challenge, before the node registers with it.
 */
import { failWith, type Outcome, ok, parseDidKey } from '@mycel/kernel';
import type { ChallengeFrame } from '@mycel/wire';
import type { Logger } from 'pino';
import { type NodeSettings, saveNodeSettings } from './node-data.js';
import type { NodeErrorCode } from './node-error-codes.js';
import type { TicketTrust } from './session-server.js';

export class CoordinatorTrust {
  private ticketTrust: TicketTrust | undefined;

  constructor(
    private current: NodeSettings,
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {
    this.ticketTrust = trustOf(current);
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
    if (pinned !== undefined && pinned !== challenge.coordinator) {
      return failWith(
        'coordinator_key_mismatch',
        `the coordinator at ${this.current.coordinatorUrl} presents ${challenge.coordinator}, ` +
          `but this node trusts ${pinned} (pass coordinatorKey to trust another)`,
      );
    }
    if (!parseDidKey(challenge.coordinator).ok) {
      return failWith('coordinator_key_mismatch', `${challenge.coordinator} is not a usable key`);
    }
    if (pinned === undefined || this.current.grid !== challenge.grid) {
      const { coordinator, grid } = challenge;
      this.current = { ...this.current, coordinatorDid: coordinator, grid };
      try {
        saveNodeSettings(this.dataDir, this.current);
      } catch (error) {
        // Kept for this run; the next start meets the coordinator again and pins it then.
        this.logger.error({ err: error }, 'could not save the pinned coordinator');
      }
      this.ticketTrust = trustOf(this.current);
      this.logger.info({ coordinator, grid }, 'trusting this coordinator from now on');
    }
    return ok(true);
  }
}

function trustOf(settings: NodeSettings): TicketTrust | undefined {
  if (settings.coordinatorDid === undefined || settings.grid === undefined) return undefined;
  const coordinator = parseDidKey(settings.coordinatorDid);
  return coordinator.ok ? { coordinator: coordinator.value, grid: settings.grid } : undefined;
}
