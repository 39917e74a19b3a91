/**
 * `opengrid session --agent NAME`: open a session, send each --input as one turn (or, with none,
 * each line of stdin), print the output as it streams, close. The quickest way to talk to a grid.
 */
import { createInterface } from 'node:readline';
import { chunkText } from '@mycel/grid';
import { OpenGridError, openSession } from '@mycel/sdk';
import type { Command } from 'commander';
import { withCodedGridFailures } from '../grid/coded-failure.js';
import { printError, runCommand } from '../output.js';
import { latencyClassOption } from './grid-options.js';

interface SessionOptions {
  coordinator: string;
  agent: string;
  class: string;
  input: string[];
  json?: boolean;
}

async function* turnInputs(inputs: readonly string[]): AsyncGenerator<string> {
  if (inputs.length > 0) {
    yield* inputs;
    return;
  }
  for await (const line of createInterface({ input: process.stdin })) yield line;
}

export function registerSession(program: Command): void {
  program
    .command('session')
    .description('open a session with an agent and stream turns (from --input, else stdin lines)')
    .requiredOption('--agent <name>', 'tutor, voice, burn, chat, a published name, or sha256:…')
    .option(
      '--coordinator <url>',
      'the coordinator',
      process.env.OPENGRID_COORDINATOR ?? 'http://127.0.0.1:7800',
    )
    .option('--class <class>', 'latency class: robot, voice, interactive, batch', 'interactive')
    .option(
      '--input <text>',
      'a turn (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--json', 'print every chunk as a JSON line')
    .action((options: SessionOptions) =>
      runCommand(options, async () => {
        // A reader that goes away (`| head`) ends the output, not the process with a stack trace.
        process.stdout.on('error', () => process.exit(0));
        const latencyClass = latencyClassOption(options.class);
        const session = await withCodedGridFailures(() =>
          openSession({ coordinator: options.coordinator, agent: options.agent, latencyClass }),
        );
        const where = `session ${session.sid} on ${session.node.label} (${session.node.did})`;
        if (options.json)
          process.stdout.write(
            `${JSON.stringify({ event: 'open', sid: session.sid, node: session.node })}\n`,
          );
        else process.stderr.write(`${where}\n`);
        try {
          for await (const input of turnInputs(options.input)) {
            let printed = false;
            try {
              for await (const chunk of session.send(input)) {
                if (options.json)
                  process.stdout.write(`${JSON.stringify({ event: 'chunk', data: chunk })}\n`);
                else {
                  const text = chunkText(chunk, printed, '\n');
                  process.stdout.write(text);
                  printed ||= text !== '';
                }
              }
              if (!options.json) process.stdout.write('\n');
            } catch (error) {
              if (printed) process.stdout.write('\n');
              if (!(error instanceof OpenGridError)) throw error;
              printError(options, { code: error.code, message: error.message });
            }
          }
        } finally {
          await withCodedGridFailures(() => session.close());
        }
      }),
    );
}
