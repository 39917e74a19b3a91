/**
 * The Sparkplug B stream state machine, pure (no I/O, no clock: every message comes with the time
 * it was received). Per edge node it follows the session an NBIRTH opens (its bdSeq, its metric
 * definitions, the devices born under it), checks that every message after the birth carries the
 * next seq modulo 256, and closes the session on the NDEATH whose bdSeq matches. Everything that
 * can make a stream's readings incomplete or untrustworthy is kept as a timed mark, so that
 * `continuity` can tell afterwards whether an interval was covered by one unbroken session.
 * Times of marks are receive times (the subscriber's clock): a will NDEATH is built when the node
 * connects, so its own timestamp says nothing about when the node died.
 */
import { type CodedError, failWith, type Outcome, ok } from '@mycel/kernel';
import {
  SPARKPLUG_DEVICES_PER_NODE_MAX,
  SPARKPLUG_EDGE_NODES_MAX,
  SPARKPLUG_MARKS_PER_NODE_MAX,
  SPARKPLUG_SEQ_MODULUS,
} from '../limits/sparkplug.js';
import {
  decodeSparkplugPayload,
  type SparkplugMetric,
  type SparkplugPayload,
} from './sparkplug-codec.js';
import { applyDatatype, isSupportedDatatype, type SparkplugValue } from './sparkplug-datatypes.js';
import type { SparkplugBreakCode, SparkplugErrorCode } from './sparkplug-error-codes.js';
import {
  parseSparkplugTopic,
  type SparkplugMessageType,
  type SparkplugStreamRef,
} from './sparkplug-topic.js';

/** The metric a birth certificate carries the birth/death sequence number in. */
export const SPARKPLUG_BDSEQ_METRIC = 'bdSeq';
/** The metric property that names a metric's engineering unit. */
export const SPARKPLUG_UNIT_PROPERTY = 'engUnit';

/** One thing that broke a stream, at the time it was received. */
export interface SparkplugBreak {
  readonly code: SparkplugBreakCode;
  readonly atMs: number;
  readonly group: string;
  readonly edge: string;
  /** Set when only this device's stream broke; absent when the whole edge node's did. */
  readonly device?: string;
  readonly message: string;
}

/** A metric of a live stream with its name, datatype and unit resolved from the birth. */
export interface SparkplugResolvedMetric {
  readonly name: string;
  readonly alias?: number;
  readonly datatype: number;
  readonly value: SparkplugValue;
  readonly unit?: string;
  readonly timestampMs?: number;
  readonly isHistorical: boolean;
}

/** What one received message did. */
export interface SparkplugReceipt {
  readonly type?: SparkplugMessageType;
  readonly ref?: SparkplugStreamRef;
  readonly seq?: number;
  /** The bdSeq of the session the message belongs to. */
  readonly bdSeq?: bigint;
  readonly payloadTimestampMs?: number;
  /** Metrics of births and data of live streams, ready to become readings. */
  readonly metrics: readonly SparkplugResolvedMetric[];
  readonly breaks: readonly SparkplugBreak[];
  /** Problems that did not break the stream (an unknown alias, a bad topic, a full tracker). */
  readonly errors: readonly CodedError<SparkplugErrorCode>[];
}

/** The answer to "was [from, to) covered by one unbroken session of this stream?". */
export type SparkplugContinuity =
  | { readonly continuous: true; readonly bdSeq: bigint }
  | {
      readonly continuous: false;
      readonly code: SparkplugErrorCode;
      readonly message: string;
      readonly atMs?: number;
    };

interface Definition {
  readonly name: string;
  readonly alias?: number;
  readonly datatype: number;
  readonly unit?: string;
}

interface Definitions {
  readonly byName: Map<string, Definition>;
  readonly byAlias: Map<number, Definition>;
}

interface NodeSession {
  readonly bdSeq: bigint;
  readonly definitions: Definitions;
  readonly devices: Map<string, Definitions>;
}

interface Mark {
  readonly atMs: number;
  readonly event: 'birth' | 'death' | 'break';
  readonly device?: string;
  readonly code: SparkplugBreakCode;
  readonly message: string;
}

interface Baseline {
  nodeAlive: boolean;
  bdSeq?: bigint;
  readonly devicesAlive: Set<string>;
}

interface NodeTrack {
  session?: NodeSession;
  nextSeq?: number;
  readonly marks: Mark[];
  /** State after the marks that were dropped; continuity replays the kept marks from here. */
  readonly baseline: Baseline;
  historyFromMs: number;
}

const nodeKey = (group: string, edge: string) => `${group}/${edge}`;

