/**
 * Coordination contracts' HTTP API (`mycel log serve --contracts FILE`) on a real loopback log
 * service over a real SQLite contract store: a contract driven from proposal to its due payment
 * by signed events, each refusal with its code and status, and a refused event storing nothing.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ContractEventFields,
  type ContractTerms,
  digestOf,
  formatTimestamp,
  type Signer,
  signContractEvent,
} from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { HTTP_CONTRACT_EVENT_BYTES_MAX } from '../src/limits.js';
import { HOUR_MS, seededSigner } from './proof-fixtures.js';
import { temporaryFolder } from './run-mycel.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const BUYER = seededSigner(91);
const PRODUCER = seededSigner(92);
const VERIFIER = seededSigner(93);
const AUTHORITY = seededSigner(94);
const OPERATOR = seededSigner(95);
const STRANGER = seededSigner(96);
const PARTIES: readonly Signer[] = [BUYER, PRODUCER, VERIFIER, AUTHORITY];
const PROOF = digestOf(new Uint8Array([7, 7, 7]));

const folder = temporaryFolder('contract-routes');
let service: RunningService | undefined;
let base = '';
/** The contract's clock: every event is dated after it, all of them in the past. */
const startMs = Math.floor((Date.now() - 30 * MINUTE_MS) / 1000) * 1000;

function terms(note: string): ContractTerms {
  const workByMs = startMs + 2 * HOUR_MS;
  return {
    federation: 'devnet',
    mip: 'mip-energy/generation-interval@1.0.0',
    parties: [
      { did: BUYER.key.did, role: 'buyer' },
      { did: PRODUCER.key.did, role: 'producer' },
      { did: VERIFIER.key.did, role: 'verifier' },
      { did: AUTHORITY.key.did, role: 'authority' },
    ],
    price: { minor: '800', currency: 'INR', unit: 'kWh' },
    thresholds: { pMin: 0.9, verifiersK: 1 },
    disputeAuthority: AUTHORITY.key.did,
    acceptBy: formatTimestamp(startMs + HOUR_MS),
    workBy: formatTimestamp(workByMs),
    challengeWindowMs: HOUR_MS,
    settleBy: formatTimestamp(workByMs + 24 * HOUR_MS),
    splits: [
      { party: PRODUCER.key.did, role: 'owner', bps: 7000 },
      { party: OPERATOR.key.did, role: 'operator', bps: 2000 },
      { party: BUYER.key.did, role: 'protocol', bps: 1000 },
    ],
    note,
  };
}

function proposal(note: string, atMs = startMs) {
  return signContractEvent(
    { type: 'propose', at: formatTimestamp(atMs), by: BUYER.key.did, terms: terms(note) },
    BUYER,
  );
}

/** One signed event chained after `prev` on `contract`. */
function chained(
  contract: string,
  prev: string,
  fields: Record<string, unknown>,
  signer: Signer,
  atMs: number,
) {
  return signContractEvent(
    {
      ...fields,
      contract,
      prev,
      at: formatTimestamp(atMs),
      by: signer.key.did,
    } as unknown as ContractEventFields,
    signer,
  );
}

interface Answer {
  readonly status: number;
  /** The answer's JSON, read as the other service tests read it (JSON.parse). */
  readonly body: ReturnType<typeof JSON.parse>;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: JSON.parse(await response.text()) };
}

function send(event: unknown): Promise<Answer> {
  return call('/v1/contracts/events', {
    method: 'POST',
    body: typeof event === 'string' ? event : JSON.stringify(event),
    headers: { 'content-type': 'application/json' },
  });
}

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.error.code).toBe(code);
  expect(typeof answer.body.error.message).toBe('string');
}

async function eventCount(contract: string): Promise<number> {
  const answer = await call(`/v1/contracts/${contract}/events`);
  expect(answer.status).toBe(200);
  return answer.body.events.length;
}

beforeAll(async () => {
  const logKey = join(folder, 'keys', 'log.json');
  writeKeyFile(logKey, generateKeyFile('ed25519'), false);
  service = await startLogService({
    host: '127.0.0.1',
    port: '0',
    logLevel: 'silent',
    store: `sqlite:${join(folder, 'data', 'log.db')}`,
    logKey,
    contracts: join(folder, 'data', 'contracts.db'),
  });
  base = service.url;
});

