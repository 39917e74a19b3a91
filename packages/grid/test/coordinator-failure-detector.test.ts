/** The failure detector as a pure state machine: every transition and the effects it asks for. */
import {
  type FailureDetectorConfig,
  initialLiveness,
  type Liveness,
  type LivenessEvent,
  livenessTransition,
} from '@mycel/grid';
import { describe, expect, it } from 'vitest';

const config: FailureDetectorConfig = { heartbeatMs: 100, missedToSuspect: 3, confirmMs: 1000 };

function run(state: Liveness, event: LivenessEvent, nowMs: number) {
  return livenessTransition(state, event, nowMs, config);
}

describe('failure detector', () => {
  it('stays alive while heartbeats come, and suspects after the missed ones (then probes)', () => {
    let state = initialLiveness(0);
    state = run(state, { type: 'heartbeat' }, 100).state;
    expect(run(state, { type: 'tick' }, 399)).toEqual({ state, effects: [] });
    const suspected = run(state, { type: 'tick' }, 400);
    expect(suspected.state).toMatchObject({
      phase: 'suspected',
      suspectedAtMs: 400,
      probing: true,
    });
    expect(suspected.effects).toEqual([
      { type: 'node-suspected', reason: 'no heartbeat for 300 ms' },
      { type: 'probe' },
    ]);
    // Only one probe per suspicion: later ticks ask for none.
    expect(run(suspected.state, { type: 'tick' }, 500).effects).toEqual([]);
  });

  it('suspects at once when the link closes', () => {
    const closed = run(initialLiveness(0), { type: 'link-closed' }, 10);
    expect(closed.state.phase).toBe('suspected');
    expect(closed.effects.map((effect) => effect.type)).toEqual(['node-suspected', 'probe']);
    expect(run(closed.state, { type: 'link-closed' }, 20).effects).toEqual([]);
  });

  it('confirms a failure only by a failed probe or confirmMs more silence', () => {
    const suspected = run(initialLiveness(0), { type: 'tick' }, 300).state;
    expect(run(suspected, { type: 'tick' }, 1299).effects).toEqual([]);
    const bySilence = run(suspected, { type: 'tick' }, 1300);
    expect(bySilence.state.phase).toBe('failed');
    expect(bySilence.effects).toEqual([
      { type: 'node-failed', reason: 'silent for 1300 ms and no probe answered' },
    ]);
    const byProbe = run(suspected, { type: 'probe-failed', reason: 'HTTP 503' }, 350);
    expect(byProbe.state.phase).toBe('failed');
    expect(byProbe.effects).toEqual([
      { type: 'node-failed', reason: 'health probe failed: HTTP 503' },
    ]);
  });

  it('brings a suspected node back when it answers its probe or heartbeats again', () => {
    const suspected = run(initialLiveness(0), { type: 'tick' }, 300).state;
    for (const event of [
      { type: 'probe-answered' },
      { type: 'heartbeat' },
      { type: 'registered' },
    ] as const) {
      const back = run(suspected, event, 320);
      expect(back.state).toEqual({
        phase: 'alive',
        lastHeardMs: 320,
        suspectedAtMs: 0,
        probing: false,
        // Only a probe answer says the node's own endpoint was reachable.
        probeAnsweredMs: event.type === 'probe-answered' ? 320 : 0,
      });
      expect(back.effects).toEqual([{ type: 'node-recovered' }]);
    }
  });

  it('ignores probe answers and heartbeats that come too late; a failed node must register', () => {
    const failed = run(
      run(initialLiveness(0), { type: 'tick' }, 300).state,
      { type: 'tick' },
      1300,
    ).state;
    expect(run(failed, { type: 'probe-answered' }, 1400).state.phase).toBe('failed');
    expect(run(failed, { type: 'heartbeat' }, 1400)).toEqual({ state: failed, effects: [] });
    expect(run(failed, { type: 'tick' }, 9000).effects).toEqual([]);
    const registered = run(failed, { type: 'registered' }, 1500);
    expect(registered.state.phase).toBe('alive');
    expect(registered.effects).toEqual([]);
    const alive = initialLiveness(0);
    expect(run(alive, { type: 'probe-failed', reason: 'late' }, 10).state.phase).toBe('alive');
  });
});
