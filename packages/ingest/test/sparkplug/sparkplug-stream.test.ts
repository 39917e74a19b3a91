/**
 * The pure stream state machine and topic parser: each way a stream can break gives its own code
 * for intervals that contain it, while intervals before and after it stay continuous.
 */
import { describe, expect, it } from 'vitest';
import {
  encodeSparkplugPayload,
  type SparkplugMetricInput,
} from '../../src/sparkplug/sparkplug-codec.js';
import { SPARKPLUG_DATATYPES as T } from '../../src/sparkplug/sparkplug-datatypes.js';
import { SparkplugStreamTracker } from '../../src/sparkplug/sparkplug-stream.js';
import { parseSparkplugTopic } from '../../src/sparkplug/sparkplug-topic.js';

const NODE = { group: 'g', edge: 'e' };
const bytes = (seq: number | undefined, metrics: SparkplugMetricInput[]) => {
  const encoded = encodeSparkplugPayload({
    timestampMs: 1,
    ...(seq === undefined ? {} : { seq }),
    metrics,
  });
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
};
const bdSeq = (n: number): SparkplugMetricInput => ({
  name: 'bdSeq',
  datatype: T.Int64,
  value: BigInt(n),
});
const energy = (value: bigint): SparkplugMetricInput => ({
  alias: 1,
  datatype: T.UInt64,
  value,
  datatypeOnWire: false,
});
const birth = (seq = 0, bd = 0) =>
  bytes(seq, [
    bdSeq(bd),
    { name: 'WH', alias: 1, datatype: T.UInt64, value: 0n, properties: { engUnit: 'Wh' } },
  ]);

describe('Sparkplug topics', () => {
  it('parses node, device and STATE topics', () => {
    expect(parseSparkplugTopic('spBv1.0/g/NDATA/e')).toEqual({
      ok: true,
      value: { kind: 'message', type: 'NDATA', group: 'g', edge: 'e' },
    });
    expect(parseSparkplugTopic('spBv1.0/g/DDATA/e/d')).toMatchObject({
      ok: true,
      value: { device: 'd' },
    });
    expect(parseSparkplugTopic('spBv1.0/STATE/host')).toEqual({
      ok: true,
      value: { kind: 'state', hostId: 'host' },
    });
  });

  it.each([
    'spAv1.0/g/NDATA/e',
    'spBv1.0/g/NFOO/e',
    'spBv1.0/g/NDATA/e/d',
    'spBv1.0/g/DDATA/e',
    'spBv1.0//NDATA/e',
    'spBv1.0/g/NDATA',
    'spBv1.0/g/NDATA/e+',
  ])('%s is sparkplug_topic_invalid', (topic) => {
    const parsed = parseSparkplugTopic(topic);
    expect(parsed.ok || parsed.error.code).toBe('sparkplug_topic_invalid');
  });
});

