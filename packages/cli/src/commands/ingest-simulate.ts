/**
 * `mycel ingest simulate`: a simulated SunSpec site (inverter, revenue meter, met station; see
 * docs/spec/ingest-modbus-sunspec.md §3) on Modbus TCP at 127.0.0.1, on the wall clock, for
 * trying `mycel ingest read` (or any SunSpec client) without an inverter. Runs until SIGINT or
 * SIGTERM.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { SHUTDOWN_GRACE_MS } from '../limits.js';
import { type OutputOptions, runCommand, unwrap } from '../output.js';
import {
  decimalOption,
  listenPortOption,
  SIMULATE_INVERTER_START_WH,
  SIMULATE_PORT_DEFAULT,
  SIMULATE_RATED_W_DEFAULT,
  SIMULATE_RATED_W_MAX,
  SIMULATE_SITE_DEFAULT,
} from './ingest-options.js';

export interface SimulateOptions extends OutputOptions {
  readonly port: string;
  readonly lat?: string;
  readonly lon?: string;
  readonly ratedW: string;
  readonly inflate?: string;
}

function placeOf(options: SimulateOptions): { lat: number; lon: number } {
  if ((options.lat === undefined) !== (options.lon === undefined)) {
    throw new CliError('argument_invalid', '--lat and --lon go together');
  }
  if (options.lat === undefined || options.lon === undefined) return SIMULATE_SITE_DEFAULT;
  return {
    lat: decimalOption('--lat', options.lat, -90, 90),
    lon: decimalOption('--lon', options.lon, -180, 180),
  };
}

async function simulate(options: SimulateOptions): Promise<void> {
  const port = listenPortOption(options.port);
  const { lat, lon } = placeOf(options);
  const ratedW = decimalOption('--rated-w', options.ratedW, 1, SIMULATE_RATED_W_MAX);
  const { mipsLimits } = await import('@mycel/mips');
  const { modbusLimits, pvSystemAt, SimulatedSite, startSunSpecServer } = await import(
    '@mycel/ingest'
  );
  const inflate =
    options.inflate === undefined
      ? 1
      : decimalOption('--inflate', options.inflate, 1, modbusLimits.SIM_INFLATE_MAX);
  const meterLoss = mipsLimits.ENERGY_METER_LOSS_MEAN;
  // The meter has counted what the inverter made, less the AC losses between them.
  const meterStartWh = Math.round(SIMULATE_INVERTER_START_WH * (1 - meterLoss));
  const site = unwrap(
    SimulatedSite.create({
      system: pvSystemAt('simulated', lat, lon, ratedW),
      startMs: Date.now(),
      serial: 'SIM-0001',
      meterSerial: 'SIM-MTR-0001',
      accumulatorStartWh: SIMULATE_INVERTER_START_WH,
      meterStartWh,
      meterLoss,
      inflate,
    }),
  );
  // Every answer is at the wall clock: the server asks the site for its registers per request.
  const onWallClock = new Proxy(site, {
    get(target, property, receiver) {
      if (property === 'registers') {
        return (unit: Parameters<typeof target.registers>[0]) => {
          target.advanceTo(Math.max(target.nowMs, Date.now()));
          return target.registers(unit);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const server = unwrap(await startSunSpecServer(onWallClock, { host: '127.0.0.1', port }));
  const ready = {
    host: server.host,
    port: server.port,
    units: site.units,
    site: {
      lat,
      lon,
      ratedAcPowerW: site.system.ratedAcPowerW,
      nameplateDcW: site.system.nameplateDcW,
      inflate,
    },
    inverterStartWh: SIMULATE_INVERTER_START_WH,
    meterStartWh,
    meterLoss,
  };
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, ...ready })}\n`);
  else
    process.stdout.write(
      `simulated SunSpec site on ${server.host}:${server.port}: inverter unit ${site.units.inverter}, meter unit ${site.units.meter}, met station unit ${site.units.met} (Ctrl-C stops it)\n`,
    );
  const stop = () => {
    const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    void server.close().then(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerIngestSimulate(ingest: Command): void {
  ingest
    .command('simulate')
    .description(
      'serve a simulated SunSpec site (inverter, meter, met station) on 127.0.0.1 until Ctrl-C',
    )
    .option(
      '--port <port>',
      'Modbus TCP port to listen on (0 picks a free one)',
      String(SIMULATE_PORT_DEFAULT),
    )
    .option('--lat <degrees>', `site latitude (default ${SIMULATE_SITE_DEFAULT.lat})`)
    .option('--lon <degrees>', `site longitude (default ${SIMULATE_SITE_DEFAULT.lon})`)
    .option('--rated-w <watts>', "the inverter's rated AC output", String(SIMULATE_RATED_W_DEFAULT))
    .option('--inflate <factor>', 'cheat: the inverter counts this factor of what it made (1..10)')
    .option('--json', 'machine-readable ready line')
    .action((options: SimulateOptions) => runCommand(options, () => simulate(options)));
}
