/**
 * Starting real coordinators for tests: a fresh data folder in the OS temp folder, loopback port,
 * short heartbeat interval, and cleanup of everything a test started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CoordinatorOptions, type RunningCoordinator, startCoordinator } from '@mycel/grid';
import type { OpenSessionRequest } from '@mycel/wire';
import { CLIENT } from './coordinator-nodes.js';

export const TEST_HEARTBEAT_MS = 80;

/** Things to close after each test, last started first. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

export function temporaryDataDir(cleanup: Cleanup): string {
  const folder = mkdtempSync(join(tmpdir(), 'opengrid-coordinator-'));
  cleanup.add(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'data');
}

export async function launchCoordinator(
  cleanup: Cleanup,
  options: Partial<CoordinatorOptions> = {},
): Promise<RunningCoordinator> {
  const coordinator = await startCoordinator({
    dataDir: options.dataDir ?? temporaryDataDir(cleanup),
    grid: 'testgrid',
    heartbeatMs: TEST_HEARTBEAT_MS,
    probeTimeoutMs: 500,
    ...options,
  });
  cleanup.add(() => coordinator.close());
  return coordinator;
}

/** Polls `check` until it gives something other than undefined or false. */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

export function openRequest(overrides: Partial<OpenSessionRequest> = {}): OpenSessionRequest {
  return { agent: 'tutor', class: 'interactive', client: CLIENT.key.did, ...overrides };
}

/** A JSON answer: the body as T, with the error member every failure carries. */
export interface JsonAnswer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T & { readonly error?: { code: string; message: string; retryAfterMs?: number } };
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as never,
  };
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as never,
  };
}

/** The state of a node in the coordinator's snapshot. */
export function nodeState(coordinator: RunningCoordinator, did: string) {
  return coordinator.snapshot().nodes.find((node) => node.did === did);
}
