/**
 * The Sparkplug B stream state machine, pure (no I/O, no clock: every message comes with the time
 * it was received). Per edge node it follows the session an NBIRTH opens (its bdSeq, its metric
 * definitions, the devices born under it), checks that every message after the birth carries the
 * next seq modulo 256, and closes the session on the NDEATH whose bdSeq matches. Everything that
 * can make a stream's readings incomplete or untrustworthy is kept as a timed mark, so that
 * `continuity` can tell afterwards whether an interval was covered by one unbroken session.
 * Times of marks are receive times (the subscriber's clock): a will NDEATH is built when the node
 * connects, so its own timestamp says nothing about when the node died. This file holds the
 * tracker that routes each message; the per-node state is in sparkplug-node-track.ts, the
 * continuity query in sparkplug-continuity.ts, metric resolution in sparkplug-metric-definitions.ts.
 */
import { type CodedError, failWith, type Outcome, ok } from '@mycel/kernel';
import {
  SPARKPLUG_DEVICES_PER_NODE_MAX,
  SPARKPLUG_EDGE_NODES_MAX,
  SPARKPLUG_SEQ_MODULUS,
} from '../limits/sparkplug.js';
import { decodeSparkplugPayload } from './sparkplug-codec.js';
import { streamContinuity } from './sparkplug-continuity.js';
import type { SparkplugBreakCode, SparkplugErrorCode } from './sparkplug-error-codes.js';
import { definitionsOf, resolveAll } from './sparkplug-metric-definitions.js';
import {
  type Mark,
  type NodeTrack,
  nodeKey,
  pushMark,
  type StoredMark,
  splitKey,
} from './sparkplug-node-track.js';
import { bdSeqOf } from './sparkplug-sequence.js';
import type {
  SparkplugBreak,
  SparkplugContinuity,
  SparkplugReceipt,
} from './sparkplug-stream-results.js';
import { parseSparkplugTopic, type SparkplugStreamRef } from './sparkplug-topic.js';

export class SparkplugStreamTracker {
  readonly #nodes = new Map<string, NodeTrack>();
  readonly #startedAtMs: number;

  /** `startedAtMs`: when the subscriber began to watch; nothing before it can be vouched for. */
  constructor(startedAtMs: number) {
    this.#startedAtMs = startedAtMs;
  }

  /** Edge nodes tracked now. */
  get nodeCount(): number {
    return this.#nodes.size;
  }

