/**
 * `opengrid node drain`: a planned move. The running node of a data folder (found through the
 * control.json it writes at start) stops taking sessions and hands each one back to the
 * coordinator at its next turn boundary; their clients resume on other nodes with at most one
 * turn's delay. Prints how many sessions moved and how long it took.
 */
import { gridLimits, NODE_CONTROL_FILE, readNodeControl } from '@mycel/grid';
import { NODE_PATHS } from '@mycel/wire';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { defaultDataFolder } from '../grid/opengrid-home.js';
import { DRAIN_ANSWER_SLACK_MS, DRAIN_TIMEOUT_MS_MAX } from '../limits.js';
import { printResult, runCommand } from '../output.js';
import { wholeNumberOption } from './grid-options.js';

interface DrainOptions {
  data?: string;
  timeoutMs: string;
  json?: boolean;
}

export function registerNodeDrain(node: Command): void {
  node
    .command('drain')
    .description(
      'move every session off the running node of --data at its next turn boundary, then take no new ones',
    )
    .option('--data <dir>', 'the node data folder (default ~/.opengrid/node)')
    .option(
      '--timeout-ms <ms>',
      'give up waiting after this long',
      String(gridLimits.NODE_DRAIN_TIMEOUT_MS),
    )
    .option('--json', 'print the result as JSON')
    .action((options: DrainOptions) =>
      runCommand(options, async () => {
        const timeoutMs = wholeNumberOption(
          '--timeout-ms',
          options.timeoutMs,
          DRAIN_TIMEOUT_MS_MAX,
          1,
        );
        const dataDir = options.data ?? defaultDataFolder('node');
        const control = readNodeControl(dataDir);
        if (control === undefined) {
          throw new CliError(
            'node_not_running',
            `no ${NODE_CONTROL_FILE} in ${dataDir}: start the node with this --data first`,
          );
        }
        const url = `${control.url}${NODE_PATHS.drain}?timeoutMs=${timeoutMs}`;
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${control.token}` },
            signal: AbortSignal.timeout(timeoutMs + DRAIN_ANSWER_SLACK_MS),
          });
        } catch (error) {
          throw new CliError(
            'node_not_running',
            `the node at ${control.url} does not answer (${String(error)})`,
          );
        }
        const body = (await response.json().catch(() => ({}))) as {
          sessions?: number;
          remaining?: number;
          elapsedMs?: number;
          error?: { code: string; message: string };
        };
        if (!response.ok || body.sessions === undefined) {
          const why = body.error ? `${body.error.code}: ${body.error.message}` : response.status;
          throw new CliError('drain_failed', `the node refused the drain (${why})`);
        }
        const { sessions, remaining = 0, elapsedMs = 0 } = body;
        if (remaining > 0) {
          throw new CliError(
            'drain_failed',
            `${remaining} of ${sessions} sessions were still on the node after ${elapsedMs} ms`,
          );
        }
        printResult(
          options,
          `drained: ${sessions} session${sessions === 1 ? '' : 's'} handed back in ${elapsedMs} ms; the node takes no new sessions`,
          { sessions, remaining, elapsedMs },
        );
      }),
    );
}
