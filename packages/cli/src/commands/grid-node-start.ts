/** `opengrid node start`: turn this machine into a node of a grid. */
import { availableParallelism } from 'node:os';
import { startNode } from '@mycel/grid';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { gridLogger } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { printReady, stopServiceOnSignals } from '../grid/ready-line.js';
import { runCommand } from '../output.js';
import { optionalEmulation } from './grid-coordinator-start.js';
import { capacityOption, portOption, wholeNumberOption } from './grid-options.js';

interface NodeStartOptions {
  coordinator: string;
  data?: string;
  label?: string;
  host: string;
  port: string;
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
  json?: boolean;
}

const WORKERS_MAX = 256;

/** `openai:http://127.0.0.1:11434/v1` → the backend's base URL. */
function backendOption(spec: string | undefined, model: string | undefined) {
  if (spec === undefined) {
    if (model !== undefined) throw new CliError('argument_invalid', '--model needs --backend');
    return undefined;
  }
  const match = /^openai:(https?:\/\/\S+)$/.exec(spec);
  if (match === null) {
    throw new CliError(
      'argument_invalid',
      '--backend takes openai:<base URL>, e.g. openai:http://127.0.0.1:11434/v1',
    );
  }
  if (model === undefined) throw new CliError('argument_invalid', '--backend needs --model NAME');
  return { baseUrl: match[1]!.replace(/\/+$/, ''), model };
}

export function registerNodeStart(node: Command): void {
  node
    .command('start')
    .description('run a node: register with a coordinator and serve the sessions placed here')
    .requiredOption('--coordinator <url>', 'the coordinator to join, e.g. http://127.0.0.1:7800')
    .option('--data <dir>', 'data folder (the node key and settings); a restart is the same node')
    .option('--label <label>', 'a name for this node in summaries (e.g. its city)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '0')
    .option('--workers <n>', `inference worker processes (default ${availableParallelism()})`)
    .option('--capacity <slots>', 'session slots per class, e.g. voice=8,interactive=64')
    .option('--backend <spec>', 'an OpenAI-compatible server for the chat agent: openai:<base URL>')
    .option('--model <name>', 'the model name to ask the backend for')
    .option('--coordinator-key <did>', 'pin the coordinator key (default: trust on first use)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
    .option('--heartbeat-ms <ms>', 'heartbeat interval (default: what the coordinator asks)')
    .option('--probe-interval-ms <ms>', 'how often to time one peer for the network coordinate')
    .option('--city <name>', 'devnet only: the emulated city of this process')
    .option('--matrix <dir>', 'devnet only: the latency matrix folder')
    .option('--json', 'print the ready line as JSON')
    .action((options: NodeStartOptions) =>
      runCommand(options, async () => {
        const backend = backendOption(options.backend, options.model);
        const running = await startNode({
          dataDir: options.data ?? defaultDataFolder('node'),
          coordinatorUrl: options.coordinator,
          host: options.host,
          port: portOption(options.port),
          logger: gridLogger(options.logLevel, 'node'),
          ...(options.label === undefined ? {} : { label: options.label }),
          ...(options.workers === undefined
            ? {}
            : {
                workers: Math.max(1, wholeNumberOption('--workers', options.workers, WORKERS_MAX)),
              }),
          ...(options.capacity === undefined ? {} : { capacity: capacityOption(options.capacity) }),
          ...(backend === undefined ? {} : { backend }),
          ...(options.coordinatorKey === undefined
            ? {}
            : { coordinatorKey: options.coordinatorKey }),
          ...(options.heartbeatMs === undefined
            ? {}
            : { heartbeatMs: wholeNumberOption('--heartbeat-ms', options.heartbeatMs, 3_600_000) }),
          ...(options.probeIntervalMs === undefined
            ? {}
            : {
                probeIntervalMs: Math.max(
                  1,
                  wholeNumberOption('--probe-interval-ms', options.probeIntervalMs, 3_600_000),
                ),
              }),
          ...optionalEmulation(options.city, options.matrix),
        });
        printReady(options.json, `node ${running.did} serving on ${running.url}`, {
          role: 'node',
          url: running.url,
          did: running.did,
        });
        stopServiceOnSignals(() => running.close());
      }),
    );
}