function applyMark(state: Baseline, mark: Mark, bdSeq: bigint | undefined, device?: string): void {
  if (mark.device === undefined) {
    if (mark.event === 'birth') {
      state.nodeAlive = true;
      state.bdSeq = bdSeq;
      state.devicesAlive.clear();
    } else if (mark.event === 'death') {
      state.nodeAlive = false;
      state.devicesAlive.clear();
    }
  } else if (device === undefined || mark.device === device) {
    if (mark.event === 'birth') state.devicesAlive.add(mark.device);
    else if (mark.event === 'death') state.devicesAlive.delete(mark.device);
  }
}

/** Births carry the bdSeq they opened a session with, so continuity can name it. */
type StoredMark = Mark & { readonly bdSeq?: bigint };

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
      this.#push(node, stored);
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
      this.#push(node, { atMs, event: 'break', code, message });
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
    const node = this.#nodes.get(nodeKey(ref.group, ref.edge));
    const historyFromMs = node?.historyFromMs ?? this.#startedAtMs;
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

  #push(node: NodeTrack, mark: StoredMark): void {
    node.marks.push(mark);
    if (node.marks.length > SPARKPLUG_MARKS_PER_NODE_MAX) {
      const dropped = node.marks.shift() as StoredMark;
      applyMark(node.baseline, dropped, dropped.bdSeq);
      node.historyFromMs = Math.max(node.historyFromMs, dropped.atMs + 1);
    }
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** The bdSeq metric's value as a bigint, whatever integer datatype carried it. */
function bdSeqOf(payload: SparkplugPayload): bigint | undefined {
  const metric = payload.metrics.find((m) => m.name === SPARKPLUG_BDSEQ_METRIC);
  const v = metric?.value;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (metric?.wire?.field === 'long_value') return metric.wire.value;
  if (metric?.wire?.field === 'int_value') return BigInt(metric.wire.value);
  return undefined;
}

function unitOf(metric: SparkplugMetric): string | undefined {
  const unit = metric.properties?.[SPARKPLUG_UNIT_PROPERTY];
  return typeof unit === 'string' ? unit : undefined;
}

/** The definitions a birth registers: every metric with a name and a datatype. */
function definitionsOf(
  metrics: readonly SparkplugMetric[],
  errors: CodedError<SparkplugErrorCode>[],
): Definitions {
  const definitions: Definitions = { byName: new Map(), byAlias: new Map() };
  for (const m of metrics) {
    if (m.name === undefined || m.datatype === undefined) {
      errors.push({
        code: 'sparkplug_metric_invalid',
        message: `a birth metric ${m.name ?? `alias ${m.alias}`} has no ${m.name === undefined ? 'name' : 'datatype'}`,
      });
      continue;
    }
    const unit = unitOf(m);
    const definition: Definition = {
      name: m.name,
      datatype: m.datatype,
      ...(m.alias === undefined ? {} : { alias: m.alias }),
      ...(unit === undefined ? {} : { unit }),
    };
    definitions.byName.set(m.name, definition);
    if (m.alias !== undefined) definitions.byAlias.set(m.alias, definition);
  }
  return definitions;
}

function resolveAll(
  metrics: readonly SparkplugMetric[],
  definitions: Definitions,
  errors: CodedError<SparkplugErrorCode>[],
): SparkplugResolvedMetric[] {
  const out: SparkplugResolvedMetric[] = [];
  for (const m of metrics) {
    const resolved = resolveMetric(m, definitions);
    if (resolved.ok) out.push(resolved.value);
    else errors.push(resolved.error);
  }
  return out;
}

function resolveMetric(
  m: SparkplugMetric,
  definitions: Definitions,
): Outcome<SparkplugResolvedMetric, SparkplugErrorCode> {
  const definition =
    (m.alias === undefined ? undefined : definitions.byAlias.get(m.alias)) ??
    (m.name === undefined ? undefined : definitions.byName.get(m.name));
  const label = m.name ?? `alias ${m.alias}`;
  if (definition === undefined) {
    return failWith('sparkplug_metric_unknown', `${label} is not defined by the birth`);
  }
  if (m.datatype !== undefined && m.datatype !== definition.datatype) {
    return failWith(
      'sparkplug_metric_invalid',
      `${label} is ${m.datatype}, the birth says ${definition.datatype}`,
    );
  }
  let value = m.value;
  if (value === undefined) {
    if (!isSupportedDatatype(definition.datatype)) {
      return failWith(
        'sparkplug_metric_invalid',
        `${label}: datatype ${definition.datatype} is not decoded`,
      );
    }
    const typed = applyDatatype(definition.datatype, m.wire);
    if (!typed.ok) return failWith('sparkplug_metric_invalid', `${label}: ${typed.error.message}`);
    value = typed.value;
  }
  const unit = unitOf(m) ?? definition.unit;
  return ok({
    name: definition.name,
    ...(definition.alias === undefined ? {} : { alias: definition.alias }),
    datatype: definition.datatype,
    value,
    ...(unit === undefined ? {} : { unit }),
    ...(m.timestampMs === undefined ? {} : { timestampMs: m.timestampMs }),
    isHistorical: m.isHistorical,
  });
}
