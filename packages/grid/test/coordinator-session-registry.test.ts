/** The session registry: valid and invalid transitions, expiry of unattached sessions, counts. */
import { canTransition, SESSION_STATES, SessionRegistry } from '@mycel/grid';
import { describe, expect, it } from 'vitest';

const fields = (sid: string) => ({
  sid,
  agent: 'tutor',
  class: 'interactive' as const,
  client: 'did:key:zClient',
});

function placed(registry: SessionRegistry, sid: string, nowMs: number, expiresAtMs: number) {
  registry.begin(fields(sid), nowMs);
  registry.transition(sid, 'placing', nowMs);
  const result = registry.place(sid, 'did:key:zNode', expiresAtMs, nowMs);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('session registry', () => {
  it('follows requested → placing → starting → active ⇄ migrating → closed | failed', () => {
    const registry = new SessionRegistry();
    const entry = placed(registry, 's1', 0, 100);
    expect(entry).toMatchObject({ state: 'starting', node: 'did:key:zNode', epoch: 1, turns: 0 });
    for (const state of ['active', 'active', 'migrating', 'active', 'closed'] as const) {
      expect(registry.transition('s1', state, 5).ok).toBe(true);
    }
    expect(registry.openOn('did:key:zNode')).toEqual([]);
    expect(registry.countIn('closed')).toBe(1);
    expect(registry.openCount).toBe(0);
  });

  it('refuses every transition the state machine does not have', () => {
    const allowed = new Set([
      'requested>placing',
      'requested>failed',
      'placing>starting',
      'placing>failed',
      'starting>active',
      'starting>migrating',
      'starting>closed',
      'starting>failed',
      'active>active',
      'active>migrating',
      'active>closed',
      'active>failed',
      'migrating>migrating',
      'migrating>active',
      'migrating>closed',
      'migrating>failed',
    ]);
    for (const from of SESSION_STATES) {
      for (const to of SESSION_STATES)
        expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
    }
    const registry = new SessionRegistry();
    placed(registry, 's1', 0, 100);
    registry.transition('s1', 'failed', 1);
    const again = registry.transition('s1', 'active', 2);
    expect(!again.ok && again.error.code).toBe('session_transition_invalid');
    const missing = registry.transition('nope', 'active', 2);
    expect(!missing.ok && missing.error.code).toBe('session_not_found');
  });

  it('closes starting sessions that never attached once they expire, oldest first', () => {
    const registry = new SessionRegistry();
    placed(registry, 'a', 0, 100);
    placed(registry, 'b', 10, 110);
    placed(registry, 'c', 20, 120);
    registry.transition('b', 'active', 30);
    expect(registry.expire(99)).toEqual([]);
    expect(registry.expire(115).map((entry) => entry.sid)).toEqual(['a']);
    expect(registry.expire(1000).map((entry) => entry.sid)).toEqual(['c']);
    expect(registry.get('b')?.state).toBe('active');
    expect(registry.get('a')?.state).toBe('closed');
  });

  it('drops sessions that were never placed without a trace, and keeps counts per state', () => {
    const registry = new SessionRegistry();
    registry.begin(fields('x'), 0);
    registry.transition('x', 'placing', 0);
    expect(registry.countIn('placing')).toBe(1);
    registry.discard('x');
    expect(registry.get('x')).toBeUndefined();
    expect(registry.countIn('placing')).toBe(0);
    expect(registry.openCount).toBe(0);
    placed(registry, 'y', 0, 10);
    expect(() => registry.discard('y')).toThrow(/discarding a placed session/);
    expect(() => registry.begin(fields('y'), 0)).toThrow(/session id reused/);
  });
});