describe('Sparkplug stream continuity', () => {
  function started() {
    const tracker = new SparkplugStreamTracker(0);
    expect(tracker.receive('spBv1.0/g/NBIRTH/e', birth(), 10).breaks).toEqual([]);
    return tracker;
  }

  it('an unbroken stream is continuous, seq wraps 255 → 0, data metrics typed by the birth', () => {
    const tracker = started();
    for (let i = 1; i <= 300; i += 1) {
      const receipt = tracker.receive(
        'spBv1.0/g/NDATA/e',
        bytes(i % 256, [energy(BigInt(i) * 2n ** 40n)]),
        10 + i,
      );
      expect(receipt.breaks).toEqual([]);
      expect(receipt.metrics).toEqual([
        {
          name: 'WH',
          alias: 1,
          datatype: T.UInt64,
          value: BigInt(i) * 2n ** 40n,
          unit: 'Wh',
          isHistorical: false,
        },
      ]);
    }
    expect(tracker.continuity(NODE, 10, 400, 400)).toEqual({ continuous: true, bdSeq: 0n });
  });

  it('a sequence gap breaks the interval with sparkplug_sequence_gap', () => {
    const tracker = started();
    tracker.receive('spBv1.0/g/NDATA/e', bytes(1, [energy(1n)]), 20);
    const receipt = tracker.receive('spBv1.0/g/NDATA/e', bytes(3, [energy(2n)]), 30);
    expect(receipt.breaks.map((b) => b.code)).toEqual(['sparkplug_sequence_gap']);
    expect(receipt.metrics).toHaveLength(1);
    expect(tracker.continuity(NODE, 10, 40, 50)).toMatchObject({
      continuous: false,
      code: 'sparkplug_sequence_gap',
      atMs: 30,
    });
    expect(tracker.continuity(NODE, 10, 30, 50).continuous).toBe(true);
    expect(tracker.continuity(NODE, 31, 40, 50).continuous).toBe(true);
  });

  it('a death certificate inside the interval is sparkplug_death_mid_interval', () => {
    const tracker = started();
    tracker.receive('spBv1.0/g/NDEATH/e', bytes(undefined, [bdSeq(0)]), 30);
    expect(tracker.continuity(NODE, 10, 40, 50)).toMatchObject({
      continuous: false,
      code: 'sparkplug_death_mid_interval',
    });
    expect(tracker.continuity(NODE, 31, 40, 50)).toMatchObject({
      continuous: false,
      code: 'sparkplug_stream_not_alive',
    });
  });

  it('data before birth is sparkplug_data_before_birth and yields no metrics', () => {
    const tracker = new SparkplugStreamTracker(0);
    const receipt = tracker.receive('spBv1.0/g/NDATA/e', bytes(1, [energy(1n)]), 5);
    expect(receipt.breaks.map((b) => b.code)).toEqual(['sparkplug_data_before_birth']);
    expect(receipt.metrics).toEqual([]);
    expect(tracker.continuity(NODE, 0, 10, 10)).toMatchObject({
      continuous: false,
      code: 'sparkplug_data_before_birth',
    });
  });

  it('a death whose bdSeq is not the birth’s is sparkplug_bdseq_mismatch and does not end the session', () => {
    const tracker = started();
    const receipt = tracker.receive('spBv1.0/g/NDEATH/e', bytes(undefined, [bdSeq(9)]), 30);
    expect(receipt.breaks.map((b) => b.code)).toEqual(['sparkplug_bdseq_mismatch']);
    expect(tracker.continuity(NODE, 10, 40, 50)).toMatchObject({
      continuous: false,
      code: 'sparkplug_bdseq_mismatch',
    });
    expect(tracker.receive('spBv1.0/g/NDATA/e', bytes(1, [energy(1n)]), 35).breaks).toEqual([]);
    expect(tracker.continuity(NODE, 31, 40, 50).continuous).toBe(true);
  });

  it('a rebirth inside the interval is sparkplug_rebirth; the new session covers what follows', () => {
    const tracker = started();
    tracker.receive('spBv1.0/g/NBIRTH/e', birth(0, 1), 30);
    expect(tracker.continuity(NODE, 10, 40, 50)).toMatchObject({
      continuous: false,
      code: 'sparkplug_rebirth',
    });
    expect(tracker.continuity(NODE, 30, 40, 50)).toEqual({ continuous: true, bdSeq: 1n });
  });

  it('devices: DDATA before DBIRTH and DDEATH break the device, not the node', () => {
    const tracker = started();
    const dev = { ...NODE, device: 'meter' };
    const ddata = tracker.receive('spBv1.0/g/DDATA/e/meter', bytes(1, [energy(1n)]), 20);
    expect(ddata.breaks.map((b) => [b.code, b.device])).toEqual([
      ['sparkplug_data_before_birth', 'meter'],
    ]);
    tracker.receive(
      'spBv1.0/g/DBIRTH/e/meter',
      bytes(2, [{ name: 'WH', alias: 1, datatype: T.UInt64, value: 0n }]),
      30,
    );
    tracker.receive('spBv1.0/g/DDATA/e/meter', bytes(3, [energy(5n)]), 40);
    tracker.receive('spBv1.0/g/DDEATH/e/meter', bytes(4, []), 50);
    expect(tracker.continuity(dev, 30, 50, 60).continuous).toBe(true);
    expect(tracker.continuity(dev, 30, 51, 60)).toMatchObject({
      continuous: false,
      code: 'sparkplug_death_mid_interval',
    });
    expect(tracker.continuity(dev, 10, 50, 60)).toMatchObject({
      continuous: false,
      code: 'sparkplug_data_before_birth',
    });
    expect(tracker.continuity(NODE, 10, 60, 60).continuous).toBe(true);
  });

  it('garbage on a node topic is sparkplug_payload_invalid; later data still counts', () => {
    const tracker = started();
    const receipt = tracker.receive('spBv1.0/g/NDATA/e', Buffer.from('not a protobuf payload'), 20);
    expect(receipt.errors.map((e) => e.code)).toEqual(['sparkplug_payload_invalid']);
    expect(receipt.breaks.map((b) => b.code)).toEqual(['sparkplug_payload_invalid']);
    expect(tracker.receive('spBv1.0/g/NDATA/e', bytes(1, [energy(1n)]), 30).metrics).toHaveLength(
      1,
    );
    expect(tracker.continuity(NODE, 21, 40, 40).continuous).toBe(true);
  });

  it('a bad topic is an error, not a break of any stream', () => {
    const tracker = started();
    const receipt = tracker.receive('spBv1.0/g/NOPE/e', birth(), 20);
    expect(receipt.errors.map((e) => e.code)).toEqual(['sparkplug_topic_invalid']);
    expect(receipt.breaks).toEqual([]);
    expect(tracker.continuity(NODE, 10, 30, 30).continuous).toBe(true);
  });

  it('births without bdSeq or seq, and data without seq, are coded breaks', () => {
    const tracker = new SparkplugStreamTracker(0);
    const noBd = tracker.receive('spBv1.0/g/NBIRTH/e', bytes(0, []), 1);
    expect(noBd.breaks.map((b) => b.code)).toEqual(['sparkplug_bdseq_missing']);
    const noSeq = tracker.receive('spBv1.0/g/NBIRTH/e', bytes(undefined, [bdSeq(0)]), 2);
    expect(noSeq.breaks.map((b) => b.code)).toEqual(['sparkplug_seq_invalid']);
    tracker.receive('spBv1.0/g/NBIRTH/e', birth(), 3);
    const dataNoSeq = tracker.receive('spBv1.0/g/NDATA/e', bytes(undefined, [energy(1n)]), 4);
    expect(dataNoSeq.breaks.map((b) => b.code)).toEqual(['sparkplug_seq_invalid']);
  });

  it('an unknown alias is sparkplug_metric_unknown and does not break the stream', () => {
    const tracker = started();
    const receipt = tracker.receive(
      'spBv1.0/g/NDATA/e',
      bytes(1, [{ alias: 77, datatype: T.Double, value: 1, datatypeOnWire: false }]),
      20,
    );
    expect(receipt.errors.map((e) => e.code)).toEqual(['sparkplug_metric_unknown']);
    expect(receipt.breaks).toEqual([]);
  });

  it('interval queries: invalid, still open, before the tracker started, nothing received', () => {
    const tracker = new SparkplugStreamTracker(100);
    expect(tracker.continuity(NODE, 200, 200, 300)).toMatchObject({
      code: 'sparkplug_interval_invalid',
    });
    expect(tracker.continuity(NODE, 200, 250, 240)).toMatchObject({
      code: 'sparkplug_interval_open',
    });
    expect(tracker.continuity(NODE, 50, 250, 300)).toMatchObject({
      code: 'sparkplug_history_evicted',
    });
    expect(tracker.continuity(NODE, 150, 250, 300)).toMatchObject({
      code: 'sparkplug_stream_not_alive',
    });
  });

  it('losing the broker breaks every tracked stream with sparkplug_subscriber_offline', () => {
    const tracker = started();
    expect(
      tracker.breakAll('sparkplug_subscriber_offline', 20, 'offline').map((b) => b.edge),
    ).toEqual(['e']);
    expect(tracker.continuity(NODE, 10, 30, 30)).toMatchObject({
      code: 'sparkplug_subscriber_offline',
    });
  });
});
