/**
 * The node's restore shelf (restore-shelf.ts): checkpoints the coordinator hands a node for
 * sessions moving to it, held until the client attaches with a ticket naming exactly that
 * checkpoint, for exactly that epoch. An attach that arrives first waits (real, short timers).
 */
import type { SessionCheckpoint } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { RESTORE_HOLD_MS, RESTORES_HELD_MAX } from '../src/limits.js';
import { RestoreShelf } from '../src/node/restore-shelf.js';
import { testCheckpoint } from './support/session-checkpoints.js';

const SID = 'shelf-1';
const WAIT_MS = 25;

const PENDING = Symbol('pending');
/** The promise's value if it settles before the event loop turns once more, else PENDING. */
function peek<T>(promise: Promise<T>): Promise<T | typeof PENDING> {
  return Promise.race([
    promise,
    new Promise<typeof PENDING>((resolve) => setImmediate(() => resolve(PENDING))),
  ]);
}

function shelfAt(clock: { nowMs: number } = { nowMs: 0 }) {
  return new RestoreShelf(() => clock.nowMs);
}

const first = testCheckpoint(SID, 1, 1);
const second = testCheckpoint(SID, 2, 2);

describe('restore shelf', () => {
  it('hands out a held checkpoint at once when epoch and digest match', async () => {
    const shelf = shelfAt();
    shelf.put(2, first);
    expect(shelf.size).toBe(1);
    // A long wait it does not need: it answers before the event loop turns.
    const taken = shelf.take(SID, 2, first.digest, 60_000);
    expect(await peek(taken)).toBe(first);
    // Taking does not remove it: the session server drops it once the client attached.
    expect(await peek(shelf.take(SID, 2, first.digest, 60_000))).toBe(first);
    expect(shelf.size).toBe(1);
  });

  it('lets an attach that came first wait for the restore frame', async () => {
    const shelf = shelfAt();
    const taken = shelf.take(SID, 2, first.digest, 5_000);
    expect(await peek(taken)).toBe(PENDING);
    setTimeout(() => shelf.put(2, first), 5);
    expect(await taken).toBe(first);
    expect(shelf.size).toBe(1);
  });

  it('wakes every waiter of the session, and only when the matching checkpoint arrives', async () => {
    const shelf = shelfAt();
    const one = shelf.take(SID, 2, second.digest, 5_000);
    const two = shelf.take(SID, 2, second.digest, 5_000);
    const otherSession = shelf.take('shelf-other', 2, second.digest, WAIT_MS);
    // The wrong checkpoint, then the right one at the wrong epoch: nobody wakes.
    shelf.put(2, first);
    shelf.put(1, second);
    expect(await peek(one)).toBe(PENDING);
    shelf.put(2, second);
    expect(await one).toBe(second);
    expect(await two).toBe(second);
    expect(await otherSession).toBeUndefined();
  });

  it('answers undefined after the wait when only another digest is held', async () => {
    const shelf = shelfAt();
    shelf.put(2, first);
    const taken = shelf.take(SID, 2, second.digest, WAIT_MS);
    expect(await peek(taken)).toBe(PENDING);
    expect(await taken).toBeUndefined();
    // The held one is untouched.
    expect(await peek(shelf.take(SID, 2, first.digest, WAIT_MS))).toBe(first);
  });

  it('answers undefined after the wait for another epoch, in either direction', async () => {
    const shelf = shelfAt();
    shelf.put(2, first);
    const newer = shelf.take(SID, 3, first.digest, WAIT_MS);
    const older = shelf.take(SID, 1, first.digest, WAIT_MS);
    expect(await peek(newer)).toBe(PENDING);
    expect(await newer).toBeUndefined();
    expect(await older).toBeUndefined();
  });

  it('does not wake a waiter with its checkpoint restored for another epoch', async () => {
    const shelf = shelfAt();
    const waiting = shelf.take(SID, 2, first.digest, WAIT_MS);
    // The session moved on again before its client attached: epoch 3 gets the same checkpoint.
    shelf.put(3, first);
    expect(await peek(waiting)).toBe(PENDING);
    expect(await waiting).toBeUndefined();
    expect(await peek(shelf.take(SID, 3, first.digest, WAIT_MS))).toBe(first);
  });

  it('replaces an older epoch with a newer one (and the same epoch with a new restore)', async () => {
    const shelf = shelfAt();
    shelf.put(2, first);
    shelf.put(3, second);
    expect(shelf.size).toBe(1);
    expect(await peek(shelf.take(SID, 3, second.digest, WAIT_MS))).toBe(second);
    expect(await shelf.take(SID, 2, first.digest, WAIT_MS)).toBeUndefined();
    const again = testCheckpoint(SID, 2, 3);
    shelf.put(3, again);
    expect(await peek(shelf.take(SID, 3, again.digest, WAIT_MS))).toBe(again);
  });

  it('ignores an older epoch arriving late, and wakes nobody with it', async () => {
    const shelf = shelfAt();
    shelf.put(3, second);
    const waiting = shelf.take(SID, 2, first.digest, WAIT_MS);
    shelf.put(2, first);
    expect(shelf.size).toBe(1);
    expect(await waiting).toBeUndefined();
    expect(await peek(shelf.take(SID, 3, second.digest, WAIT_MS))).toBe(second);
  });

  it('forgets a dropped session', async () => {
    const shelf = shelfAt();
    shelf.put(2, first);
    shelf.put(2, testCheckpoint('shelf-kept', 1, 1));
    shelf.drop(SID);
    shelf.drop('never-held');
    expect(shelf.size).toBe(1);
    const taken = shelf.take(SID, 2, first.digest, WAIT_MS);
    expect(await peek(taken)).toBe(PENDING);
    expect(await taken).toBeUndefined();
  });

  it('lets held checkpoints go after RESTORE_HOLD_MS (swept when another arrives)', async () => {
    const clock = { nowMs: 1000 };
    const shelf = shelfAt(clock);
    shelf.put(2, first);
    clock.nowMs = 1000 + RESTORE_HOLD_MS - 1;
    shelf.put(2, testCheckpoint('shelf-b', 1, 1));
    expect(shelf.size).toBe(2);
    clock.nowMs = 1000 + RESTORE_HOLD_MS;
    shelf.put(2, testCheckpoint('shelf-c', 1, 1));
    expect(shelf.size).toBe(2);
    expect(await shelf.take(SID, 2, first.digest, WAIT_MS)).toBeUndefined();
  });

  it(`holds at most RESTORES_HELD_MAX (${RESTORES_HELD_MAX}), letting the oldest go first`, async () => {
    const shelf = shelfAt();
    const held: SessionCheckpoint[] = [];
    for (let n = 0; n < RESTORES_HELD_MAX; n++) {
      const checkpoint = testCheckpoint(`bulk-${n}`, 1, 1);
      held.push(checkpoint);
      shelf.put(2, checkpoint);
    }
    expect(shelf.size).toBe(RESTORES_HELD_MAX);
    // A new restore for bulk-0 makes it the newest; bulk-1 is now the oldest.
    shelf.put(3, held[0]!);
    shelf.put(2, testCheckpoint('bulk-last', 1, 1));
    expect(shelf.size).toBe(RESTORES_HELD_MAX);
    expect(await peek(shelf.take('bulk-0', 3, held[0]!.digest, WAIT_MS))).toBe(held[0]);
    expect(await peek(shelf.take('bulk-2', 2, held[2]!.digest, WAIT_MS))).toBe(held[2]);
    expect(await shelf.take('bulk-1', 2, held[1]!.digest, WAIT_MS)).toBeUndefined();
  });

  it('does not keep the process alive while an attach waits', async () => {
    const shelf = shelfAt();
    const refTimers = () =>
      process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = refTimers();
    const taken = shelf.take(SID, 2, first.digest, 60_000);
    // Its wait timer is unref'd: a node shutting down does not hang on a client's attach.
    expect(refTimers()).toBe(before);
    shelf.put(2, first);
    expect(await taken).toBe(first);
  });
});
