/**
 * The subscriber and the edge node simulator against a real MQTT broker (Aedes in process, real
 * TCP on 127.0.0.1): readings come out with units and seq/bdSeq, and each bad stream gives its
 * own code for the interval it spoils while the subscriber keeps running and loses nothing else.
 * Both sides share a controlled clock so that interval bounds are exact.
 */

import type { CodedError } from '@mycel/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../src/reading.js';
import {
  type SparkplugBreak,
  type SparkplugEdgeNode,
  type SparkplugErrorCode,
  type SparkplugSubscriber,
  startSparkplugEdgeNode,
  startSparkplugSubscriber,
  SPARKPLUG_DATATYPES as T,
} from '../../src/sparkplug/sparkplug-entry.js';
import { startTestBroker, type TestBroker, waitUntil } from './aedes-broker.js';

const DEVICE = 'did:key:z6MkSparkplugTestMeter';
const NODE = { group: 'microgrid', edge: 'inverter-1' };
const METRICS = [
  { name: 'WH', alias: 1, datatype: T.UInt64, unit: 'Wh' },
  { name: 'W', alias: 2, datatype: T.Int32 },
];

let broker: TestBroker;
let subscriber: SparkplugSubscriber;
let now = 0;
let readings: Reading[];
let breaks: SparkplugBreak[];
let errors: { error: CodedError<SparkplugErrorCode>; topic: string }[];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  now = 1_000;
  readings = [];
  breaks = [];
  errors = [];
  broker = await startTestBroker();
  const started = await startSparkplugSubscriber({
    url: broker.url,
    clock: () => now,
    deviceDid: (ref) => (ref.edge === NODE.edge && ref.device === undefined ? DEVICE : undefined),
    units: { W: 'W' },
    onReading: (r) => readings.push(r),
    onBreak: (b) => breaks.push(b),
    onError: (error, topic) => errors.push({ error, topic }),
  });
  if (!started.ok) throw new Error(started.error.message);
  subscriber = started.value;
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await subscriber.close();
  await broker.close();
});

async function edgeNode(bdSeq = 0): Promise<SparkplugEdgeNode> {
  const started = await startSparkplugEdgeNode({
    url: broker.url,
    ...NODE,
    bdSeq,
    metrics: METRICS,
    clock: () => now,
  });
  if (!started.ok) throw new Error(started.error.message);
  closers.push(() => started.value.close());
  return started.value;
}

/** Publish at time `at` and wait until the subscriber has taken the message. */
async function at(time: number, publish: () => unknown): Promise<void> {
  now = time;
  const before = subscriber.stats.messages;
  await publish();
  await waitUntil(() => subscriber.stats.messages > before, `the message published at ${time}`);
}

const codesOf = (list: { code: string }[]) => list.map((x) => x.code);

