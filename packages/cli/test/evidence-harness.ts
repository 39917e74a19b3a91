/**
 * One log service with its evidence vault per test file, started the way `mycel log serve
 * --policy-pack <file>` starts it (a key file, a SQLite log, a signed policy pack with an
 * evidence section and a dispute authority), and the signed documents its tests send.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildDisclosureRequest,
  buildEvidenceChallenge,
  buildPolicyPack,
  type DisclosureRequest,
  type EvidenceChallenge,
  type EvidenceChallengeFields,
  formatTimestamp,
  type PolicyPack,
  type Signer,
  withSignature,
} from '@mycel/kernel';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { HOUR_MS, seededSigner, timestampAgo } from './proof-fixtures.js';
import { temporaryFolder } from './run-mycel.js';

export const FEDERATION = 'devnet';
export const FEDERATION_KEY = seededSigner(61);
export const AUTHORITY = seededSigner(62);
export const VERIFIER = seededSigner(63);
export const OTHER_VERIFIER = seededSigner(64);
export const PRODUCER = seededSigner(65);
export const RETENTION_DAYS = 30;

export const PACK: PolicyPack = withSignature(
  buildPolicyPack({
    federation: FEDERATION,
    version: 1,
    issuedAt: timestampAgo(HOUR_MS),
    mips: [{ mip: 'mip-energy/generation-interval@1.0.0', settleable: true }],
    trustAnchors: [
      { did: AUTHORITY.key.did, roles: ['dispute-authority'] },
      { did: VERIFIER.key.did, roles: ['verifier'] },
    ],
    evidence: {
      retentionDays: RETENTION_DAYS,
      onRequestTo: 'challenge-verifiers',
      challengeTtlMsMax: 24 * HOUR_MS,
    },
  }),
  'policy-pack',
  FEDERATION_KEY,
);

export const service: { running?: RunningService; base: string; folder: string } = {
  base: '',
  folder: temporaryFolder('evidence'),
};

/** Starts the service (log + vault) before the file's tests and stops it after. */
export function useEvidenceService(): void {
  beforeAll(async () => {
    const logKey = join(service.folder, 'keys', 'log.json');
    writeKeyFile(logKey, generateKeyFile('ed25519'), false);
    const packPath = join(service.folder, 'policy-pack.json');
    writeFileSync(packPath, JSON.stringify(PACK));
    service.running = await startLogService({
      host: '127.0.0.1',
      port: '0',
      logLevel: 'silent',
      store: `sqlite:${join(service.folder, 'data', 'log.db')}`,
      logKey,
      policyPack: packPath,
    });
    service.base = service.running.url;
  });
  afterAll(async () => {
    await service.running?.stop();
    rmSync(service.folder, { recursive: true, force: true });
  });
}

export interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly bytes: Uint8Array;
  readonly text: string;
}

export async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${service.base}${path}`, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes,
    text: new TextDecoder().decode(bytes),
  };
}

export function putEvidence(
  bytes: Uint8Array,
  disclosure: string,
  mediaType = 'application/vnd.mycel.energy.readings+json',
): Promise<Answer> {
  return call('/v1/evidence', {
    method: 'POST',
    body: bytes,
    headers: {
      'content-type': mediaType,
      'mycel-disclosure': disclosure,
      'mycel-producer': PRODUCER.key.did,
    },
  });
}

export function postJson(path: string, value: unknown): Promise<Answer> {
  return call(path, {
    method: 'POST',
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  });
}

export function challengeFor(
  digests: string[],
  fields: Partial<EvidenceChallengeFields> = {},
  signer: Signer = AUTHORITY,
): EvidenceChallenge {
  const built = buildEvidenceChallenge({
    federation: FEDERATION,
    authority: AUTHORITY.key.did,
    digests,
    verifiers: [VERIFIER.key.did],
    openedAt: formatTimestamp(Date.now() - 60_000),
    expiresAt: formatTimestamp(Date.now() + HOUR_MS),
    ...fields,
  });
  return withSignature(built, 'evidence-challenge', signer);
}

export function disclosureRequest(
  digest: string,
  challenge?: string,
  verifier: Signer = VERIFIER,
): DisclosureRequest {
  const built = buildDisclosureRequest({
    digest,
    verifier: verifier.key.did,
    requestedAt: formatTimestamp(Math.floor(Date.now() / 1000) * 1000),
    ...(challenge === undefined ? {} : { challenge }),
  });
  return withSignature(built, 'disclosure-request', verifier);
}

/** The log service's error shape: `{ error: { code, message } }` with the code's status. */
export function expectErrorCode(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}
