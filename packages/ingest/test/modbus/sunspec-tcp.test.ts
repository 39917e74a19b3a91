/**
 * The simulated SunSpec site and the reader over real Modbus TCP on loopback: discovery by
 * walking the models, a day of clear-sky production on the simulated clock, a meter that agrees
 * within its accuracy, and each bad input with its exact code: a wrong scale factor, a rollback,
 * a server without the 'SunS' marker, a server that goes away mid-read, nothing listening.
 */
import { ed25519SignerFromSeed } from '@mycel/kernel';
import { ServerTCP } from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pvSystemAt,
  SimulatedSite,
  type SimulatedSiteOptions,
  SunSpecReader,
  type SunSpecServer,
  startSunSpecServer,
} from '../../src/index.js';

const DEVICE = ed25519SignerFromSeed(new Uint8Array(32).fill(71)).key.did;
const START = Date.parse('2026-03-21T00:00:00Z');
const system = pvSystemAt('Pune', 18.52, 73.86, 5000);
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function site(options: Partial<SimulatedSiteOptions> = {}) {
  const created = SimulatedSite.create({
    system,
    startMs: START,
    serial: 'INV-1',
    meterSerial: 'MTR-1',
    accumulatorStartWh: 5_000_000,
    meterStartWh: 4_000_000,
    ...options,
  });
  if (!created.ok) throw new Error(created.error.message);
  const server = await startSunSpecServer(created.value);
  if (!server.ok) throw new Error(server.error.message);
  closers.push(() => server.value.close());
  return { site: created.value, server: server.value };
}

async function reader(server: SunSpecServer, clock: () => number, timeoutMs?: number) {
  const connected = await SunSpecReader.connect({
    host: server.host,
    port: server.port,
    device: DEVICE,
    clock,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  if (connected.ok) closers.push(() => connected.value.close());
  return connected;
}

describe('SunSpec over Modbus TCP', () => {
  it('walks the models and reads a clear-sky day the meter agrees with', async () => {
    const { site: sim, server } = await site();
    const connected = await reader(server, () => sim.nowMs);
    expect(connected.ok).toBe(true);
    if (!connected.ok) return;
    const models = [...connected.value.directories.get(1)!.keys()];
    expect(models).toEqual([1, 103]);
    expect(connected.value.directories.get(1)!.get(103)!.address).toBe(40069 + 2);
    const first = await connected.value.read();
    sim.advanceTo(START + 86_400_000);
    const last = await connected.value.read();
    expect(first.ok && last.ok).toBe(true);
    if (!first.ok || !last.ok) return;
    const value = (readings: typeof first.value, metric: string) =>
      readings.find((reading) => reading.metric === metric)!;
    const inverterWh = value(last.value, 'WH').value - value(first.value, 'WH').value;
    const meterWh = value(last.value, 'TotWhExp').value - value(first.value, 'TotWhExp').value;
    expect(inverterWh).toBeGreaterThan(20_000);
    expect(inverterWh).toBeLessThan(40_000);
    expect(Math.abs(inverterWh - sim.trueProducedWh)).toBeLessThanOrEqual(1);
    expect(Math.abs(meterWh / inverterWh - (1 - 0.0125))).toBeLessThan(0.002);
    expect(value(last.value, 'WH')).toMatchObject({
      device: DEVICE,
      source: 'modbus-sunspec',
      unit: 'Wh',
      capturedAt: '2026-03-22T00:00:00.000Z',
      raw: { model: 103, sf: 0 },
    });
  });

  it('an inflating inverter counts more than the meter sees', async () => {
    const { site: sim, server } = await site({ inflate: 1.3 });
    const connected = await reader(server, () => sim.nowMs);
    if (!connected.ok) throw new Error(connected.error.message);
    const first = await connected.value.read();
    sim.advanceTo(START + 12 * 3_600_000);
    const last = await connected.value.read();
    if (!first.ok || !last.ok) throw new Error('read failed');
    const delta = (metric: string) =>
      last.value.find((r) => r.metric === metric)!.value -
      first.value.find((r) => r.metric === metric)!.value;
    expect(delta('WH') / delta('TotWhExp')).toBeGreaterThan(1.3);
  });

  it('refuses a WH_SF outside -10..10 with sunspec_scale_factor_invalid', async () => {
    const { site: sim, server } = await site({ wrongScaleFactor: 14 });
    const connected = await reader(server, () => sim.nowMs);
    if (!connected.ok) throw new Error(connected.error.message);
    const read = await connected.value.read();
    expect(!read.ok && read.error.code).toBe('sunspec_scale_factor_invalid');
  });

  it('refuses an accumulator that rolled back between two reads', async () => {
    const { site: sim, server } = await site();
    const connected = await reader(server, () => sim.nowMs);
    if (!connected.ok) throw new Error(connected.error.message);
    sim.advanceTo(START + 8 * 3_600_000);
    expect((await connected.value.read()).ok).toBe(true);
    sim.shiftAccumulator(-5000);
    sim.advanceTo(START + 8 * 3_600_000 + 300_000);
    const read = await connected.value.read();
    expect(!read.ok && read.error.code).toBe('sunspec_accumulator_rollback');
  });

  it("refuses a Modbus server without the 'SunS' marker", async () => {
    const { server: probe } = await site();
    const port = probe.port;
    await probe.close();
    const plain = new ServerTCP(
      {
        getHoldingRegister: () => 0,
        getMultipleHoldingRegisters: (_address: number, length: number) =>
          new Array<number>(length).fill(0),
      },
      { host: '127.0.0.1', port, unitID: 255 },
    );
    await new Promise((resolve) => plain.once('initialized', resolve));
    closers.push(() => new Promise((resolve) => plain.close(() => resolve())));
    const connected = await reader({ host: '127.0.0.1', port } as SunSpecServer, () => START);
    expect(!connected.ok && connected.error.code).toBe('sunspec_marker_missing');
  });

  it('reports modbus_connection_lost when the server goes away mid-read', async () => {
    const { site: sim, server } = await site();
    const connected = await reader(server, () => sim.nowMs, 300);
    if (!connected.ok) throw new Error(connected.error.message);
    server.stopAfterReads(1);
    const read = await connected.value.read();
    expect(!read.ok && read.error.code).toBe('modbus_connection_lost');
  });

  it('reports modbus_connect_failed when nothing listens', async () => {
    const { server } = await site();
    await server.close();
    const connected = await reader(server, () => START);
    expect(!connected.ok && connected.error.code).toBe('modbus_connect_failed');
  });
});
