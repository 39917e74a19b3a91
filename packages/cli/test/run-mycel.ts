/**
 * Runs `mycel` (and the devnet) as real child processes, the way a user does, and collects what
 * they print. Every run gets its own temporary MYCEL_HOME from the caller; nothing touches ~/.mycel.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The `mycel` bin shim, by absolute path, so the child's cwd can be anywhere. */
export const MYCEL_BIN = fileURLToPath(new URL('../bin/mycel.js', import.meta.url));
export const DEVNET_ENTRY = fileURLToPath(new URL('../src/bin/devnet.ts', import.meta.url));
/** A run that takes longer than this is hung, not slow (one run takes about a second). */
const RUN_TIMEOUT_MS = 30_000;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A fresh folder under the system temporary directory (never inside the repository). */
export function temporaryFolder(label: string): string {
  return mkdtempSync(join(tmpdir(), `mycel-${label}-`));
}

/** The environment of a child that keeps its keys and store in `home`. */
export function homeEnvironment(home: string): NodeJS.ProcessEnv {
  return { ...process.env, MYCEL_HOME: home };
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${RUN_TIMEOUT_MS} ms`));
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function runMycel(args: readonly string[], options: RunOptions): Promise<Run> {
  return runProcess(process.execPath, [MYCEL_BIN, ...args], options);
}

/** Starts a long-running `mycel` (e.g. `log serve`) with stdout piped and stderr collected. */
export function startMycel(args: readonly string[], options: RunOptions): ChildProcess {
  return spawn(process.execPath, [MYCEL_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the child's stdout lines up to and including the first that `until` accepts. */
export function readLinesUntil(
  child: ChildProcess,
  until: (line: string) => boolean,
  waitMs: number,
): Promise<string[]> {
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const reader = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reader.close();
      reject(new Error(`no expected line within ${waitMs} ms; stdout: ${lines.join('\n')}`));
    }, waitMs);
    reader.on('line', (line) => {
      lines.push(line);
      if (until(line)) {
        clearTimeout(timer);
        reader.close();
        // Keep draining, so a chatty child never blocks on a full pipe.
        child.stdout?.resume();
        resolve(lines);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the expected line; stderr: ${stderr}`));
    });
  });
}

/** Resolves with the exit code and signal of a child, or rejects when it outlives `waitMs`. */
export function exitOf(
  child: ChildProcess,
  waitMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still running ${waitMs} ms after it was asked to stop`)),
      waitMs,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Kills a child this test started, if it is still running (cleanup after a failed assertion). */
export function killIfRunning(child: ChildProcess | undefined): void {
  if (child !== undefined && child.exitCode === null && child.signalCode === null)
    child.kill('SIGKILL');
}

/** A failed command: exit code 1, `error <code>: ...` on stderr, and nothing on stdout. */
export function expectFailure(run: Run, code: string): void {
  expect(run.stderr, run.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
}

/** A successful command: exit code 0 and nothing on stderr. */
export function expectSuccess(run: Run): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}
