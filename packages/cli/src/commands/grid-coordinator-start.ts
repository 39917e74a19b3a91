/** `opengrid coordinator start`: the routing coordinator of a region (HTTP + WebSocket). */
import { CanopyConfigError, type CanopyOptions, gridLimits, startCoordinator } from '@mycel/grid';
import { COLONY_ID_PATTERN, type JsonValue, parseJsonBytes } from '@mycel/kernel';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { withCodedGridFailures } from '../grid/coded-failure.js';
import { emulationFor } from '../grid/emulation-option.js';
import { gridLogger } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { printReady, stopServiceOnSignals } from '../grid/ready-line.js';
import { COORDINATOR_PORT_DEFAULT, DETECTION_MS_MAX } from '../limits.js';
import { ResultFailure, runCommand, unwrap } from '../output.js';
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
  sessionsSqlite?: string;
  price?: string;
  currency: string;
  protocol?: string;
  canopyPeer: string[];
  colony?: string;
  federationPack: string[];
  treaty: string[];
  jurisdiction?: string;
  json?: boolean;
}

/** Commander's way of taking an option more than once: every value, in order. */
function repeated(value: string, previous: string[]): string[] {
  return [...previous, value];
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
      '--sessions-sqlite <file>',
      'keep them in this SQLite file instead, which coordinators on one machine may share (devnet)',
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
    .option(
      '--canopy-peer <url>',
      'a canopy peer coordinator to send summaries to (repeatable; needs --colony)',
      repeated,
      [],
    )
    .option('--colony <id>', 'the colony this coordinator owns in its canopy')
    .option(
      '--federation-pack <file>',
      "a signed policy pack (this grid's federation, or a neighbour's; repeatable)",
      repeated,
      [],
    )
    .option('--treaty <file>', 'a treaty signed by both its federations (repeatable)', repeated, [])
    .option(
      '--jurisdiction <code>',
      "ISO 3166 code of where this colony runs (treaties' jurisdictions)",
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
        const canopy = canopyOption(options);
        const running = await withCanopyFailures(() =>
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
            ...(options.sessionsSqlite === undefined
              ? {}
              : { sessionStorePath: options.sessionsSqlite }),
            price: priceOption(options.price ?? '1', options.currency),
            ...(options.protocol === undefined ? {} : { protocol: didOption(options.protocol) }),
            ...optionalEmulation(options.city, options.matrix),
            ...(canopy === undefined ? {} : { canopy }),
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

/** The canopy options, or undefined when none of them was given. */
function canopyOption(options: CoordinatorStartOptions): CanopyOptions | undefined {
  const given =
    options.canopyPeer.length > 0 ||
    options.colony !== undefined ||
    options.federationPack.length > 0 ||
    options.treaty.length > 0;
  if (!given) return undefined;
  if (options.colony === undefined) {
    throw new CliError('argument_invalid', 'joining a canopy needs --colony <id>');
  }
  if (!new RegExp(COLONY_ID_PATTERN).test(options.colony)) {
    throw new CliError(
      'argument_invalid',
      `--colony takes a short id (${COLONY_ID_PATTERN}), not ${JSON.stringify(options.colony)}`,
    );
  }
  for (const peer of options.canopyPeer) {
    if (!/^https?:\/\/[^\s]+$/.test(peer)) {
      throw new CliError('argument_invalid', `--canopy-peer takes an http(s) URL, not ${peer}`);
    }
  }
  const readJson = (path: string) => unwrap(parseJsonBytes(readInputFile(path))) as JsonValue;
  return {
    peers: options.canopyPeer.map((url) => url.replace(/\/+$/, '')),
    colony: options.colony,
    ...(options.federationPack.length === 0 ? {} : { packs: options.federationPack.map(readJson) }),
    ...(options.treaty.length === 0 ? {} : { treaties: options.treaty.map(readJson) }),
    ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction }),
  };
}

/** A canopy configuration the coordinator refused prints as `error <code>: …` (exit 1). */
async function withCanopyFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await withCodedGridFailures(body);
  } catch (error) {
    if (error instanceof CanopyConfigError) {
      const message = error.message.startsWith(`${error.code}: `)
        ? error.message.slice(error.code.length + 2)
        : error.message;
      throw new ResultFailure({ code: error.code, message });
    }
    throw error;
  }
}

function optionalWhole(name: string, value: string | undefined, max: number): number | undefined {
  return value === undefined ? undefined : wholeNumberOption(name, value, max, 1);
}

export function optionalEmulation(city: string | undefined, matrix: string | undefined) {
  const emulation = emulationFor(city, matrix);
  return emulation === undefined ? {} : { emulation };
}
