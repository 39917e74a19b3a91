/** `opengrid coordinator start`: the routing coordinator of a region (HTTP + WebSocket). */
import { gridLimits, startCoordinator } from '@mycel/grid';
import type { Command } from 'commander';
import { withCodedGridFailures } from '../grid/coded-failure.js';
import { emulationFor } from '../grid/emulation-option.js';
import { gridLogger } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { printReady, stopServiceOnSignals } from '../grid/ready-line.js';
import { COORDINATOR_PORT_DEFAULT } from '../limits.js';
import { runCommand } from '../output.js';
import { labelOption, portOption, wholeNumberOption } from './grid-options.js';

/** Longest heartbeat interval a coordinator may ask of its nodes (they keep at most this). */
const HEARTBEAT_MS_MAX = gridLimits.NODE_HEARTBEAT_MS_MAX;

interface CoordinatorStartOptions {
  data?: string;
  grid: string;
  label: string;
  host: string;
  port: string;
  logLevel: string;
  city?: string;
  matrix?: string;
  heartbeatMs?: string;
  json?: boolean;
}

export function registerCoordinatorStart(coordinator: Command): void {
  coordinator
    .command('start')
    .description('run a routing coordinator: nodes register here, clients open sessions here')
    .option(
      '--data <dir>',
      'data folder: the coordinator key and the asset store (default ~/.opengrid/coordinator)',
    )
    .option('--grid <name>', 'grid name: the audience of every ticket', 'devnet')
    .option('--label <label>', 'a name for logs and summaries', 'coordinator')
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', String(COORDINATOR_PORT_DEFAULT))
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
    .option('--heartbeat-ms <ms>', 'heartbeat interval nodes are asked to keep (default 1000)')
    .option('--city <name>', 'devnet only: the emulated city of this process')
    .option('--matrix <dir>', 'devnet only: the latency matrix folder')
    .option('--json', 'print the ready line as JSON')
    .action((options: CoordinatorStartOptions) =>
      runCommand(options, async () => {
        const heartbeatMs =
          options.heartbeatMs === undefined
            ? undefined
            : wholeNumberOption('--heartbeat-ms', options.heartbeatMs, HEARTBEAT_MS_MAX, 1);
        const running = await withCodedGridFailures(() =>
          startCoordinator({
            dataDir: options.data ?? defaultDataFolder('coordinator'),
            grid: labelOption('--grid', options.grid),
            label: labelOption('--label', options.label),
            host: options.host,
            port: portOption(options.port),
            logger: gridLogger(options.logLevel, 'coordinator'),
            ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
            ...optionalEmulation(options.city, options.matrix),
          }),
        );
        // Handlers first: a signal sent the moment the ready line is read must find them.
        stopServiceOnSignals(() => running.close());
        printReady(options.json, `coordinator ${running.did} listening on ${running.url}`, {
          role: 'coordinator',
          url: running.url,
          did: running.did,
          grid: running.grid,
        });
      }),
    );
}

export function optionalEmulation(city: string | undefined, matrix: string | undefined) {
  const emulation = emulationFor(city, matrix);
  return emulation === undefined ? {} : { emulation };
}
