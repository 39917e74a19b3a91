/**
 * `opengrid devnet`: the whole grid on one machine in an emulated world network. Live by default
 * (a summary every few seconds, Ctrl-C stops everything); `--once --json` runs the demo to its
 * end, prints the summary as one JSON object and exits 0. Partway through the demo one node is
 * SIGKILLed and its sessions move on; `--no-kill` leaves every node running.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { formatSummary } from '../devnet/devnet-summary.js';
import { formatStorySummary, runMaduraiStory } from '../devnet/madurai-story.js';
import { formatProduction, type ProductionSummary } from '../devnet/producer/production-summary.js';
import { runProducerLoop } from '../devnet/producer/run-producer-loop.js';
import { startGridDevnet } from '../devnet/run-grid-devnet.js';
import { logLevelOption } from '../grid/grid-logger.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { COORDINATOR_PORT_DEFAULT, DEVNET_LIVE_INTERVAL_MS } from '../limits.js';
import { runCommand } from '../output.js';
import { portOption } from './grid-options.js';

interface DevnetOptions {
  once?: boolean;
  json?: boolean;
  data?: string;
  port?: string;
  matrix?: string;
  logLevel: string;
  /** Commander's `--no-kill`: true unless it was given. */
  kill: boolean;
  /** A story to act out instead of the demo (`madurai`: docs/spec/mmp-switching.md §7). */
  story?: string;
}

/** The producer federation's day, in its own folder of the devnet's data. */
function runProduction(options: DevnetOptions): Promise<ProductionSummary> {
  return runProducerLoop({
    dataDir: join(options.data ?? defaultDataFolder('devnet'), 'producer'),
    progress: (line) => process.stderr.write(`devnet: ${line}\n`),
  });
}

/** `--story NAME`: runs to its end and prints its summary (JSON with --json). */
async function runStory(options: DevnetOptions): Promise<void> {
  if (options.story === 'microgrid') {
    const production = await runProduction(options);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, production })}\n`);
    else process.stdout.write(`${formatProduction(production)}\n`);
    return;
  }
  if (options.story !== 'madurai') {
    throw new CliError(
      'argument_invalid',
      `--story ${options.story} is not a story; try madurai or microgrid`,
    );
  }
  const summary = await runMaduraiStory({
    dataDir: options.data ?? defaultDataFolder('devnet'),
    logLevel: logLevelOption(options.logLevel),
    ...(options.matrix === undefined ? {} : { matrixFolder: options.matrix }),
    progress: (line) => process.stderr.write(`devnet: ${line}\n`),
  });
  if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, ...summary })}\n`);
  else process.stdout.write(`${formatStorySummary(summary)}\n`);
}

export function registerDevnet(program: Command): void {
  program
    .command('devnet')
    .description('a coordinator and node processes in real cities, with demo sessions from others')
    .option('--once', 'run the demo to its end, print the summary and exit')
    .option('--json', 'print the summary as one JSON object')
    .option('--data <dir>', 'data folder of every service (default ~/.opengrid/devnet)')
    .option(
      '--port <port>',
      `coordinator port (default ${COORDINATOR_PORT_DEFAULT}; 0 with --once)`,
    )
    .option('--matrix <dir>', 'the latency matrix folder (rtt_avg_ms.tsv + cities.csv)')
    .option('--log-level <level>', 'log level of the services (their logs go to stderr)', 'warn')
    .option(
      '--no-kill',
      'keep every node running (by default the busiest is SIGKILLed partway through the demo)',
    )
    .option(
      '--story <name>',
      'act out a story instead of the demo, to its end: madurai (a node moves to a nearer coordinator) or microgrid (the producer federation alone)',
    )
    .action((options: DevnetOptions) =>
      runCommand(options, async () => {
        if (options.story !== undefined) return runStory(options);
        const port = portOption(
          options.port ?? (options.once ? '0' : String(COORDINATOR_PORT_DEFAULT)),
        );
        // The producer federation's day runs first, in seconds, so it never competes for CPU
        // with the nodes' coordinates settling.
        const production = await runProduction(options);
        const devnet = await startGridDevnet({
          dataDir: options.data ?? defaultDataFolder('devnet'),
          port,
          logLevel: logLevelOption(options.logLevel),
          kill: options.kill,
          ...(options.matrix === undefined ? {} : { matrixFolder: options.matrix }),
          progress: (line) => process.stderr.write(`devnet: ${line}\n`),
        });
        // The producer federation's day is over before the grid starts: people see it once,
        // under the first summary; every JSON line carries it.
        let productionShown = false;
        const print = async () => {
          const summary = await devnet.summary();
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ ok: true, ...summary, production })}\n`);
          } else {
            const day = productionShown ? '' : `\n${formatProduction(production)}\n`;
            productionShown = true;
            process.stdout.write(`\n${formatSummary(summary)}\n${day}`);
          }
        };
        if (options.once) {
          await devnet.settle();
          const summary = await devnet.summary();
          await devnet.stop();
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ ok: true, ...summary, production })}\n`);
          } else {
            process.stdout.write(`${formatSummary(summary)}\n\n${formatProduction(production)}\n`);
          }
          return;
        }
        await print();
        process.stderr.write(
          `devnet: live. Open your own session: npx opengrid session --agent tutor --coordinator ${devnet.coordinator.url} --input start\ndevnet: Ctrl-C stops every process.\n`,
        );
        const timer = setInterval(() => {
          void Promise.all(devnet.clients.map((client) => client.turn())).then(print);
        }, DEVNET_LIVE_INTERVAL_MS);
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          clearInterval(timer);
          process.stderr.write('devnet: stopping\n');
          void devnet.stop().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
