/**
 * `mycel ingest read`: one poll of a SunSpec device over Modbus TCP with the gateway's own reader
 * (docs/spec/ingest-modbus-sunspec.md): check the 'SunS' marker, walk the models on each unit
 * given, print the models found and the readings (inverter WH and W, meter TotWhExp, met station
 * POAI) with their raw registers and scale factors. Signs nothing and stores nothing.
 */
import type { Command } from 'commander';
import { type OutputOptions, printResult, runCommand, unwrap } from '../output.js';
import { modbusAddressOption, unitIdOption } from './ingest-options.js';

export interface ReadOptions extends OutputOptions {
  readonly modbus: string;
  readonly unit: string;
  readonly meterUnit?: string;
  readonly metUnit?: string;
}

/** Names of the SunSpec models a PV site commonly has (the reader decodes 1, 103, 203 and 302). */
const MODEL_NAMES: Readonly<Record<number, string>> = {
  1: 'common',
  101: 'single-phase inverter',
  102: 'split-phase inverter',
  103: 'three-phase inverter',
  111: 'single-phase inverter (float)',
  112: 'split-phase inverter (float)',
  113: 'three-phase inverter (float)',
  120: 'nameplate ratings',
  121: 'basic settings',
  122: 'measurements and status',
  123: 'immediate controls',
  160: 'MPPT module',
  201: 'single-phase meter',
  202: 'split-phase meter',
  203: 'wye three-phase meter',
  204: 'delta three-phase meter',
  302: 'irradiance',
  303: 'back-of-module temperature',
  304: 'inclinometer',
  307: 'base met',
};

interface FoundModel {
  readonly id: number;
  readonly name: string;
  /** Holding register of the model's header [ID, L]. */
  readonly address: number;
  readonly length: number;
}

async function read(options: ReadOptions): Promise<void> {
  const { host, port } = modbusAddressOption(options.modbus);
  const units = {
    inverter: unitIdOption('--unit', options.unit),
    ...(options.meterUnit === undefined
      ? {}
      : { meter: unitIdOption('--meter-unit', options.meterUnit) }),
    ...(options.metUnit === undefined ? {} : { met: unitIdOption('--met-unit', options.metUnit) }),
  };
  const { SunSpecReader } = await import('@mycel/ingest');
  // The readings are only shown, never signed, so no device key attributes them.
  const reader = unwrap(await SunSpecReader.connect({ host, port, device: 'unattributed', units }));
  let polled: Awaited<ReturnType<typeof reader.read>>;
  try {
    polled = await reader.read();
  } finally {
    await reader.close();
  }
  const readings = unwrap(polled).map(({ metric, value, unit, capturedAt, raw }) => ({
    metric,
    value,
    unit,
    capturedAt,
    ...(raw === undefined ? {} : { raw }),
  }));
  const found = Object.entries(units).map(([role, unit]) => ({
    role,
    unit,
    models: [...(reader.directories.get(unit) ?? new Map())].map(
      ([id, entry]): FoundModel => ({
        id,
        name: MODEL_NAMES[id] ?? 'other',
        address: entry.address - 2,
        length: entry.length,
      }),
    ),
  }));
  const human = [
    `SunSpec device at ${host}:${port}`,
    ...found.map(
      (entry) =>
        `  unit ${entry.unit} (${entry.role}): ${entry.models.map((model) => `${model.id} ${model.name} @${model.address} L${model.length}`).join(', ')}`,
    ),
    ...readings.map((reading) => {
      const sf =
        reading.raw !== undefined && 'sf' in reading.raw
          ? `  (raw ${reading.raw.acc} × 10^${reading.raw.sf})`
          : '';
      return `${reading.metric.padEnd(9)} ${String(reading.value).padStart(12)} ${reading.unit.padEnd(5)} at ${reading.capturedAt}${sf}`;
    }),
  ].join('\n');
  printResult(options, human, { modbus: { host, port }, units: found, readings });
}

export function registerIngestRead(ingest: Command): void {
  ingest
    .command('read')
    .description(
      'poll a SunSpec device over Modbus TCP once: the models it has and its energy readings',
    )
    .requiredOption('--modbus <host:port>', 'the device, e.g. 192.168.1.50:502')
    .option('--unit <id>', "the inverter's Modbus unit id (it must have model 103)", '1')
    .option('--meter-unit <id>', "also read a revenue meter's TotWhExp (model 203) on this unit")
    .option('--met-unit <id>', "also read a met station's POAI (model 302) on this unit")
    .option('--json', 'machine-readable output')
    .action((options: ReadOptions) => runCommand(options, () => read(options)));
}
