/**
 * Usage metering of the sessions on this node (ARCHITECTURE §5.5): a meter per session epoch
 * (usage-meter.ts); at every period (usageIntervalMs), when the session closes and when it leaves
 * the node, a `mip-session/usage@1.0.0` proof signed with the node key is offered to the client
 * (`usage`). A countersignature (`usage-signed`) that is the offered proof plus one valid
 * signature by the ticket's client goes to the coordinator (usage-outbox.ts); a refusal, a bad
 * countersignature or none within USAGE_COUNTERSIGN_TIMEOUT_MS is logged and the period dropped.
 * The price is the coordinator's (`registered`): a node that has none meters nothing.
 */
import { type Proof, type Signer, signProof } from '@mycel/kernel';
import { buildUsageProof, checkUsageProof } from '@mycel/mips';
import type {
  SessionTicket,
  UnitPrice,
  UsageAckFrame,
  UsageRefusedFrame,
  UsageSignedFrame,
} from '@mycel/wire';
import type { Logger } from 'pino';
import { USAGE_SWEEP_MS } from '../limits.js';
import type { FrameSink } from './session-host.js';
import { closePeriod, periodDue, type UsageMeter, type UsagePeriod } from './usage-meter.js';
import { UsageOutbox } from './usage-outbox.js';

/** What the keeper reads of a session host. */
export interface MeteredSession {
  readonly sid: string;
  readonly epoch: number;
  readonly completedTurns: number;
  readonly sink: FrameSink;
}

export interface UsageKeeperOptions {
  readonly signer: Signer;
  /** The grid the node joined: the federation of its proofs (undefined before it registered). */
  grid(): string | undefined;
  /** Sends a countersigned proof on the control link (dropped while it is down). */
  sendUsage(proof: Proof): void;
  readonly intervalMs: number;
  readonly countersignTimeoutMs: number;
  /** Sessions attached here with their client's socket open (detached ones wait for it). */
  liveSessions(): Iterable<MeteredSession>;
  readonly logger: Logger;
  nowMs(): number;
}

interface Offer {
  readonly proof: Proof;
  readonly sid: string;
  readonly sink: FrameSink;
  readonly timer: NodeJS.Timeout;
  settle(): void;
}

