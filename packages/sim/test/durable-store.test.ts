/** The simulated store keeps @mycel/store's rules for a session's latest checkpoint. */
import { type SessionCheckpoint, sealCheckpoint } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { DurableStore } from '../src/index.js';

function checkpoint(epoch: number, seq: number): SessionCheckpoint {
  const sealed = sealCheckpoint({
    sid: 's',
    epoch,
    seq,
    turns: seq,
    agent: 'sim-agent',
    state: { applied: [] },
    output: [],
  });
  if (!sealed.ok) throw new Error(sealed.error.message);
  return sealed.value;
}

describe('DurableStore checkpoints', () => {
  it('within an epoch seq grows; a newer epoch wins; an older one is stale; the same is a duplicate', () => {
    const store = new DurableStore();
    expect(store.saveCheckpoint(checkpoint(1, 2))).toEqual({ ok: true, value: 'new' });
    expect(store.saveCheckpoint(checkpoint(1, 2))).toEqual({ ok: true, value: 'duplicate' });
    expect(store.saveCheckpoint(checkpoint(1, 1))).toMatchObject({ code: 'checkpoint_stale' });
    expect(store.saveCheckpoint(checkpoint(2, 1))).toEqual({ ok: true, value: 'new' });
    expect(store.saveCheckpoint(checkpoint(1, 9))).toMatchObject({ code: 'checkpoint_stale' });
    expect(store.latestCheckpoint('s')?.epoch).toBe(2);
  });

  it('keeps the latest and the one before: older ones are gone', () => {
    const store = new DurableStore();
    const first = checkpoint(1, 1);
    const second = checkpoint(1, 2);
    store.saveCheckpoint(first);
    store.saveCheckpoint(second);
    expect(store.checkpoint(first.digest)).toEqual(first);
    store.saveCheckpoint(checkpoint(1, 3));
    expect(store.checkpoint(first.digest)).toBeUndefined();
    expect(store.checkpoint(second.digest)).toEqual(second);
  });
});
