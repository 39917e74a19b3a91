/**
 * A run: build the world from the seed, then take events off the agenda one at a time (a step),
 * record each in the trace, and check the invariants after every step: every session the step
 * touched, every migrating session (its budget runs out with no step touching it), and every
 * session there is each FULL_CHECK_INTERVAL_STEPS and at the end. The run stops after `steps`
 * steps, or at the first violation (an exception thrown by grid code counts as one). With
 * `tolerateKnown`, violations that are instances of a known production issue (known-issues.ts)
 * are counted instead, once per session and code, and the run goes on.
 */
import {
  type InvariantId,
  movingViolations,
  sessionViolations,
  type Violation,
} from './invariants.js';
import { knownIssueOf } from './known-issues.js';
import { CLOCK_START_MS, FULL_CHECK_INTERVAL_STEPS } from './limits.js';
import type { NetworkCounts } from './network.js';
import type { Counts } from './sim-context.js';
import type { ViolationCode } from './sim-error-codes.js';
import { Trace } from './trace.js';
import { World } from './world.js';

export interface SimOptions {
  readonly seed: number;
  readonly steps: number;
  readonly nodes: number;
  readonly sessions: number;
  /** Most faults injected (default FAULTS_MAX). */
  readonly faults?: number;
  /** Count violations of known production issues and go on, instead of stopping at them. */
  readonly tolerateKnown?: boolean;
  /**
   * Self-test of the checkers and the report: after this step an impostor node is recorded as
   * serving a live session at its epoch, which I1 must catch at once.
   */
  readonly impostorAtStep?: number;
}

export interface SimViolation {
  readonly step: number;
  /** Virtual milliseconds since the run began. */
  readonly atMs: number;
  readonly invariant: InvariantId | 'exception';
  readonly code: ViolationCode;
  readonly sid?: string;
  readonly message: string;
  /** The known production issue (known-issues.ts) this violation is an instance of. */
  readonly knownIssue?: string;
}

export interface SimResult {
  readonly seed: number;
  readonly steps: number;
  readonly nodes: number;
  readonly sessions: number;
  readonly simulatedMs: number;
  readonly faults: Counts['faults'];
  readonly moves: number;
  readonly turnsAcknowledged: number;
  readonly invariantChecks: number;
  readonly sessionsOpened: number;
  readonly sessionsClosed: number;
  readonly resumes: number;
  readonly sessionsFailed: Counts['sessionsFailed'];
  readonly opensFailed: Counts['opensFailed'];
  readonly restoresMissing: number;
  readonly turnsFailedUnasked: Counts['turnsFailedUnasked'];
  /** Messages sent, lost (broken connections, closed ends), held by partitions; connections. */
  readonly network: NetworkCounts;
  /** Violations of known production issues a tolerant run counted, by issue. */
  readonly knownIssues: Record<string, number>;
  readonly traceHash: string;
  readonly violation?: SimViolation;
  /** The last lines of the trace, when the run failed. */
  readonly traceTail?: readonly string[];
}

/** Records a node that does not exist as serving the first served session (impostorAtStep). */
function plantImpostor(world: World): void {
  const serving = world.oracle.serving;
  for (const sid of serving.sids()) {
    const [server] = serving.servers(sid);
    if (server === undefined) continue;
    serving.add(sid, server.epoch, 'n-impostor');
    world.oracle.touched.add(sid);
    return;
  }
}

export function runSimulation(options: SimOptions): SimResult {
  const world = new World(options);
  const trace = new Trace();
  const { queue, scheduler, counts, oracle, view } = world;
  const known: Record<string, number> = {};
  const excused = new Map<string, Set<ViolationCode>>();
  /** The first violation that stops the run; tolerated known ones are counted and excused. */
  const judge = (
    violations: readonly Violation[],
  ): (Violation & { knownIssue?: string }) | undefined => {
    for (const violation of violations) {
      const sid = violation.sid;
      if (sid !== undefined && excused.get(sid)?.has(violation.code)) continue;
      const issue = knownIssueOf(view, oracle, violation);
      if (issue === undefined) return violation;
      if (!options.tolerateKnown) return { ...violation, knownIssue: issue.id };
      known[issue.id] = (known[issue.id] ?? 0) + 1;
      if (sid !== undefined) excused.set(sid, (excused.get(sid) ?? new Set()).add(violation.code));
    }
    return undefined;
  };
  const checkSids = (sids: Iterable<string>) => {
    for (const sid of sids) {
      counts.invariantChecks += 1;
      const found = judge(sessionViolations(view, sid));
      if (found !== undefined) return found;
    }
    return undefined;
  };

  world.begin();
  let steps = 0;
  let found: (Violation & { knownIssue?: string }) | undefined;
  while (steps < options.steps && found === undefined) {
    const event = queue.pop();
    if (event === undefined) break;
    scheduler.nowMs = event.atMs;
    steps += 1;
    trace.record(`${steps} ${event.atMs - CLOCK_START_MS} ${event.label}`);
    try {
      event.run();
    } catch (error) {
      found = thrown(error);
      break;
    }
    if (steps === options.impostorAtStep) plantImpostor(world);
    found = checkSids(oracle.touched);
    oracle.touched.clear();
    if (found === undefined) {
      counts.invariantChecks += 1;
      found = judge(movingViolations(view));
    }
    if (found === undefined && steps % FULL_CHECK_INTERVAL_STEPS === 0) {
      found = checkSids(world.allSessions());
    }
  }
  if (found === undefined) found = checkSids(world.allSessions());
  const simulatedMs = scheduler.nowMs - CLOCK_START_MS;
  const violation: SimViolation | undefined =
    found === undefined ? undefined : { step: steps, atMs: simulatedMs, ...found };
  return {
    seed: options.seed,
    steps,
    nodes: options.nodes,
    sessions: options.sessions,
    simulatedMs,
    faults: { ...counts.faults },
    moves: counts.moves,
    turnsAcknowledged: counts.turnsAcknowledged,
    invariantChecks: counts.invariantChecks,
    sessionsOpened: counts.sessionsOpened,
    sessionsClosed: counts.sessionsClosed,
    resumes: counts.resumes,
    sessionsFailed: { ...counts.sessionsFailed },
    opensFailed: { ...counts.opensFailed },
    restoresMissing: counts.restoresMissing,
    turnsFailedUnasked: { ...counts.turnsFailedUnasked },
    network: { ...world.network.counts },
    knownIssues: known,
    traceHash: trace.finish(),
    ...(violation === undefined ? {} : { violation, traceTail: trace.lastLines() }),
  };
}

function thrown(error: unknown): Violation {
  const message =
    error instanceof Error ? `${error.message} at ${firstFrame(error.stack)}` : String(error);
  return { invariant: 'exception', code: 'exception_thrown', message };
}

function firstFrame(stack: string | undefined): string {
  const frame = stack?.split('\n').find((line) => line.trim().startsWith('at '));
  return frame?.trim().slice(3) ?? 'an unknown place';
}
