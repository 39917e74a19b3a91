/**
 * The continuity query of the Sparkplug B stream tracker: replays a node's kept marks from its
 * baseline to tell whether an interval was covered by one unbroken session, alive at its start,
 * with no break, death or rebirth inside. A device's stream also counts its node's marks.
 */
import type { SparkplugErrorCode } from './sparkplug-error-codes.js';
import {
  applyMark,
  type Baseline,
  type NodeTrack,
  type StoredMark,
} from './sparkplug-node-track.js';
import type { SparkplugContinuity } from './sparkplug-stream-results.js';
import type { SparkplugStreamRef } from './sparkplug-topic.js';

/**
 * Whether [fromMs, toMs) of the stream `ref` of `node` (undefined: never heard from) was covered
 * by one session. `startedAtMs` is when watching began; `nowMs` is the caller's clock.
 */
export function streamContinuity(
  node: NodeTrack | undefined,
  startedAtMs: number,
  ref: SparkplugStreamRef,
  fromMs: number,
  toMs: number,
  nowMs: number,
): SparkplugContinuity {
  const no = (code: SparkplugErrorCode, message: string, atMs?: number): SparkplugContinuity => ({
    continuous: false,
    code,
    message,
    ...(atMs === undefined ? {} : { atMs }),
  });
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs >= toMs) {
    return no('sparkplug_interval_invalid', `[${fromMs}, ${toMs}) is not an interval`);
  }
  if (nowMs < toMs)
    return no('sparkplug_interval_open', `the interval ends at ${toMs}, now is ${nowMs}`);
  const historyFromMs = node?.historyFromMs ?? startedAtMs;
  if (fromMs < historyFromMs) {
    return no('sparkplug_history_evicted', `history of this stream starts at ${historyFromMs}`);
  }
  if (node === undefined)
    return no('sparkplug_stream_not_alive', 'nothing was received from this node');
  const state: Baseline = {
    nodeAlive: node.baseline.nodeAlive,
    ...(node.baseline.bdSeq === undefined ? {} : { bdSeq: node.baseline.bdSeq }),
    devicesAlive: new Set(node.baseline.devicesAlive),
  };
  const aliveNow = () =>
    state.nodeAlive && (ref.device === undefined || state.devicesAlive.has(ref.device));
  let aliveAtStart: boolean | undefined;
  for (const mark of node.marks as StoredMark[]) {
    if (mark.atMs >= toMs) break;
    const before = mark.atMs < fromMs || (mark.event === 'birth' && mark.atMs === fromMs);
    if (before) {
      applyMark(state, mark, mark.bdSeq, ref.device);
      continue;
    }
    if (mark.device !== undefined && mark.device !== ref.device) continue;
    aliveAtStart ??= aliveNow();
    if (mark.event === 'birth' && !aliveAtStart) {
      return no(
        'sparkplug_stream_not_alive',
        `the stream was born inside the interval at ${mark.atMs}`,
        mark.atMs,
      );
    }
    return no(mark.code, mark.message, mark.atMs);
  }
  if (!(aliveAtStart ?? aliveNow())) {
    return no('sparkplug_stream_not_alive', 'no live birth at the start of the interval');
  }
  return { continuous: true, bdSeq: state.bdSeq! };
}
