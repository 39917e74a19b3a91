/**
 * Starts one inference worker: a child process (not a worker thread) at the lowest CPU priority.
 *
 * Why a niced child process: the control plane (health, admission, the coordinator link) runs on
 * the daemon's main event loop and must answer in under 10 ms at p99 even while every worker
 * burns CPU, on machines with as few as 2 cores. Worker threads share the process's scheduling
 * priority and its heap, and a thread that spins can only be stopped by terminate(), which cannot
 * interrupt native code. A separate process can be given nice 19 (INFERENCE_NICE), so the kernel
 * scheduler runs the daemon first whenever both want a core, and it can always be SIGKILLed.
 *
 * Linux nice values are per thread: setpriority(pid) changes only the main thread, and threads
 * V8 and libuv started earlier keep their priority. So every thread listed in /proc/<pid>/task
 * is reniced too, once at fork and again when the worker says it is ready.
 *
 * The child runs TypeScript source, so it loads tsx the way `node --import tsx` does. The loader
 * is passed by absolute URL, resolved from this file, so the child works whatever its working
 * directory is, both under vitest and under plain node. When MYCEL_BUNDLE_DIR names a prebuilt
 * bundle (the test run sets it: docs/decisions/0013-tests-run-the-bundled-cli.md), the child runs
 * the bundled worker there instead, with no loader.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendConfig } from '../agents/backend-spec.js';
import { INFERENCE_NICE } from '../limits.js';

export const INFERENCE_WORKER_ENTRY = fileURLToPath(
  new URL('./inference-worker-main.ts', import.meta.url),
);

/** The folder of a prebuilt bundle to run workers from (scripts/build-bundle.ts), if any. */
function bundleFolder(): string | undefined {
  return process.env.MYCEL_BUNDLE_DIR || undefined;
}

/** The file every worker runs: the TypeScript entry, or the bundled worker. */
export function inferenceWorkerEntry(): string {
  const bundle = bundleFolder();
  return bundle === undefined ? INFERENCE_WORKER_ENTRY : join(bundle, 'inference-worker.js');
}

/** `--import <tsx loader>` (none for the bundled worker): the exact execArgv of every worker. */
export function inferenceWorkerExecArgv(): string[] {
  if (bundleFolder() !== undefined) return [];
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

/** Best effort: a process that already exited, or a platform without nice, is left alone. */
export function lowerPriority(pid: number): void {
  try {
    setPriority(pid, INFERENCE_NICE);
  } catch {
    return;
  }
  let threads: string[] = [];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), INFERENCE_NICE);
    } catch {
      // The thread ended between the listing and the call.
    }
  }
}

export function forkInferenceWorker(backend: BackendConfig | undefined): ChildProcess {
  const child = fork(
    inferenceWorkerEntry(),
    backend === undefined ? [] : [JSON.stringify(backend)],
    {
      execArgv: inferenceWorkerExecArgv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    },
  );
  if (child.pid !== undefined) lowerPriority(child.pid);
  return child;
}
