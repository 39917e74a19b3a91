/** `opengrid node start`: turn this machine into a node of a grid. */
import { availableParallelism } from 'node:os';
import { gridLimits, type MemberNode, startNode } from '@mycel/grid';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { withCodedGridFailures } from '../grid/coded-failure.js';
import { gridLogger } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { printReady, stopServiceOnSignals } from '../grid/ready-line.js';
import { OPTION_INTERVAL_MS_MAX } from '../limits.js';
import { runCommand } from '../output.js';
import { optionalEmulation } from './grid-coordinator-start.js';
import {
  backendOption,
  capacityOption,
  endpointOption,
  labelOption,
  portOption,
  wholeNumberOption,
} from './grid-options.js';
import { membershipOptions } from './membership-options.js';

interface NodeStartOptions {
  /** Every --coordinator given: the first is joined unless probing finds a nearer one. */
  coordinator: string[];
  trustCoordinator: string[];
  seedProbeIntervalMs?: string;
  switchHoldDownMs?: string;
  coordinatorLossGraceMs?: string;
  data?: string;
  label?: string;
  host: string;
  port: string;
  endpoint?: string;
  workers?: string;
  capacity?: string;
  backend?: string;
  model?: string;
  coordinatorKey?: string;
  logLevel: string;
  city?: string;
  matrix?: string;
  heartbeatMs?: string;
  probeIntervalMs?: string;
  usageIntervalMs?: string;
  membershipPort?: string;
  membershipSeed: string[];
  json?: boolean;
}

const WORKERS_MAX = gridLimits.WORKER_POOL_SIZE_MAX;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The switching timers (docs/spec/mmp-switching.md); the node checks their ranges. */
function switchingOptions(options: NodeStartOptions) {
  const whole = (name: string, text: string | undefined) =>
    text === undefined ? undefined : wholeNumberOption(name, text, OPTION_INTERVAL_MS_MAX, 1);
  const seedProbeIntervalMs = whole('--seed-probe-interval-ms', options.seedProbeIntervalMs);
  const switchHoldDownMs = whole('--switch-hold-down-ms', options.switchHoldDownMs);
  const coordinatorLossGraceMs = whole(
    '--coordinator-loss-grace-ms',
    options.coordinatorLossGraceMs,
  );
  return {
    ...(seedProbeIntervalMs === undefined ? {} : { seedProbeIntervalMs }),
    ...(switchHoldDownMs === undefined ? {} : { switchHoldDownMs }),
    ...(coordinatorLossGraceMs === undefined ? {} : { coordinatorLossGraceMs }),
  };
}

function defaultWorkers(): number {
  return Math.min(availableParallelism(), WORKERS_MAX);
}

