/**
 * Sparkplug B as a real source of the gateway: the Chennai site's edge node publishes its
 * inverter, meter and pyranometer metrics on an Aedes broker on 127.0.0.1, the source answers
 * each read of produceDay with the stream's readings for that time, and the hours become signed
 * MIP-ENR proofs the verifier accepts. A sequence gap or a death certificate inside an interval
 * refuses that interval with the Sparkplug code, storing nothing; after a rebirth the next
 * interval is fine again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ProduceDayInput,
  produceDay,
  SPARKPLUG_SITE_ROLES,
  SparkplugReadingSource,
  type SparkplugSite,
  startSparkplugSite,
} from '../../src/index.js';
import { DATE, DEVICE, PACK, VERIFIER } from '../gateway/gateway-fixtures.js';
import { startTestBroker, type TestBroker, waitUntil } from '../sparkplug/aedes-broker.js';
import {
  CHENNAI_DEVICE,
  chennaiSite,
  countedVault,
  DAY_START_MS,
  expectAcceptedDay,
  HOUR_MS,
  MINUTE_MS,
  stoppedBy,
} from './source-fixtures.js';

const STREAM = { group: 'microgrid', edge: 'pv-chennai' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Rig {
  broker: TestBroker;
  feed: SparkplugSite;
  source: SparkplugReadingSource;
  vault: Awaited<ReturnType<typeof countedVault>>;
  day(firstInterval: number, intervals: number): ReturnType<typeof produceDay>;
}

/** Broker, source (its subscriber first, so it sees the birth), site edge node, vault. */
async function rig(firstHour: number): Promise<Rig> {
  const broker = await startTestBroker();
  closers.push(() => broker.close());
  const site = chennaiSite(firstHour);
  const source = await SparkplugReadingSource.start({
    url: broker.url,
    stream: STREAM,
    device: DEVICE.key.did,
    roles: SPARKPLUG_SITE_ROLES,
    clock: site,
  });
  if (!source.ok) throw new Error(source.error.message);
  closers.push(() => source.value.close());
  const feed = await startSparkplugSite({ url: broker.url, site, ...STREAM });
  if (!feed.ok) throw new Error(feed.error.message);
  closers.push(() => feed.value.close());
  const vault = await countedVault();
  closers.push(() => vault.done());
  const base: Omit<ProduceDayInput, 'firstInterval' | 'intervals'> = {
    clock: feed.value,
    source: source.value,
    date: DATE,
    device: CHENNAI_DEVICE,
    signer: DEVICE,
    vault: vault.vault,
    pack: PACK,
    verifier: VERIFIER,
  };
  return {
    broker,
    feed: feed.value,
    source: source.value,
    vault,
    day: (firstInterval, intervals) => produceDay({ ...base, firstInterval, intervals }),
  };
}