afterAll(async () => {
  await service?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('a contract driven over HTTP', () => {
  const propose = proposal('driven over HTTP');
  const contract = propose.id;
  const sent: { id: string }[] = [propose];
  const head = () => sent[sent.length - 1]!.id;

  it('opens a contract with a proposal (201: its id, position 0, the replayed state)', async () => {
    const answer = await send(propose);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ outcome: 'appended', contract, position: 0 });
    expect(answer.body.state).toMatchObject({
      contract,
      status: 'PROPOSED',
      eventCount: 1,
      head: contract,
    });
    expect(answer.body.state.terms.note).toBe('driven over HTTP');
    expect(typeof answer.body.state.at).toBe('string');
  });

  it('takes every acceptance and the start (201 each, positions in order)', async () => {
    const termsId = (await call(`/v1/contracts/${contract}`)).body.termsId;
    for (const [index, party] of PARTIES.entries()) {
      const event = chained(
        contract,
        head(),
        { type: 'accept', terms: termsId },
        party,
        startMs + (index + 1) * SECOND_MS,
      );
      const answer = await send(event);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body.position).toBe(index + 1);
      sent.push(event);
    }
    const start = chained(contract, head(), { type: 'start' }, PRODUCER, startMs + MINUTE_MS);
    const started = await send(start);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.state.status).toBe('IN_PROGRESS');
    sent.push(start);
  });

  it('answers the same event again with 200 duplicate and stores it once', async () => {
    const answer = await send(sent[1]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'duplicate', contract, position: 1 });
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses an event that is not chained to the head (409 contract_event_prev_mismatch)', async () => {
    const stale = chained(
      contract,
      sent[1]!.id,
      { type: 'start' },
      PRODUCER,
      startMs + 2 * MINUTE_MS,
    );
    expectError(await send(stale), 409, 'contract_event_prev_mismatch');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses an event dated before the previous one (409 contract_event_out_of_order)', async () => {
    const early = chained(
      contract,
      head(),
      { type: 'evidence', milestone: 'main', proofs: [PROOF], quantity: '1.5' },
      PRODUCER,
      startMs,
    );
    expectError(await send(early), 409, 'contract_event_out_of_order');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses an event signed by a key that is not a party (403 contract_event_signer_not_party)', async () => {
    const stranger = chained(
      contract,
      head(),
      { type: 'cancel' },
      STRANGER,
      startMs + 2 * MINUTE_MS,
    );
    expectError(await send(stranger), 403, 'contract_event_signer_not_party');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses a party acting outside its role (403 contract_event_role_forbidden)', async () => {
    const evidence = chained(
      contract,
      head(),
      { type: 'evidence', milestone: 'main', proofs: [PROOF], quantity: '1.5' },
      BUYER,
      startMs + 2 * MINUTE_MS,
    );
    expectError(await send(evidence), 403, 'contract_event_role_forbidden');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses an event that breaks a contract rule (422 contract_milestone_unknown)', async () => {
    const evidence = chained(
      contract,
      head(),
      { type: 'evidence', milestone: 'nowhere', proofs: [PROOF], quantity: '1.5' },
      PRODUCER,
      startMs + 2 * MINUTE_MS,
    );
    expectError(await send(evidence), 422, 'contract_milestone_unknown');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('refuses an event whose body was changed after signing (422 contract_event_id_mismatch)', async () => {
    const evidence = chained(
      contract,
      head(),
      { type: 'evidence', milestone: 'main', proofs: [PROOF], quantity: '1.5' },
      PRODUCER,
      startMs + 2 * MINUTE_MS,
    );
    expectError(await send({ ...evidence, quantity: '150' }), 422, 'contract_event_id_mismatch');
    expect(await eventCount(contract)).toBe(sent.length);
  });

  it('takes evidence and its verification; the payment is due once the window closes', async () => {
    const evidence = chained(
      contract,
      head(),
      { type: 'evidence', milestone: 'main', proofs: [PROOF], quantity: '1.5', final: true },
      PRODUCER,
      startMs + 2 * MINUTE_MS,
    );
    expect((await send(evidence)).status).toBe(201);
    sent.push(evidence);
    const verification = chained(
      contract,
      head(),
      { type: 'verification', proof: PROOF, p: 0.97, passed: true },
      VERIFIER,
      startMs + 3 * MINUTE_MS,
    );
    const verified = await send(verification);
    expect(verified.status, JSON.stringify(verified.body)).toBe(201);
    sent.push(verification);
    expect(verified.body.state.status).toBe('VERIFIED');
    expect(verified.body.state.effects).toEqual([]);

    const now = await call(`/v1/contracts/${contract}`);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ contract, status: 'VERIFIED', eventCount: sent.length });
    expect(now.body.effects).toEqual([]);
    const later = formatTimestamp(startMs + 3 * MINUTE_MS + HOUR_MS + SECOND_MS);
    const due = await call(`/v1/contracts/${contract}?at=${later}`);
    expect(due.status).toBe(200);
    expect(due.body.at).toBe(later);
    expect(due.body.effects).toHaveLength(1);
    expect(due.body.effects[0]).toMatchObject({ type: 'mint-vcr' });
    expect(due.body.effects[0].receipt.amount).toEqual({ minor: '1200', currency: 'INR' });
  });

  it('answers the signed events in order', async () => {
    const answer = await call(`/v1/contracts/${contract}/events`);
    expect(answer.status).toBe(200);
    expect(answer.body.contract).toBe(contract);
    expect(answer.body.events.map((stored: { position: number }) => stored.position)).toEqual(
      sent.map((_event, index) => index),
    );
    expect(answer.body.events.map((stored: { event: unknown }) => stored.event)).toEqual(sent);
    expect(answer.body.events[0].type).toBe('propose');
  });
});

