/**
 * A simulated microgrid the devnet runs in-process: the SunSpec site (inverter, revenue meter,
 * met station) on a real Modbus TCP server on loopback, a SunSpec reader connected to it, and the
 * gateway device description that matches the site. An honest and an inflating microgrid differ
 * only in `inflate`.
 */
import type { Signer } from '@mycel/kernel';
import type { ModbusResult } from '../modbus/modbus-error-codes.js';
import type { PvSystem } from '../modbus/sim-pv-model.js';
import { SimulatedSite, type SimulatedSiteOptions } from '../modbus/simulated-site.js';
import { SunSpecReader } from '../modbus/sunspec-reader.js';
import { type SunSpecServer, startSunSpecServer } from '../modbus/sunspec-server.js';
import type { GatewayDevice } from './interval-evidence.js';

export interface SimulatedMicrogridOptions
  extends Omit<SimulatedSiteOptions, 'system' | 'startMs' | 'serial' | 'meterSerial'> {
  readonly system: PvSystem;
  readonly startMs: number;
  /** The device's key; its did attributes the readings and signs the proofs. */
  readonly signer: Signer;
  /** The claim subject; default `device:pv-<label>`. */
  readonly subject?: string;
  readonly serial?: string;
  readonly meterSerial?: string;
  readonly commissioned?: string;
  readonly port?: number;
}

export interface SimulatedMicrogrid {
  readonly site: SimulatedSite;
  readonly server: SunSpecServer;
  readonly reader: SunSpecReader;
  readonly device: GatewayDevice;
  close(): Promise<void>;
}

export async function startSimulatedMicrogrid(
  options: SimulatedMicrogridOptions,
): Promise<ModbusResult<SimulatedMicrogrid>> {
  const label = options.system.label.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const serial = options.serial ?? `INV-${label.toUpperCase()}-0001`;
  const meterSerial = options.meterSerial ?? `MTR-${label.toUpperCase()}-0001`;
  const site = SimulatedSite.create({ ...options, serial, meterSerial });
  if (!site.ok) return site;
  const server = await startSunSpecServer(site.value, {
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  if (!server.ok) return server;
  const reader = await SunSpecReader.connect({
    host: server.value.host,
    port: server.value.port,
    device: options.signer.key.did,
    units: site.value.units,
    clock: () => site.value.nowMs,
  });
  if (!reader.ok) {
    await server.value.close();
    return reader;
  }
  const device: GatewayDevice = {
    did: options.signer.key.did,
    subject: options.subject ?? `device:pv-${label}`,
    ratedAcPowerW: options.system.ratedAcPowerW,
    nameplateDcW: options.system.nameplateDcW,
    location: { lat: options.system.lat, lon: options.system.lon },
    commissioned: options.commissioned ?? '2024-04-01',
    meterSerial,
  };
  return {
    ok: true,
    value: {
      site: site.value,
      server: server.value,
      reader: reader.value,
      device,
      async close() {
        await reader.value.close();
        await server.value.close();
      },
    },
  };
}
