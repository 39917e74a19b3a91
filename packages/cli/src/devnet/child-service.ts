/**
 * One devnet service (the coordinator or a node) as a child process running `opengrid ... start
 * --json`. It is ready when it prints its ready line; its stderr (structured logs) is kept in a
 * short ring so a failure can be explained.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error.js';
import { STOP_WITH_STDIN_ENV } from '../grid/ready-line.js';
import {
  DEVNET_SERVICE_READY_MS,
  DEVNET_STDERR_LINES_KEPT,
  DEVNET_STOP_GRACE_MS,
} from '../limits.js';

export const OPENGRID_BIN = new URL('../../bin/opengrid.js', import.meta.url).pathname;

export interface ChildService {
  readonly name: string;
  readonly url: string;
  readonly did: string;
  readonly child: ChildProcess;
  /** The last lines the child wrote to stderr. */
  recentLogs(): string[];
  /** SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `opengrid <args> --json`. The child stops when this process closes its stdin (or dies),
 * so a killed devnet leaves no services behind. With `logFile`, its stderr is also written there.
 */
export function startChildService(
  name: string,
  args: readonly string[],
  logFile?: string,
): Promise<ChildService> {
  const child = spawn(process.execPath, [OPENGRID_BIN, ...args, '--json'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, [STOP_WITH_STDIN_ENV]: '1' },
  });
  if (logFile !== undefined) child.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logs.push(line);
    if (logs.length > DEVNET_STDERR_LINES_KEPT) logs.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), DEVNET_STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new CliError('devnet_failed', `${name} did not start: ${why}\n${logs.join('\n')}`));
    };
    const timer = setTimeout(() => fail('no ready line in time'), DEVNET_SERVICE_READY_MS);
    child.once('exit', (code, signal) => fail(`it exited (${code ?? signal})`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      let ready: {
        event?: string;
        url?: string;
        did?: string;
        error?: { code: string; message: string };
      };
      try {
        ready = JSON.parse(line);
      } catch {
        return fail(`unexpected output: ${line}`);
      }
      if (ready.event !== 'ready' || ready.url === undefined || ready.did === undefined) {
        return fail(ready.error ? `${ready.error.code}: ${ready.error.message}` : line);
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ name, url: ready.url, did: ready.did, child, recentLogs: () => [...logs], stop });
    });
  });
}