export class UsageKeeper {
  readonly outbox: UsageOutbox;
  private price: UnitPrice | undefined;
  private readonly meters = new Map<string, UsageMeter>();
  /** Offers waiting for the client, by proof id. */
  private readonly offers = new Map<string, Offer>();
  /** The periodic offer of each session still out (at most one). */
  private readonly periodic = new Map<string, string>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: UsageKeeperOptions) {
    this.outbox = new UsageOutbox({
      send: options.sendUsage,
      logger: options.logger,
      nowMs: options.nowMs,
    });
  }

  start(): void {
    const everyMs = Math.min(USAGE_SWEEP_MS, Math.floor(this.options.intervalMs / 4));
    this.sweeper = setInterval(() => this.sweep(), everyMs);
    this.sweeper.unref();
  }

  /** The coordinator's price per second (from `registered`); undefined meters nothing. */
  priced(price: UnitPrice | undefined): void {
    this.price = price === undefined ? undefined : { ...price };
  }

  /** A session attached here: its epoch's meter starts, or goes on after a re-attach. */
  attached(session: MeteredSession, ticket: SessionTicket): void {
    const current = this.meters.get(ticket.sid);
    if (current?.epoch === ticket.epoch) return;
    if (current !== undefined) this.unbilled(current, session, 'it came back at a newer epoch');
    this.meters.set(ticket.sid, {
      sid: ticket.sid,
      epoch: ticket.epoch,
      client: ticket.client,
      agent: ticket.agent,
      class: ticket.class,
      startMs: this.options.nowMs(),
      turnsAtStart: session.completedTurns,
    });
  }

  /** The session closes or leaves: its last period is offered; resolves once answered (bounded). */
  finish(session: MeteredSession): Promise<void> {
    const meter = this.meterOf(session);
    if (meter === undefined) return Promise.resolve();
    this.meters.delete(session.sid);
    const { period } = closePeriod(meter, this.options.nowMs(), session.completedTurns, true);
    return period === undefined ? Promise.resolve() : this.offer(session, meter, period);
  }

  /** The session ended with nobody left to countersign (its client never came back). */
  abandon(session: MeteredSession): void {
    const meter = this.meterOf(session);
    if (meter === undefined) return;
    this.meters.delete(session.sid);
    this.unbilled(meter, session, 'its client went away');
  }

  /** The client's answer to an offer, from the socket it was offered on. */
  answered(frame: UsageSignedFrame | UsageRefusedFrame, sink: FrameSink): void {
    const id = frame.t === 'usage-signed' ? frame.proof.id : frame.id;
    const offer = this.offers.get(id);
    const { logger } = this.options;
    if (offer === undefined || offer.sink !== sink) {
      logger.debug({ proof: id }, 'a usage answer for no offer here');
      return;
    }
    this.settle(offer);
    if (frame.t === 'usage-refused') {
      logger.warn({ sid: offer.sid, proof: id, code: frame.code }, 'the client refused usage');
      return;
    }
    const countersigned = withCountersignature(offer.proof, frame.proof);
    if (typeof countersigned === 'string') {
      logger.warn(
        { sid: offer.sid, proof: id, code: 'usage_countersignature_invalid' },
        countersigned,
      );
      return;
    }
    this.outbox.submit(countersigned);
  }

  acked(frame: UsageAckFrame): void {
    this.outbox.acked(frame);
  }

  /** The control link is back: unacknowledged proofs go out again. */
  relinked(): void {
    this.outbox.relinked();
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const offer of [...this.offers.values()]) this.settle(offer);
  }

  private sweep(): void {
    this.outbox.sweep();
    if (this.price === undefined) return;
    const nowMs = this.options.nowMs();
    for (const session of this.options.liveSessions()) {
      const meter = this.meterOf(session);
      if (meter === undefined || this.periodic.has(session.sid)) continue;
      if (!periodDue(meter, nowMs, this.options.intervalMs)) continue;
      const closed = closePeriod(meter, nowMs, session.completedTurns, false);
      if (closed.period === undefined) continue;
      this.meters.set(session.sid, closed.meter);
      void this.offer(session, meter, closed.period, true);
    }
  }

  private meterOf(session: MeteredSession): UsageMeter | undefined {
    const meter = this.meters.get(session.sid);
    return meter?.epoch === session.epoch ? meter : undefined;
  }

  /** Signs the period's proof and offers it to the client; resolves once it is answered. */
  private offer(
    session: MeteredSession,
    meter: UsageMeter,
    period: UsagePeriod,
    periodic = false,
  ): Promise<void> {
    const proof = this.sign(meter, period);
    if (proof === undefined) return Promise.resolve();
    return new Promise((settle) => {
      const timer = setTimeout(() => {
        this.settle(offer);
        this.options.logger.warn(
          { sid: meter.sid, proof: proof.id, seconds: period.seconds },
          'the client did not countersign usage in time; dropped',
        );
      }, this.options.countersignTimeoutMs);
      timer.unref();
      const offer: Offer = { proof, sid: meter.sid, sink: session.sink, timer, settle };
      this.offers.set(proof.id, offer);
      if (periodic) this.periodic.set(meter.sid, proof.id);
      session.sink.send({ t: 'usage', proof });
    });
  }

  private sign(meter: UsageMeter, period: UsagePeriod): Proof | undefined {
    const price = this.price;
    const federation = this.options.grid();
    if (price === undefined || federation === undefined) {
      this.options.logger.debug({ sid: meter.sid }, 'no price from the coordinator: not metered');
      return undefined;
    }
    const built = buildUsageProof({
      federation,
      sid: meter.sid,
      node: this.options.signer.key.did,
      client: meter.client,
      agent: meter.agent,
      class: meter.class,
      epoch: meter.epoch,
      seconds: period.seconds,
      turns: period.turns,
      unitPrice: price,
      windowStartMs: period.windowStartMs,
      windowEndMs: period.windowEndMs,
      issuedAtMs: this.options.nowMs(),
    });
    const signed = signProof(built, this.options.signer);
    if (!signed.ok)
      throw new Error(`assertion failed: a fresh usage proof signs: ${signed.error.message}`);
    return signed.value;
  }

  private settle(offer: Offer): void {
    if (this.offers.get(offer.proof.id) !== offer) return;
    this.offers.delete(offer.proof.id);
    if (this.periodic.get(offer.sid) === offer.proof.id) this.periodic.delete(offer.sid);
    clearTimeout(offer.timer);
    offer.settle();
  }

  private unbilled(meter: UsageMeter, session: MeteredSession, why: string): void {
    const { period } = closePeriod(meter, this.options.nowMs(), session.completedTurns, true);
    if (period === undefined || this.price === undefined) return;
    const { seconds, turns } = period;
    this.options.logger.warn(
      { sid: meter.sid, epoch: meter.epoch, seconds, turns },
      `usage not metered: ${why}`,
    );
  }
}

/**
 * The offered proof with the client's countersignature, or why the answer is not that: the same
 * id, the node's signatures unchanged, exactly one more, valid and by the client the claim names
 * (the ticket's). The body is the node's own copy; the client's copy is only read for signatures.
 */
function withCountersignature(offered: Proof, answer: Proof): Proof | string {
  const added = answer.signatures[offered.signatures.length];
  const kept = offered.signatures.every((entry, index) => {
    const other = answer.signatures[index];
    return other?.kid === entry.kid && other.sig === entry.sig && other.alg === entry.alg;
  });
  if (answer.id !== offered.id || !kept || added === undefined) {
    return 'the countersigned proof is not the offered one with one more signature';
  }
  if (answer.signatures.length !== offered.signatures.length + 1) {
    return 'the countersigned proof carries more than one new signature';
  }
  const proof = { ...offered, signatures: [...offered.signatures, added] };
  const checked = checkUsageProof(proof, 'countersigned');
  return checked.ok ? proof : `${checked.error.code}: ${checked.error.message}`;
}