describe('Sparkplug B source → gateway', () => {
  it('turns three daylight hours of the stream into accepted, signed MIP-ENR proofs', async () => {
    const { day, vault } = await rig(9);
    const produced = await day(9, 3);
    expect(produced.ok).toBe(true);
    if (!produced.ok) return;
    expect(produced.value.intervals).toHaveLength(3);
    await expectAcceptedDay(produced.value, vault.vault);
    expect(vault.stored()).toBe(9);
    const first = produced.value.intervals[0]!.produced!.evidence;
    // Every 5-minute read of the hour, start and end included, came over the stream.
    expect(first.register.reads).toHaveLength(13);
    expect(first.meter!.reads.map((read) => read.tMs)).toEqual([
      DAY_START_MS + 9 * HOUR_MS,
      DAY_START_MS + 10 * HOUR_MS,
    ]);
    expect(first.irradiance!.samples).toHaveLength(12);
    expect(produced.value.claimedWh).toBeGreaterThan(20_000);
  });

  it('refuses the interval with a sequence gap (sparkplug_sequence_gap), stores nothing for it, and accepts the next after a rebirth', async () => {
    const { feed, day, vault } = await rig(9);
    const before = await day(9, 1);
    expect(before.ok && before.value.accepted).toBe(1);
    expect(vault.stored()).toBe(3);

    feed.faultAt(DAY_START_MS + 10 * HOUR_MS + 25 * MINUTE_MS, 'sequence-gap');
    const broken = await day(10, 1);
    const stop = stoppedBy(broken);
    expect(stop?.code).toBe('gateway_source_failed');
    expect(stop?.message).toMatch(/^sparkplug_sequence_gap: /);
    expect(vault.stored()).toBe(3);

    const reborn = await feed.rebirth();
    expect(reborn.ok).toBe(true);
    const after = await day(11, 1);
    expect(after.ok).toBe(true);
    if (!after.ok) return;
    await expectAcceptedDay(after.value, vault.vault);
    expect(vault.stored()).toBe(6);
  });

  it('refuses the interval a death certificate falls in (sparkplug_death_mid_interval); the node reborn with the next bdSeq makes the next interval fine', async () => {
    const { feed, day, vault } = await rig(10);
    feed.faultAt(DAY_START_MS + 10 * HOUR_MS + 40 * MINUTE_MS, 'death');
    const broken = await day(10, 2);
    const stop = stoppedBy(broken);
    expect(stop?.message).toMatch(/^sparkplug_death_mid_interval: /);
    expect(vault.stored()).toBe(0);
    expect(feed.alive).toBe(false);

    expect((await feed.rebirth()).ok).toBe(true);
    expect(feed.bdSeq).toBe(1);
    const after = await day(11, 2);
    expect(after.ok).toBe(true);
    if (!after.ok) return;
    await expectAcceptedDay(after.value, vault.vault);
    expect(vault.stored()).toBe(6);
  });

  it("refuses the interval in which the node's connection drops (the broker's will NDEATH)", async () => {
    const { feed, day, vault, source } = await rig(12);
    feed.faultAt(DAY_START_MS + 12 * HOUR_MS + 15 * MINUTE_MS, 'connection-drop');
    const broken = await day(12, 1);
    const stop = stoppedBy(broken);
    expect(stop?.message).toMatch(/^sparkplug_death_mid_interval: /);
    expect(source.subscriber.stats.breaks).toBe(0);
    expect(vault.stored()).toBe(0);
  });

  it('refuses to read a stream that was never born (sparkplug_stream_not_alive)', async () => {
    const broker = await startTestBroker();
    closers.push(() => broker.close());
    const clock = { nowMs: DAY_START_MS };
    const source = await SparkplugReadingSource.start({
      url: broker.url,
      stream: { group: 'microgrid', edge: 'silent' },
      device: DEVICE.key.did,
      roles: SPARKPLUG_SITE_ROLES,
      clock,
      waitMs: 50,
    });
    if (!source.ok) throw new Error(source.error.message);
    closers.push(() => source.value.close());
    const read = await source.value.read();
    expect(read.ok || read.error.code).toBe('sparkplug_stream_not_alive');
  });

  it('refuses a read whose metrics do not all arrive in time (source_readings_missing)', async () => {
    const { broker, feed } = await rig(9);
    const source = await SparkplugReadingSource.start({
      url: broker.url,
      stream: STREAM,
      device: DEVICE.key.did,
      roles: { ...SPARKPLUG_SITE_ROLES, irradiance: 'Met/GHI' },
      clock: feed,
      waitMs: 50,
    });
    if (!source.ok) throw new Error(source.error.message);
    closers.push(() => source.value.close());
    // This subscriber joined after the birth: the stream is alive once it sees a rebirth.
    await feed.rebirth();
    await waitUntil(() => source.value.subscriber.stats.messages > 0, 'the rebirth');
    const read = await source.value.read();
    expect(read.ok || read.error.code).toBe('source_readings_missing');
    expect(read.ok || read.error.message).toMatch(/Met\/GHI/);
  });

  it('refuses a source that binds no metric, or one metric to two roles (source_options_invalid)', async () => {
    const clock = { nowMs: 0 };
    const subscriberless = (roles: Record<string, string>) =>
      SparkplugReadingSource.start({
        url: 'mqtt://127.0.0.1:1',
        stream: STREAM,
        device: DEVICE.key.did,
        roles,
        clock,
      });
    const none = await subscriberless({});
    expect(none.ok || none.error.code).toBe('source_options_invalid');
    const twice = await subscriberless({ energy: 'Inverter/WH', meterEnergy: 'Inverter/WH' });
    expect(twice.ok || twice.error.code).toBe('source_options_invalid');
  });
});