describe('Sparkplug B over a real broker', () => {
  it('an unbroken stream yields readings with units, seq and bdSeq, and holds continuity', async () => {
    const node = await edgeNode(3);
    await at(1_000, () => node.birth({ WH: 10n, W: 0 }));
    await at(2_000, () => node.data({ WH: 2n ** 60n + 1n, W: -250 }));
    await at(3_000, () => node.data({ WH: 2n ** 60n + 7n }));
    now = 5_000;
    const interval = subscriber.interval(NODE, 1_000, 4_000);
    expect(interval.continuity).toEqual({ continuous: true, bdSeq: 3n });
    expect(
      interval.readings.map((r) => [r.metric, r.value, r.unit, r.raw?.seq, r.raw?.bdSeq]),
    ).toEqual([
      ['WH', 10, 'Wh', 0, 3],
      ['W', 0, 'W', 0, 3],
      ['WH', Number(2n ** 60n + 1n), 'Wh', 1, 3],
      ['W', -250, 'W', 1, 3],
      ['WH', Number(2n ** 60n + 7n), 'Wh', 2, 3],
    ]);
    const exact = interval.readings[2]!;
    expect(exact).toMatchObject({
      device: DEVICE,
      source: 'sparkplug-b',
      capturedAt: new Date(2_000).toISOString(),
      raw: { exact: (2n ** 60n + 1n).toString(), datatype: 'UInt64' },
    });
    expect(breaks).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a sequence gap breaks the interval with sparkplug_sequence_gap; readings are kept', async () => {
    const node = await edgeNode();
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () => node.data({ WH: 2n }));
    await at(3_000, () => node.data({ WH: 3n }, { seq: 5 }));
    now = 5_000;
    expect(codesOf(breaks)).toEqual(['sparkplug_sequence_gap']);
    const interval = subscriber.interval(NODE, 1_000, 4_000);
    expect(interval.continuity).toMatchObject({
      continuous: false,
      code: 'sparkplug_sequence_gap',
      atMs: 3_000,
    });
    expect(interval.readings.filter((r) => r.metric === 'WH').map((r) => r.value)).toEqual([
      1, 2, 3,
    ]);
    expect(subscriber.interval(NODE, 1_000, 3_000).continuity.continuous).toBe(true);
  });

  it('a death certificate mid-interval is sparkplug_death_mid_interval', async () => {
    const node = await edgeNode();
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () => node.data({ WH: 2n }));
    await at(3_000, () => node.death());
    now = 5_000;
    expect(subscriber.interval(NODE, 1_000, 4_000).continuity).toMatchObject({
      continuous: false,
      code: 'sparkplug_death_mid_interval',
      atMs: 3_000,
    });
    expect(subscriber.interval(NODE, 1_000, 3_000).continuity.continuous).toBe(true);
  });

  it('data before birth is sparkplug_data_before_birth; what follows the birth counts', async () => {
    const node = await edgeNode();
    await at(1_000, () => node.data({ WH: 5n }, { seq: 9 }));
    await at(2_000, () => node.birth({ WH: 6n, W: 0 }));
    await at(3_000, () => node.data({ WH: 7n }));
    now = 5_000;
    expect(codesOf(breaks)).toEqual(['sparkplug_data_before_birth']);
    expect(subscriber.interval(NODE, 1_000, 4_000).continuity).toMatchObject({
      code: 'sparkplug_data_before_birth',
    });
    const after = subscriber.interval(NODE, 2_000, 4_000);
    expect(after.continuity.continuous).toBe(true);
    expect(after.readings.filter((r) => r.metric === 'WH').map((r) => r.value)).toEqual([6, 7]);
  });

  it('a death whose bdSeq does not match the birth is sparkplug_bdseq_mismatch', async () => {
    const node = await edgeNode(4);
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () => node.death({ bdSeq: 9 }));
    now = 5_000;
    expect(codesOf(breaks)).toEqual(['sparkplug_bdseq_mismatch']);
    expect(subscriber.interval(NODE, 1_000, 4_000).continuity).toMatchObject({
      code: 'sparkplug_bdseq_mismatch',
    });
  });

  it('garbage payload bytes: sparkplug_payload_invalid, the subscriber keeps going and later data counts', async () => {
    const node = await edgeNode();
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () =>
      node.publishRaw('spBv1.0/microgrid/NDATA/inverter-1', Buffer.from('not a protobuf payload')),
    );
    await at(3_000, () => node.data({ WH: 2n }));
    now = 5_000;
    expect(errors.map((e) => e.error.code)).toEqual(['sparkplug_payload_invalid']);
    expect(subscriber.interval(NODE, 1_000, 4_000).continuity).toMatchObject({
      code: 'sparkplug_payload_invalid',
      atMs: 2_000,
    });
    const after = subscriber.interval(NODE, 2_001, 4_000);
    expect(after.continuity.continuous).toBe(true);
    expect(after.readings.map((r) => r.value)).toEqual([2]);
    expect(subscriber.stats).toMatchObject({ messages: 3, readings: 3 });
  });

  it('a bad topic is sparkplug_topic_invalid and breaks nothing', async () => {
    const node = await edgeNode();
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () =>
      node.publishRaw('spBv1.0/microgrid/NREPORT/inverter-1', new Uint8Array([8, 1])),
    );
    await at(3_000, () => node.data({ WH: 2n }));
    now = 5_000;
    expect(errors.map((e) => [e.error.code, e.topic])).toEqual([
      ['sparkplug_topic_invalid', 'spBv1.0/microgrid/NREPORT/inverter-1'],
    ]);
    const interval = subscriber.interval(NODE, 1_000, 4_000);
    expect(interval.continuity.continuous).toBe(true);
    expect(interval.readings.filter((r) => r.metric === 'WH').map((r) => r.value)).toEqual([1, 2]);
  });

  it('a killed publisher connection makes the broker send the will NDEATH, which breaks the interval', async () => {
    const node = await edgeNode(2);
    await at(1_000, () => node.birth({ WH: 1n, W: 1 }));
    await at(2_000, () => node.data({ WH: 2n }));
    await at(3_000, () => node.kill());
    now = 5_000;
    expect(subscriber.interval(NODE, 1_000, 4_000).continuity).toMatchObject({
      continuous: false,
      code: 'sparkplug_death_mid_interval',
      atMs: 3_000,
    });
    expect(subscriber.interval(NODE, 3_500, 4_000).continuity).toMatchObject({
      code: 'sparkplug_stream_not_alive',
    });
  });

  it('a stream with no configured device identity gives sparkplug_device_unknown once, no readings', async () => {
    const started = await startSparkplugEdgeNode({
      url: broker.url,
      group: 'microgrid',
      edge: 'stranger',
      metrics: METRICS,
      clock: () => now,
    });
    if (!started.ok) throw new Error(started.error.message);
    closers.push(() => started.value.close());
    await at(1_000, () => started.value.birth({ WH: 1n, W: 1 }));
    await at(2_000, () => started.value.data({ WH: 2n }));
    expect(errors.map((e) => e.error.code)).toEqual(['sparkplug_device_unknown']);
    expect(readings).toEqual([]);
  });

  it('an unreachable broker is sparkplug_broker_unreachable', async () => {
    const gone = await startTestBroker();
    await gone.close();
    const started = await startSparkplugSubscriber({ url: gone.url, deviceDid: () => DEVICE });
    expect(started.ok || started.error.code).toBe('sparkplug_broker_unreachable');
  });
});
