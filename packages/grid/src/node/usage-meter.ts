/**
 * The meter of one session epoch on this node (ARCHITECTURE §5.5), as plain values: a metering
 * period runs from when the session attached here at this epoch (or the previous period's end)
 * and counts whole seconds and the turns completed in it. Closing a period gives its window and
 * the meter of the next one; successive periods never overlap. Pure: the clock and the turn
 * count come in as arguments.
 */
import type { LatencyClass } from '@mycel/wire';

export interface UsageMeter {
  readonly sid: string;
  readonly epoch: number;
  /** The session's client key (the ticket's), which countersigns. */
  readonly client: string;
  readonly agent: string;
  readonly class: LatencyClass;
  /** Where the open period starts. */
  readonly startMs: number;
  /** The session's completed turns when the open period started. */
  readonly turnsAtStart: number;
}

/** A closed period: what one usage proof claims. */
export interface UsagePeriod {
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  readonly seconds: number;
  readonly turns: number;
}

export interface ClosedPeriod {
  /** Undefined when the period holds neither a whole second nor a turn: nothing to claim yet. */
  readonly period: UsagePeriod | undefined;
  /** The meter of the period that follows (unchanged when nothing was claimed). */
  readonly meter: UsageMeter;
}

/**
 * Closes the open period at `nowMs`. A `final` period (the session ends or leaves) ends now and
 * bills its last second once started; a periodic one ends after its last whole second, so the
 * fraction left over is metered in the next period instead of lost or billed twice.
 */
export function closePeriod(
  meter: UsageMeter,
  nowMs: number,
  turnsNow: number,
  final: boolean,
): ClosedPeriod {
  // A final period bills its last second once started; a periodic one only whole seconds.
  const elapsedS = Math.max(0, (nowMs - meter.startMs) / 1000);
  const turns = Math.max(0, turnsNow - meter.turnsAtStart);
  // (A final period under a second in which nothing ran claims nothing.)
  const started = final && (turns > 0 || elapsedS >= 1);
  const seconds = started ? Math.ceil(elapsedS) : Math.floor(elapsedS);
  const windowEndMs = final ? nowMs : meter.startMs + seconds * 1000;
  // A window must end after it starts (kernel proof rules): a turn in a zero-length periodic
  // window waits for the next period.
  if ((seconds === 0 && turns === 0) || windowEndMs <= meter.startMs) {
    return { period: undefined, meter };
  }
  return {
    period: { windowStartMs: meter.startMs, windowEndMs, seconds, turns },
    meter: { ...meter, startMs: windowEndMs, turnsAtStart: turnsNow },
  };
}

/** Whether the open period is due for a periodic proof. */
export function periodDue(meter: UsageMeter, nowMs: number, intervalMs: number): boolean {
  return nowMs - meter.startMs >= intervalMs;
}
