/** `opengrid coordinator start`: the routing coordinator of a region (HTTP + WebSocket). */
import { gridLimits, startCoordinator } from '@mycel/grid';
import type { Command } from 'commander';
import { withCodedGridFailures } from '../grid/coded-failure.js';
import { emulationFor } from '../grid/emulation-option.js';
import { gridLogger } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { printReady, stopServiceOnSignals } from '../grid/ready-line.js';
import { COORDINATOR_PORT_DEFAULT, DETECTION_MS_MAX } from '../limits.js';
import { runCommand } from '../output.js';
import { labelOption, portOption, wholeNumberOption } from './grid-options.js';
import { didOption, priceOption } from './settlement-options.js';

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
  probeTimeoutMs?: string;
  failureConfirmMs?: string;
  postgres?: string;
  price?: string;
  currency: string;
  protocol?: string;
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
    .option(
      '--probe-timeout-ms <ms>',
      'how long the health probe of a suspected node may take before it fails (default 1000)',
    )
    .option(
      '--failure-confirm-ms <ms>',
      'silence after suspicion that confirms a failure without a probe answer (default 5000)',
    )
    .option(
      '--postgres <url>',
      'keep checkpoints and the session journal in PostgreSQL (default: SQLite in --data)',
    )
    .option(
      '--price <minor>',
      'what one second of a session costs, in minor units of --currency (default 1)',
    )
    .option('--currency <code>', 'ISO 4217 code or token:<federation>/<name>', 'INR')
    .option(
      '--protocol <did>',
      "the party the protocol's 10 % of every fee goes to (default: this coordinator's DID)",
    )
    .option('--city <name>', 'devnet only: the emulated city of this process')
    .option('--matrix <dir>', 'devnet only: the latency matrix folder')
    .option('--json', 'print the ready line as JSON')
    .action((options: CoordinatorStartOptions) =>
      runCommand(options, async () => {
        const heartbeatMs =
          options.heartbeatMs === undefined
            ? undefined
            : wholeNumberOption('--heartbeat-ms', options.heartbeatMs, HEARTBEAT_MS_MAX, 1);
        const probeTimeoutMs = optionalWhole(
          '--probe-timeout-ms',
          options.probeTimeoutMs,
          DETECTION_MS_MAX,
        );
        const failureConfirmMs = optionalWhole(
          '--failure-confirm-ms',
          options.failureConfirmMs,
          DETECTION_MS_MAX,
        );
        const running = await withCodedGridFailures(() =>
          startCoordinator({
            dataDir: options.data ?? defaultDataFolder('coordinator'),
            grid: labelOption('--grid', options.grid),
            label: labelOption('--label', options.label),
            host: options.host,
            port: portOption(options.port),
            logger: gridLogger(options.logLevel, 'coordinator'),
            ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
            ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
            ...(failureConfirmMs === undefined ? {} : { failureConfirmMs }),
            ...(options.postgres === undefined ? {} : { postgresUrl: options.postgres }),
            price: priceOption(options.price ?? '1', options.currency),
            ...(options.protocol === undefined ? {} : { protocol: didOption(options.protocol) }),
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

function optionalWhole(name: string, value: string | undefined, max: number): number | undefined {
  return value === undefined ? undefined : wholeNumberOption(name, value, max, 1);
}

export function optionalEmulation(city: string | undefined, matrix: string | undefined) {
  const emulation = emulationFor(city, matrix);
  return emulation === undefined ? {} : { emulation };
}