describe('refusals', () => {
  it('refuses an event naming a contract the service does not hold (404 contract_unknown)', async () => {
    const orphan = proposal('never sent');
    const event = chained(orphan.id, orphan.id, { type: 'cancel' }, BUYER, startMs + MINUTE_MS);
    expectError(await send(event), 404, 'contract_unknown');
  });

  it('refuses a proposal not signed by its proposer (403 signature_invalid) and stores nothing', async () => {
    const forged = { ...proposal('forged'), signatures: proposal('other').signatures };
    expectError(await send(forged), 403, 'signature_invalid');
    expectError(await call(`/v1/contracts/${forged.id}`), 404, 'contract_unknown');
  });

  it('refuses a proposal dated in the future (422 contract_event_from_future)', async () => {
    const future = proposal('from the future', Date.now() + 24 * HOUR_MS);
    expectError(await send(future), 422, 'contract_event_from_future');
    expectError(await call(`/v1/contracts/${future.id}/events`), 404, 'contract_unknown');
  });

  it('refuses what is not a contract event (422 contract_event_schema_invalid)', async () => {
    expectError(await send({ type: 'propose' }), 422, 'contract_event_schema_invalid');
  });

  it('refuses bodies that are not strict JSON (400) and bodies over the limit (413)', async () => {
    expectError(await send('{"type":'), 400, 'json_malformed');
    expectError(await send('{"a":1,"a":2}'), 400, 'json_duplicate_key');
    expectError(
      await send(' '.repeat(HTTP_CONTRACT_EVENT_BYTES_MAX + 1)),
      413,
      'contract_event_too_large',
    );
  });

  it('answers 404 contract_unknown for a contract it does not hold', async () => {
    const unknown = digestOf(new Uint8Array([0]));
    expectError(await call(`/v1/contracts/${unknown}`), 404, 'contract_unknown');
    expectError(await call(`/v1/contracts/${unknown}/events`), 404, 'contract_unknown');
  });

  it('refuses a malformed contract id or time (400 argument_invalid)', async () => {
    const bad = encodeURIComponent("x' OR 1=1 --");
    expectError(await call(`/v1/contracts/${bad}`), 400, 'argument_invalid');
    expectError(await call(`/v1/contracts/${bad}/events`), 400, 'argument_invalid');
    const id = digestOf(new Uint8Array([0]));
    expectError(await call(`/v1/contracts/${id}?at=tomorrow`), 400, 'argument_invalid');
    expectError(await call(`/v1/contracts/${id}?at=a&at=b`), 400, 'argument_invalid');
  });
});