export function registerNodeStart(node: Command): void {
  node
    .command('start')
    .description('run a node: register with a coordinator and serve the sessions placed here')
    .option(
      '--coordinator <url>',
      'a coordinator to join, e.g. http://127.0.0.1:7800; repeat it for a seed list: the node joins the nearest and moves to a clearly closer one (docs/spec/mmp-switching.md)',
      collect,
      [],
    )
    .option(
      '--trust-coordinator <did>',
      'a coordinator key this node accepts, and whose tickets it accepts (the canopy); repeatable',
      collect,
      [],
    )
    .option('--seed-probe-interval-ms <ms>', 'how often to probe the seed list (default 5000)')
    .option('--switch-hold-down-ms <ms>', 'no move within this long after the last (default 60000)')
    .option(
      '--coordinator-loss-grace-ms <ms>',
      'how long a lost coordinator may stay away before the node joins another (default 5000)',
    )
    .option(
      '--data <dir>',
      'data folder: key and settings, so a restart is the same node (default ~/.opengrid/node)',
    )
    .option('--label <label>', 'a name for this node in summaries (default: the host name)')
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '0')
    .option(
      '--endpoint <url>',
      'the URL clients and the coordinator reach this node at (default http://<host>:<port>)',
    )
    .option(
      '--workers <n>',
      `inference worker processes (default one per core: ${defaultWorkers()}; at most ${WORKERS_MAX})`,
    )
    .option(
      '--capacity <slots>',
      'session slots per class, e.g. voice=8,batch=0 (default robot=8,voice=32,interactive=64,batch=16; kept in settings.json)',
    )
    .option('--backend <spec>', 'an OpenAI-compatible server for the chat agent: openai:<base URL>')
    .option('--model <name>', 'the model name to ask the backend for')
    .option('--coordinator-key <did>', 'pin the coordinator key (default: trust on first use)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
    .option('--heartbeat-ms <ms>', 'heartbeat interval (default: what the coordinator asks)')
    .option(
      '--probe-interval-ms <ms>',
      'how often to time one peer for the network coordinate (default 2000)',
    )
    .option(
      '--usage-interval-ms <ms>',
      "how often a long session's usage is proved and settled (default 300000: five minutes)",
    )
    .option('--membership-port <port>', 'run colony membership (SWIM) on this UDP port (0: any)')
    .option(
      '--membership-seed <did@host:port>',
      'join the colony through this member (repeatable; implies membership)',
      collect,
      [],
    )
    .option('--city <name>', 'devnet only: the emulated city of this process')
    .option('--matrix <dir>', 'devnet only: the latency matrix folder')
    .option('--json', 'print the ready line as JSON')
    .action((options: NodeStartOptions) =>
      runCommand(options, async () => {
        const backend = backendOption(options.backend, options.model);
        const [coordinatorUrl, ...coordinators] = options.coordinator;
        if (coordinatorUrl === undefined) {
          throw new CliError('argument_invalid', 'give at least one --coordinator <url>');
        }
        const running = await withCodedGridFailures(() =>
          startNode({
            dataDir: options.data ?? defaultDataFolder('node'),
            coordinatorUrl,
            ...(coordinators.length === 0 ? {} : { coordinators }),
            ...(options.trustCoordinator.length === 0
              ? {}
              : { trustedCoordinators: options.trustCoordinator }),
            ...switchingOptions(options),
            host: options.host,
            port: portOption(options.port),
            logger: gridLogger(options.logLevel, 'node'),
            ...(options.label === undefined
              ? {}
              : { label: labelOption('--label', options.label) }),
            ...(options.endpoint === undefined
              ? {}
              : { endpoint: endpointOption(options.endpoint) }),
            workers:
              options.workers === undefined
                ? defaultWorkers()
                : wholeNumberOption('--workers', options.workers, WORKERS_MAX, 1),
            ...(options.capacity === undefined
              ? {}
              : { capacity: capacityOption(options.capacity) }),
            ...(backend === undefined ? {} : { backend }),
            ...(options.coordinatorKey === undefined
              ? {}
              : { coordinatorKey: options.coordinatorKey }),
            ...(options.heartbeatMs === undefined
              ? {}
              : {
                  heartbeatMs: wholeNumberOption(
                    '--heartbeat-ms',
                    options.heartbeatMs,
                    OPTION_INTERVAL_MS_MAX,
                    1,
                  ),
                }),
            ...(options.probeIntervalMs === undefined
              ? {}
              : {
                  probeIntervalMs: wholeNumberOption(
                    '--probe-interval-ms',
                    options.probeIntervalMs,
                    OPTION_INTERVAL_MS_MAX,
                    1,
                  ),
                }),
            ...(options.usageIntervalMs === undefined
              ? {}
              : {
                  usageIntervalMs: wholeNumberOption(
                    '--usage-interval-ms',
                    options.usageIntervalMs,
                    gridLimits.USAGE_INTERVAL_MS_MAX,
                    gridLimits.USAGE_INTERVAL_MS_MIN,
                  ),
                }),
            ...optionalEmulation(options.city, options.matrix),
            ...membershipOptions(options.membershipPort, options.membershipSeed),
          }),
        );
        const membership =
          'membership' in running ? (running as MemberNode).membership.address : undefined;
        // Handlers first: a signal sent the moment the ready line is read must find them.
        stopServiceOnSignals(() => running.close());
        printReady(options.json, `node ${running.did} serving on ${running.url}`, {
          role: 'node',
          url: running.url,
          did: running.did,
          ...(membership === undefined ? {} : { membership: `${running.did}@${membership}` }),
        });
      }),
    );
}
