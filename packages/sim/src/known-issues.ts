/**
 * Violations the simulator found in the production code (packages/grid) that are not fixed yet,
 * each recognised by a precise predicate over the world, not by its code alone, so a new bug that
 * happens to break the same invariant still stops the run. A run with `tolerateKnown` counts them
 * and goes on (each (session, code) once); a strict run stops at them like at any violation.
 * packages/sim/test/regression-seeds.json names a seed that reproduces each. When one is fixed,
 * delete its entry here: its seed must then pass.
 */
import type { Violation, WorldView } from './invariants.js';
import type { Oracle } from './oracle.js';
import type { ViolationCode } from './sim-error-codes.js';

export interface KnownIssue {
  /** Stable, snake_case. */
  readonly id: string;
  readonly code: ViolationCode;
  readonly summary: string;
  matches(view: WorldView, oracle: Oracle, violation: Violation): boolean;
}

/**
 * None open. Fixed so far (their seeds in test/regression-seeds.json now pass):
 * reattach_to_node_without_session (a resume that sends the client back to its node now carries
 * the checkpoint, and a node never fails a session it could not restore), refused_open_journaled_as_placing
 * (a discarded session leaves the journal's dirty set), restored_starting_never_expires (a
 * restored `starting` session expires with its ticket).
 */
export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/** The known issue a violation is an instance of, if any. */
export function knownIssueOf(
  view: WorldView,
  oracle: Oracle,
  violation: Violation,
): KnownIssue | undefined {
  return KNOWN_ISSUES.find(
    (issue) => issue.code === violation.code && issue.matches(view, oracle, violation),
  );
}