  /** Take one MQTT message. Never throws on bad input: every problem is a break or an error. */
  receive(topic: string, bytes: Uint8Array, receivedAtMs: number): SparkplugReceipt {
    const parsed = parseSparkplugTopic(topic);
    if (!parsed.ok) return { metrics: [], breaks: [], errors: [parsed.error] };
    if (parsed.value.kind === 'state') return { metrics: [], breaks: [], errors: [] };
    const { type, group, edge, device } = parsed.value;
    const ref: SparkplugStreamRef =
      device === undefined ? { group, edge } : { group, edge, device };
    // Commands come from host applications, not from the stream, and carry no seq.
    if (type === 'NCMD' || type === 'DCMD')
      return { type, ref, metrics: [], breaks: [], errors: [] };
    const track = this.#track(group, edge);
    if (!track.ok) return { type, ref, metrics: [], breaks: [], errors: [track.error] };
    const node = track.value;
    const breaks: SparkplugBreak[] = [];
    const errors: CodedError<SparkplugErrorCode>[] = [];
    const mark = (
      event: Mark['event'],
      code: SparkplugBreakCode,
      message: string,
      markDevice?: string,
      bdSeq?: bigint,
    ) => {
      const stored: StoredMark = {
        atMs: receivedAtMs,
        event,
        code,
        message,
        ...(markDevice === undefined ? {} : { device: markDevice }),
        ...(bdSeq === undefined ? {} : { bdSeq }),
      };
      pushMark(node, stored);
      if (event === 'break') {
        breaks.push({
          code,
          atMs: receivedAtMs,
          group,
          edge,
          ...(markDevice === undefined ? {} : { device: markDevice }),
          message,
        });
      }
    };
    const receipt = (extra: Partial<SparkplugReceipt> = {}): SparkplugReceipt => ({
      type,
      ref,
      metrics: [],
      breaks,
      errors,
      ...extra,
    });

    const decoded = decodeSparkplugPayload(bytes);
    if (!decoded.ok) {
      errors.push(decoded.error);
      const code: SparkplugBreakCode =
        decoded.error.code === 'sparkplug_payload_too_large' ||
        decoded.error.code === 'sparkplug_metrics_too_many'
          ? decoded.error.code
          : 'sparkplug_payload_invalid';
      mark('break', code, `${type}: ${decoded.error.message}`);
      return receipt();
    }
    const payload = decoded.value;
    const base = {
      ...(payload.timestampMs === undefined ? {} : { payloadTimestampMs: payload.timestampMs }),
    };

    if (type === 'NDEATH') {
      const bdSeq = bdSeqOf(payload);
      const session = node.session;
      if (bdSeq === undefined) {
        mark('break', 'sparkplug_bdseq_missing', 'NDEATH without a bdSeq metric');
      } else if (session === undefined) {
        // A will after an explicit death, or a death of a node never seen born: nothing to end.
      } else if (bdSeq !== session.bdSeq) {
        mark(
          'break',
          'sparkplug_bdseq_mismatch',
          `NDEATH bdSeq ${bdSeq} is not the live birth's ${session.bdSeq}`,
        );
      } else {
        node.session = undefined;
        node.nextSeq = undefined;
        mark('death', 'sparkplug_death_mid_interval', `NDEATH of bdSeq ${bdSeq}`);
      }
      return receipt({ ...base, ...(bdSeq === undefined ? {} : { bdSeq }) });
    }

    const seq = payload.seq;
    const seqValid =
      seq !== undefined && Number.isInteger(seq) && seq >= 0 && seq < SPARKPLUG_SEQ_MODULUS;

    if (type === 'NBIRTH') {
      const bdSeq = bdSeqOf(payload);
      if (!seqValid || bdSeq === undefined) {
        node.session = undefined;
        node.nextSeq = undefined;
        if (!seqValid) mark('break', 'sparkplug_seq_invalid', `NBIRTH seq ${String(seq)}`);
        else mark('break', 'sparkplug_bdseq_missing', 'NBIRTH without a bdSeq metric');
        return receipt(base);
      }
      const definitions = definitionsOf(payload.metrics, errors);
      node.session = { bdSeq, definitions, devices: new Map() };
      node.nextSeq = (seq + 1) % SPARKPLUG_SEQ_MODULUS;
      mark('birth', 'sparkplug_rebirth', `NBIRTH of bdSeq ${bdSeq}`, undefined, bdSeq);
      const metrics = resolveAll(payload.metrics, definitions, errors);
      return receipt({ ...base, seq, bdSeq, metrics });
    }

    // NDATA, DBIRTH, DDATA, DDEATH: all need a live node session and the next seq.
    const session = node.session;
    if (session === undefined) {
      mark('break', 'sparkplug_data_before_birth', `${type} before any live NBIRTH`);
      return receipt(base);
    }
    if (!seqValid) {
      mark('break', 'sparkplug_seq_invalid', `${type} seq ${String(seq)}`);
    } else {
      if (seq !== node.nextSeq) {
        mark('break', 'sparkplug_sequence_gap', `${type} seq ${seq}, expected ${node.nextSeq}`);
      }
      node.nextSeq = (seq + 1) % SPARKPLUG_SEQ_MODULUS;
    }
    const withSeq = { ...base, ...(seqValid ? { seq } : {}), bdSeq: session.bdSeq };

    if (type === 'NDATA') {
      return receipt({
        ...withSeq,
        metrics: resolveAll(payload.metrics, session.definitions, errors),
      });
    }
    const deviceId = device!;
    if (type === 'DBIRTH') {
      const reborn = session.devices.has(deviceId);
      if (!reborn && session.devices.size >= SPARKPLUG_DEVICES_PER_NODE_MAX) {
        errors.push({
          code: 'sparkplug_edge_nodes_too_many',
          message: `more than ${SPARKPLUG_DEVICES_PER_NODE_MAX} devices on ${group}/${edge}`,
        });
        return receipt(withSeq);
      }
      const definitions = definitionsOf(payload.metrics, errors);
      session.devices.set(deviceId, definitions);
      mark('birth', 'sparkplug_rebirth', `DBIRTH of ${deviceId}`, deviceId, session.bdSeq);
      return receipt({ ...withSeq, metrics: resolveAll(payload.metrics, definitions, errors) });
    }
    const definitions = session.devices.get(deviceId);
    if (type === 'DDEATH') {
      if (definitions !== undefined) {
        session.devices.delete(deviceId);
        mark('death', 'sparkplug_death_mid_interval', `DDEATH of ${deviceId}`, deviceId);
      }
      return receipt(withSeq);
    }
    if (definitions === undefined) {
      mark(
        'break',
        'sparkplug_data_before_birth',
        `DDATA of ${deviceId} before its DBIRTH`,
        deviceId,
      );
      return receipt(withSeq);
    }
    return receipt({ ...withSeq, metrics: resolveAll(payload.metrics, definitions, errors) });
  }

  /**
   * Mark every tracked node broken at `atMs` (the subscriber lost the broker and may have missed
   * anything, a death certificate included). Returns the breaks.
   */
  breakAll(code: SparkplugBreakCode, atMs: number, message: string): SparkplugBreak[] {
    const out: SparkplugBreak[] = [];
    for (const [key, node] of this.#nodes) {
      pushMark(node, { atMs, event: 'break', code, message });
      const [group, edge] = splitKey(key);
      out.push({ code, atMs, group, edge, message });
    }
    return out;
  }

  /**
   * Whether [fromMs, toMs) of the stream `ref` was covered by one session, alive at `fromMs`,
   * with no break, death or rebirth inside. `nowMs` is the caller's clock: an interval that has
   * not ended cannot be vouched for yet. For a device, the node's marks count too.
   */
  continuity(
    ref: SparkplugStreamRef,
    fromMs: number,
    toMs: number,
    nowMs: number,
  ): SparkplugContinuity {
    const node = this.#nodes.get(nodeKey(ref.group, ref.edge));
    return streamContinuity(node, this.#startedAtMs, ref, fromMs, toMs, nowMs);
  }

  #track(group: string, edge: string): Outcome<NodeTrack, SparkplugErrorCode> {
    const key = nodeKey(group, edge);
    const existing = this.#nodes.get(key);
    if (existing !== undefined) return ok(existing);
    if (this.#nodes.size >= SPARKPLUG_EDGE_NODES_MAX) {
      return failWith(
        'sparkplug_edge_nodes_too_many',
        `already tracking ${SPARKPLUG_EDGE_NODES_MAX} edge nodes`,
      );
    }
    const track: NodeTrack = {
      marks: [],
      baseline: { nodeAlive: false, devicesAlive: new Set() },
      historyFromMs: this.#startedAtMs,
    };
    this.#nodes.set(key, track);
    return ok(track);
  }
}
