/** Runs `opengrid` as a real child process, the way a user does, with a bounded time. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Run } from './run-mycel.js';

export const OPENGRID_BIN = fileURLToPath(new URL('../bin/opengrid.js', import.meta.url));

export function runOpengrid(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; input?: string },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OPENGRID_BIN, ...args], {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `opengrid ${args.join(' ')} did not finish in ${options.timeoutMs} ms\n${stderr}`,
        ),
      );
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
