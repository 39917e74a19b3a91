/**
 * Adopting the sessions of a node that moved here from another coordinator of the canopy
 * (docs/decisions/0011-session-adoption-through-the-shared-store.md, docs/spec/mmp-switching.md).
 * A node that switches, or re-attaches after its coordinator died, reports its running sessions
 * on its new link. This coordinator does not know them; it adopts one when the shared session
 * store vouches for it: the session's journal row names this node and the reported epoch, and the
 * session is open. The row, with its latest checkpoint, becomes this coordinator's entry and is
 * written back with this coordinator as its owner, so a restarting coordinator restores only its
 * own sessions. Anything else is refused with the code the core would have given.
 *
 * The other half: a coordinator whose node closes its link with LINK_CLOSE_NODE_MOVED forgets
 * that node's sessions (`releaseMovedNode`), since the new coordinator owns their rows now.
 */
import type { SessionRow, SessionStore } from '@mycel/store';
import { type SessionStateFrame, type WireResult, wireFail } from '@mycel/wire';
import type { CoordinatorCore } from './coordinator-core.js';
import { classIndexOf } from './node-table.js';
import { sessionEntryOf } from './session-journal.js';
import type { SessionEntry } from './session-registry.js';

/** Journal rows of these states are sessions still running on their node. */
const ADOPTABLE_STATES: ReadonlySet<string> = new Set(['active', 'starting']);

/** Whether a stored row vouches for `node`'s report of it (pure: the rules of adoption). */
export function adoptionVerdict(
  row: SessionRow | undefined,
  node: string,
  frame: SessionStateFrame,
): WireResult<SessionRow> {
  if (row === undefined) {
    return wireFail('session_not_found', `no session ${frame.sid} here or in the shared store`);
  }
  if (row.node !== node) {
    return wireFail('session_wrong_node', `session ${frame.sid} is placed on another node`);
  }
  if (frame.epoch < row.epoch) {
    return wireFail('session_epoch_stale', `session ${frame.sid} is at epoch ${row.epoch}`);
  }
  if (frame.epoch > row.epoch) {
    return wireFail(
      'session_transition_invalid',
      `session ${frame.sid} has no epoch ${frame.epoch}`,
    );
  }
  if (!ADOPTABLE_STATES.has(row.state) || frame.state !== 'active') {
    return wireFail('session_transition_invalid', `session ${frame.sid} is ${row.state}`);
  }
  return { ok: true, value: row };
}

/**
 * A report of a session this coordinator does not know: adopt it from the shared store if the
 * store vouches for it, then take the report as usual. The caller holds the node's later frames
 * until this settles, so its checkpoints find the session adopted.
 */
export async function adoptReportedSession(
  core: CoordinatorCore,
  store: SessionStore,
  node: string,
  frame: SessionStateFrame,
  nowMs: () => number,
): Promise<WireResult<SessionEntry>> {
  const row = await store.session(frame.sid);
  const verdict = adoptionVerdict(row, node, frame);
  if (!verdict.ok) return verdict;
  const latest = await store.latestCheckpoint(frame.sid);
  // Another report of the same session may have adopted it while the store answered.
  if (core.sessions.get(frame.sid) === undefined) {
    const entry = sessionEntryOf(verdict.value, latest);
    entry.updatedAtMs = nowMs();
    core.sessions.restore(entry);
    // Written back with this coordinator as owner (session-journal.ts) at the next flush.
    core.sessions.touch(entry);
  }
  return core.sessionReport(node, frame, nowMs());
}

/**
 * The node closed its link because it moved to another coordinator: its open sessions are that
 * coordinator's now. They are forgotten here, unwritten, with their capacity released.
 */
export function releaseMovedNode(core: CoordinatorCore, node: string): string[] {
  const record = core.nodes.get(node);
  const released: string[] = [];
  for (const session of [...core.sessions.openOn(node)]) {
    const forgotten = core.sessions.forget(session.sid);
    if (forgotten === undefined) continue;
    released.push(forgotten.sid);
    if (record === undefined) continue;
    const classIndex = classIndexOf(forgotten.class);
    if (forgotten.state === 'active') core.nodes.releaseAttached(record.slot, classIndex, false);
    else if (forgotten.state === 'starting') core.nodes.releaseReservation(record.slot, classIndex);
  }
  return released;
}
