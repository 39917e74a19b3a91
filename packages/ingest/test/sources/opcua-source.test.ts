/**
 * OPC UA as a real source of the gateway, in its PV-site role: the revenue meter. The Chennai
 * site's inverter and met station answer SunSpec over Modbus TCP, its meter is mirrored onto the
 * OPC UA meter server (SignAndEncrypt, 127.0.0.1), and both are polled at each read of
 * produceDay; the hours become signed MIP-ENR proofs whose meter evidence came over OPC UA and
 * which the verifier accepts. A gateway whose certificate the server does not trust gets no
 * session: the day is refused with opcua_certificate_untrusted and nothing is stored. One server
 * and two client identities serve the file (node-opcua's start and RSA keys cost seconds).
 */
import { LogLevel, setLogLevel } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  combineReadingSources,
  createOpcuaClientIdentity,
  exchangeCertificates,
  type GatewayClock,
  type MeterServer,
  type OpcuaClientIdentity,
  OpcuaReadingSource,
  opcuaMeterClock,
  produceDay,
  type Reading,
  type ReadingSource,
  revenueMeterNodes,
  SunSpecReader,
  startMeterServer,
  startSunSpecServer,
} from '../../src/index.js';
import { DATE, DEVICE, PACK, VERIFIER } from '../gateway/gateway-fixtures.js';
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

let server: MeterServer;
let gateway: OpcuaClientIdentity;
let stranger: OpcuaClientIdentity;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  setLogLevel(LogLevel.Error);
  const started = await startMeterServer({ label: 'sources-test' });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
  [gateway, stranger] = await Promise.all([
    createOpcuaClientIdentity('sources-gateway'),
    createOpcuaClientIdentity('sources-stranger'),
  ]);
  const given = await exchangeCertificates(server, gateway);
  if (!given.ok) throw new Error(given.error.message);
});

afterAll(async () => {
  await server?.stop();
  await gateway?.dispose();
  await stranger?.dispose();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * The site from `firstHour`: inverter (unit 1) and met station (unit 3) on Modbus, the meter on
 * the OPC UA server; `identity` is the gateway's OPC UA certificate.
 */
async function rig(firstHour: number, identity: OpcuaClientIdentity) {
  const site = chennaiSite(firstHour);
  const modbus = await startSunSpecServer(site);
  if (!modbus.ok) throw new Error(modbus.error.message);
  closers.push(() => modbus.value.close());
  const inverter = await SunSpecReader.connect({
    host: modbus.value.host,
    port: modbus.value.port,
    device: DEVICE.key.did,
    units: { inverter: site.units.inverter, met: site.units.met },
    clock: () => site.nowMs,
  });
  if (!inverter.ok) throw new Error(inverter.error.message);
  closers.push(() => inverter.value.close());
  const meter = OpcuaReadingSource.create({
    endpointUrl: server.endpointUrl,
    identity,
    serverCertificate: server.certificate,
    device: DEVICE.key.did,
    nodes: revenueMeterNodes(server.nodeIds),
  });
  if (!meter.ok) throw new Error(meter.error.message);
  closers.push(() => meter.value.close());
  const seen: Reading[] = [];
  const both = combineReadingSources([inverter.value, meter.value]);
  const watched: ReadingSource = {
    async read() {
      const polled = await both.read();
      if (polled.ok) seen.push(...polled.value);
      return polled;
    },
  };
  const vault = await countedVault();
  closers.push(() => vault.done());
  const clock = opcuaMeterClock(site, server);
  const day = (firstInterval: number, intervals: number, over: GatewayClock = clock) =>
    produceDay({
      clock: over,
      source: watched,
      date: DATE,
      firstInterval,
      intervals,
      device: CHENNAI_DEVICE,
      signer: DEVICE,
      vault: vault.vault,
      pack: PACK,
      verifier: VERIFIER,
    });
  return { site, clock, seen, vault, day };
}

describe('OPC UA revenue meter source → gateway', () => {
  it('turns three daylight hours into accepted proofs whose meter evidence came over OPC UA', async () => {
    const { seen, vault, day } = await rig(9, gateway);
    const produced = await day(9, 3);
    expect(produced.ok).toBe(true);
    if (!produced.ok) return;
    await expectAcceptedDay(produced.value, vault.vault);
    expect(vault.stored()).toBe(9);
    const fromMeter = seen.filter((reading) => reading.source === 'opc-ua');
    expect(new Set(fromMeter.map((reading) => reading.metric))).toEqual(
      new Set(['TotWhExp', 'MeterW']),
    );
    expect(fromMeter.find((reading) => reading.metric === 'TotWhExp')?.raw).toMatchObject({
      browseName: 'ExportedEnergy',
      nodeId: server.nodeIds.energy,
    });
    for (const interval of produced.value.intervals) {
      const meter = interval.produced!.evidence.meter!;
      expect(meter.sameLogger).toBe(false);
      for (const read of meter.reads) {
        const over = fromMeter.find(
          (reading) => reading.metric === 'TotWhExp' && Date.parse(reading.capturedAt) === read.tMs,
        );
        expect(over?.value).toBe(read.wh);
      }
      expect(meter.reads[1]!.tMs).toBe(interval.endMs);
    }
  });

  it('refuses the day when the server does not trust the gateway certificate (opcua_certificate_untrusted), storing nothing', async () => {
    const { vault, day } = await rig(10, stranger);
    const produced = await day(10, 2);
    expect(produced.ok).toBe(false);
    if (produced.ok) return;
    expect(produced.error.code).toBe('gateway_source_failed');
    expect(produced.error.message).toMatch(/^opcua_certificate_untrusted: /);
    expect(vault.stored()).toBe(0);
  });

  it('refuses the interval in which the meter reports a Bad value (opcua_status_not_good), keeping the hour before', async () => {
    const { clock, vault, day } = await rig(11, gateway);
    const badAt = DAY_START_MS + 12 * HOUR_MS + 20 * MINUTE_MS;
    const faulty: GatewayClock = {
      get nowMs() {
        return clock.nowMs;
      },
      advanceTo(timeMs) {
        clock.advanceTo(timeMs);
        if (timeMs === badAt) server.setStatus('energy', 'BadSensorFailure', timeMs);
      },
    };
    const before = await day(11, 1, faulty);
    expect(before.ok && before.value.accepted).toBe(1);
    const broken = await day(12, 1, faulty);
    const stop = stoppedBy(broken);
    expect(stop?.message).toMatch(/^opcua_status_not_good: /);
    expect(vault.stored()).toBe(3);
  });

  it('refuses a source that binds no node (source_options_invalid)', () => {
    const none = OpcuaReadingSource.create({
      endpointUrl: server.endpointUrl,
      identity: gateway,
      serverCertificate: server.certificate,
      device: DEVICE.key.did,
      nodes: {},
    });
    expect(none.ok || none.error.code).toBe('source_options_invalid');
  });
});
