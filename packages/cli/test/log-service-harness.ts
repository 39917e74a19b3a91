/**
 * One log service per test file, started the way `mycel log serve` starts it (a key file written by
 * the CLI helpers, a SQLite store, a trust file with a revocation list), and the helpers its tests
 * share: requests over fetch and kept-alive raw connections, and checks made the way an offline
 * verifier makes them.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRevocationList,
  fromBase64,
  type Hash,
  type NoteVerifierKey,
  type OpenedCheckpoint,
  openCheckpoint,
  type Proof,
  parseVerifierKey,
  verifyEd25519,
  verifyInclusion,
  withSignature,
} from '@mycel/kernel';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import { HOUR_MS, leafHashOf, seededSigner, signedProof, timestampAgo } from './proof-fixtures.js';
import { RawHttpConnection } from './raw-http.js';
import { temporaryFolder } from './run-mycel.js';

export const ISSUER = seededSigner(21);
export const REVOKED = seededSigner(22);
export const AUTHORITY = seededSigner(23);
export const OTHER = seededSigner(24);
export const REVOKED_AT = timestampAgo(HOUR_MS);

export const folder = temporaryFolder('log-service');
export let service: RunningService | undefined;
export let base = '';
export let logKey: NoteVerifierKey;
export let nextValue = 1;

/** A fresh proof by ISSUER: each call makes a new id. */
export function freshProof(): Proof {
  return signedProof(ISSUER, { value: nextValue++ });
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

export async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

export async function post(
  body: RequestInit['body'],
  headers: Record<string, string> = {},
): Promise<Answer> {
  return answerOf(await fetch(`${base}/v1/proofs`, { method: 'POST', body, headers }));
}

/**
 * POSTs every body on its own connection, all in one turn of the event loop, on connections the
 * service has already served once: it then reads them together, as from many busy clients.
 */
export async function postAllAtOnce(bodies: readonly string[]): Promise<Answer[]> {
  const connections = await Promise.all(bodies.map(() => RawHttpConnection.open(base)));
  try {
    for (const warmUp of await Promise.all(
      connections.map((connection) => connection.request('GET', '/healthz')),
    ))
      expect(warmUp.status).toBe(200);
    return await Promise.all(
      connections.map((connection, position) =>
        connection.request('POST', '/v1/proofs', bodies[position]),
      ),
    );
  } finally {
    for (const connection of connections) connection.close();
  }
}

export async function get(path: string): Promise<Answer> {
  return answerOf(await fetch(`${base}${path}`));
}

export async function getJson(path: string) {
  const answer = await get(path);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text);
}

export function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

export async function logSize(): Promise<number> {
  const health = await getJson('/healthz');
  expect(health.ok).toBe(true);
  return health.size;
}

export function opened(note: string): OpenedCheckpoint {
  const checkpoint = openCheckpoint(note, [logKey], verifyEd25519, DEFAULT_ORIGIN);
  if (!checkpoint.ok) throw new Error(`the checkpoint does not open: ${checkpoint.error.code}`);
  return checkpoint.value;
}

export function hashes(values: readonly string[]): Hash[] {
  return values.map((value) => fromBase64(value)!);
}

/** Checks an inclusion answer the way an offline verifier does: signed checkpoint, then path. */
export function expectIncluded(
  answer: { index: number; treeSize: number; checkpoint: string; inclusion: string[] },
  proof: unknown,
): void {
  const checkpoint = opened(answer.checkpoint);
  expect(checkpoint.size).toBe(answer.treeSize);
  const verified = verifyInclusion({
    index: answer.index,
    size: answer.treeSize,
    leafHash: leafHashOf(proof),
    proof: hashes(answer.inclusion),
    root: checkpoint.root,
  });
  expect(verified).toEqual({ ok: true, value: true });
}

/** The same JSON value with every object's keys in reverse order. */
export function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reordered(item)]),
  );
}

/** Every leaf of the log, read back through GET /v1/entries, page by page. */
export async function allLeaves(): Promise<Hash[]> {
  const leaves: Hash[] = [];
  for (;;) {
    const page = await getJson(`/v1/entries?start=${leaves.length}`);
    if (page.entries.length === 0) return leaves;
    for (const entry of page.entries) leaves.push(leafHashOf(entry.proof));
  }
}

/** Starts the service before the file's tests and stops it after: call once per test file. */
export function useLogService(): void {
  beforeAll(async () => {
    const logKeyPath = join(folder, 'keys', 'log.json');
    writeKeyFile(logKeyPath, generateKeyFile('ed25519'), false);
    // The authority revokes REVOKED an hour ago: signatures dated after that fail, earlier ones stand.
    const revocations = withSignature(
      buildRevocationList({
        issuer: AUTHORITY.key.did,
        sequence: 1,
        issuedAt: REVOKED_AT,
        entries: [{ key: REVOKED.key.did, revokedAt: REVOKED_AT, reason: 'compromised' }],
      }),
      'revocation-list',
      AUTHORITY,
    );
    const trustPath = join(folder, 'trust.json');
    writeFileSync(trustPath, JSON.stringify([revocations]));
    service = await startLogService({
      host: '127.0.0.1',
      port: '0',
      logLevel: 'silent',
      store: `sqlite:${join(folder, 'log.db')}`,
      logKey: logKeyPath,
      trust: [trustPath],
      revocationAuthority: [AUTHORITY.key.did],
    });
    base = service.url;
    const key = parseVerifierKey((await get('/v1/log-key')).text.trim());
    if (!key.ok) throw new Error(`the log key does not parse: ${key.error.code}`);
    logKey = key.value;
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(folder, { recursive: true, force: true });
  });
}
