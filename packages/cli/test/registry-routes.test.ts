/**
 * The capability registry's HTTP API (`mycel log serve --registry FILE`) on a real loopback log
 * service over a real SQLite registry: publish, search and track record, each refusal with its
 * code and status, SQL in every search parameter answered as data, and a refusal changing nothing.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  type CapabilityAdvertFields,
  digestOf,
  formatTimestamp,
  reputation,
  type Signer,
  withSignature,
} from '@mycel/kernel';
import { openCapabilityRegistry } from '@mycel/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { HTTP_ADVERT_BYTES_MAX } from '../src/limits.js';
import { HOUR_MS, seededSigner } from './proof-fixtures.js';
import { temporaryFolder } from './run-mycel.js';

const DAY_MS = 24 * HOUR_MS;
const MIP = 'mip-energy/generation-interval@1.0.0';
const CHENNAI = { lat: 13.0827, lon: 80.2707, label: 'Chennai' };
const MADURAI = { lat: 9.9252, lon: 78.1198, label: 'Madurai' };
const HONEST = seededSigner(81);
const CHEAP = seededSigner(82);
const FAR = seededSigner(83);
const NOBODY = seededSigner(84);

const folder = temporaryFolder('registry-routes');
const registryPath = join(folder, 'data', 'registry.db');
let service: RunningService | undefined;
let base = '';

/** Whole seconds `ms` from now. */
function timeFromNow(ms: number): number {
  return Math.floor((Date.now() + ms) / 1000) * 1000;
}

function advertOf(
  signer: Signer,
  overrides: Partial<CapabilityAdvertFields> = {},
  issuedMs = timeFromNow(-HOUR_MS),
): CapabilityAdvert {
  const fields: CapabilityAdvertFields = {
    federation: 'devnet',
    producer: signer.key.did,
    mips: [MIP],
    interfaces: [],
    locality: CHENNAI,
    price: { minor: '800', currency: 'INR', unit: 'kWh' },
    issuedAt: formatTimestamp(issuedMs),
    expiresAt: formatTimestamp(issuedMs + 30 * DAY_MS),
    ...overrides,
  };
  return withSignature(buildCapabilityAdvert(fields), CAPABILITY_KIND, signer);
}

interface Answer {
  readonly status: number;
  /** The answer's JSON, read as the other service tests read it (JSON.parse). */
  readonly body: ReturnType<typeof JSON.parse>;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

function publish(body: unknown): Promise<Answer> {
  return call('/v1/registry/adverts', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

function search(parameters: Record<string, string> | string): Promise<Answer> {
  const query =
    typeof parameters === 'string' ? parameters : new URLSearchParams(parameters).toString();
  return call(`/v1/registry/search?${query}`);
}

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.error.code).toBe(code);
  expect(typeof answer.body.error.message).toBe('string');
}

function producersOf(answer: Answer): string[] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.hits.map((hit: { advert: CapabilityAdvert }) => hit.advert.producer);
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
    registry: registryPath,
  });
  base = service.url;
  // Two producers with a history, recorded the way the registry's operator records it.
  const registry = await openCapabilityRegistry({ sqlitePath: registryPath });
  try {
    const at = formatTimestamp(timeFromNow(-2 * HOUR_MS));
    for (let value = 0; value < 4; value++) {
      await registry.recordOutcome({
        proofId: digestOf(new Uint8Array([1, value])),
        producer: HONEST.key.did,
        mip: MIP,
        accepted: true,
        p: 0.95,
        at,
      });
    }
    await registry.recordOutcome({
      proofId: digestOf(new Uint8Array([2, 0])),
      producer: CHEAP.key.did,
      mip: MIP,
      accepted: false,
      p: 0.2,
      at,
    });
  } finally {
    await registry.close();
  }
});

afterAll(async () => {
  await service?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('POST /v1/registry/adverts', () => {
  it('publishes (201), takes the same advert again (200 duplicate) and a later one (200 replaced)', async () => {
    const first = advertOf(HONEST, {}, timeFromNow(-2 * HOUR_MS));
    const published = await publish(first);
    expect(published.status).toBe(201);
    expect(published.body).toEqual({
      outcome: 'published',
      id: first.id,
      producer: HONEST.key.did,
      federation: 'devnet',
      expiresAt: first.expiresAt,
    });
    const again = await publish(first);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
    const later = advertOf(HONEST);
    const replaced = await publish(later);
    expect(replaced.status).toBe(200);
    expect(replaced.body.outcome).toBe('replaced');
    // The older advert again is stale: 409, and the registry still holds the later one.
    expectError(await publish(first), 409, 'registry_advert_stale');
    const hits = await search({ federation: 'devnet', mip: MIP });
    const honest = hits.body.hits.find(
      (hit: { advert: CapabilityAdvert }) => hit.advert.producer === HONEST.key.did,
    );
    expect(honest.advert.id).toBe(later.id);
    expect(
      (await publish(advertOf(CHEAP, { price: { minor: '650', currency: 'INR', unit: 'kWh' } })))
        .status,
    ).toBe(201);
    expect((await publish(advertOf(FAR, { locality: MADURAI }))).status).toBe(201);
  });

  it('refuses an advert whose signature does not verify (403 capability_signature_invalid)', async () => {
    const advert = advertOf(NOBODY);
    const forged = { ...advert, signatures: advertOf(HONEST).signatures };
    expectError(await publish(forged), 403, 'capability_signature_invalid');
    expect(producersOf(await search({ label: 'Chennai' }))).not.toContain(NOBODY.key.did);
  });

  it('refuses an advert signed by another key than its producer (403)', async () => {
    const signedByOther = withSignature(
      { ...advertOf(NOBODY), signatures: [] },
      CAPABILITY_KIND,
      HONEST,
    );
    expectError(await publish(signedByOther), 403, 'capability_signature_invalid');
    expect(producersOf(await search({}))).not.toContain(NOBODY.key.did);
  });

  it('refuses an expired advert (422 capability_expired) and stores nothing', async () => {
    const expired = advertOf(NOBODY, {}, timeFromNow(-40 * DAY_MS));
    expectError(await publish(expired), 422, 'capability_expired');
    expect(producersOf(await search({}))).not.toContain(NOBODY.key.did);
  });

  it('refuses a tampered advert (422 capability_id_mismatch) and a schema mismatch (422)', async () => {
    const tampered = { ...advertOf(NOBODY), locality: MADURAI };
    expectError(await publish(tampered), 422, 'capability_id_mismatch');
    const answer = await publish({ hello: 'world' });
    expectError(answer, 422, 'capability_schema_invalid');
  });

  it('refuses bodies that are not strict JSON (400) and bodies over HTTP_ADVERT_BYTES_MAX (413)', async () => {
    expectError(await publish('{"federation":'), 400, 'json_malformed');
    expectError(await publish('{"a":1,"a":2}'), 400, 'json_duplicate_key');
    expectError(await publish(' '.repeat(HTTP_ADVERT_BYTES_MAX + 1)), 413, 'body_too_large');
  });
});

describe('GET /v1/registry/search', () => {
  it('ranks by reputation, not by price, and answers track record and mean confidence', async () => {
    const answer = await search({ mip: MIP, currency: 'INR', unit: 'kWh' });
    expect(producersOf(answer)).toEqual([HONEST.key.did, FAR.key.did, CHEAP.key.did]);
    const [honest, far, cheap] = answer.body.hits;
    expect(honest.trackRecord.accepted).toBe(4);
    expect(honest.meanConfidence).toBeCloseTo(0.95);
    expect(honest.reputation).toBeGreaterThan(far.reputation);
    expect(far.meanConfidence).toBeNull();
    expect(cheap.trackRecord.refused).toBe(1);
    expect(honest.distanceKm).toBeUndefined();
  });

  it('filters by place (with distanceKm), price, label, federation, confidence and limit', async () => {
    const near = await search({ near: `${CHENNAI.lat},${CHENNAI.lon}`, radiusKm: '50' });
    expect(producersOf(near).sort()).toEqual([HONEST.key.did, CHEAP.key.did].sort());
    for (const hit of near.body.hits) expect(hit.distanceKm).toBeLessThan(1);
    const wide = await search({ near: `${CHENNAI.lat},${CHENNAI.lon}`, radiusKm: '1000' });
    const madurai = wide.body.hits.find(
      (hit: { advert: CapabilityAdvert }) => hit.advert.producer === FAR.key.did,
    );
    expect(madurai.distanceKm).toBeGreaterThan(300);
    expect(producersOf(await search({ currency: 'INR', maxPrice: '700' }))).toEqual([
      CHEAP.key.did,
    ]);
    expect(producersOf(await search({ label: 'Madurai' }))).toEqual([FAR.key.did]);
    expect(producersOf(await search({ minConfidence: '0.9' }))).toEqual([HONEST.key.did]);
    expect(producersOf(await search({ federation: 'elsewhere' }))).toEqual([]);
    expect(producersOf(await search({ limit: '1' }))).toEqual([HONEST.key.did]);
    expect(producersOf(await search({ mip: 'mip-energy/other@1.0.0' }))).toEqual([]);
  });

  it.each([
    ['near without radiusKm', 'near=13,80'],
    ['radiusKm without near', 'radiusKm=5'],
    ['near that is not LAT,LON', 'near=13&radiusKm=5'],
    ['near that is not numbers', 'near=north,east&radiusKm=5'],
    ['a latitude out of range', 'near=91,80&radiusKm=5'],
    ['a negative radius', 'near=13,80&radiusKm=-1'],
    ['a radius that is not a number', 'near=13,80&radiusKm=Infinity'],
    ['a limit that is not a whole number', 'limit=ten'],
    ['a limit of 0', 'limit=0'],
    ['a limit over the most', 'limit=1000'],
    ['a confidence that is not a number', 'minConfidence=high'],
    ['a confidence over 1', 'minConfidence=1.5'],
    ['maxPrice without currency', 'maxPrice=100'],
    ['a maxPrice that is not minor units', 'currency=INR&maxPrice=1.5'],
    ['a malformed currency', 'currency=rupees'],
    ['a malformed mip', 'mip=not%20a%20mip'],
    ['an unknown parameter', 'colour=green'],
    ['a parameter given twice', 'mip=a&mip=b'],
  ])('refuses %s with 400 registry_query_invalid', async (_name, query) => {
    expectError(await search(query), 400, 'registry_query_invalid');
  });

  it('answers SQL in any parameter as data: 400 or no hits, and the tables stay intact', async () => {
    const injections = [
      "' OR '1'='1",
      "x'; DROP TABLE adverts; --",
      '1) OR 1=1 --',
      "Chennai' UNION SELECT * FROM outcomes --",
    ];
    const fields = [
      'mip',
      'currency',
      'unit',
      'label',
      'federation',
      'maxPrice',
      'minConfidence',
      'limit',
    ];
    for (const injection of injections) {
      for (const field of fields) {
        const parameters: Record<string, string> = { [field]: injection };
        if (field === 'maxPrice') parameters.currency = 'INR';
        const answer = await search(parameters);
        if (answer.status === 200) expect(answer.body.hits).toEqual([]);
        else expectError(answer, 400, 'registry_query_invalid');
      }
      const near = await search({ near: injection, radiusKm: injection });
      expectError(near, 400, 'registry_query_invalid');
    }
    expect(producersOf(await search({})).length).toBe(3);
    const track = await call(`/v1/registry/producers/${HONEST.key.did}/track-record`);
    expect(track.body.trackRecord.accepted).toBe(4);
  });
});

describe('GET /v1/registry/producers/:did/track-record', () => {
  it('answers the track record, the reputation and the mean confidence', async () => {
    const answer = await call(`/v1/registry/producers/${HONEST.key.did}/track-record`);
    expect(answer.status).toBe(200);
    expect(answer.body.producer).toBe(HONEST.key.did);
    expect(answer.body.trackRecord).toMatchObject({ accepted: 4, refused: 0, disputesLost: 0 });
    expect(answer.body.reputation).toBe(reputation(answer.body.trackRecord));
    expect(answer.body.meanConfidence).toBeCloseTo(0.95);
    const hit = (await search({ label: 'Chennai' })).body.hits[0];
    expect(hit.reputation).toBeCloseTo(answer.body.reputation, 12);
  });

  it('answers an empty record for a producer the registry never heard of', async () => {
    const answer = await call(`/v1/registry/producers/${NOBODY.key.did}/track-record`);
    expect(answer.status).toBe(200);
    expect(answer.body.trackRecord).toMatchObject({ accepted: 0, refused: 0 });
    expect(answer.body.meanConfidence).toBeNull();
  });

  it('refuses a producer that is not a did:key (400 argument_invalid)', async () => {
    expectError(
      await call(`/v1/registry/producers/${encodeURIComponent("' OR 1=1 --")}/track-record`),
      400,
      'argument_invalid',
    );
  });
});

describe('mycel log serve --registry default', () => {
  it('keeps the registry under $MYCEL_HOME, and serves no /v1/registry without --registry', async () => {
    const home = temporaryFolder('registry-home');
    const previous = process.env.MYCEL_HOME;
    process.env.MYCEL_HOME = home;
    const logKey = join(home, 'keys', 'log.json');
    writeKeyFile(logKey, generateKeyFile('ed25519'), false);
    const options = {
      host: '127.0.0.1',
      port: '0',
      logLevel: 'silent',
      store: `sqlite:${join(home, 'log.db')}`,
      logKey,
    };
    try {
      const plain = await startLogService(options);
      const missing = await fetch(`${plain.url}/v1/registry/search`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
        'route_not_found',
      );
      await plain.stop();
      const withDefault = await startLogService({ ...options, registry: 'default' });
      expect(existsSync(join(home, 'registry.db'))).toBe(true);
      const answer = await fetch(`${withDefault.url}/v1/registry/search`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ hits: [] });
      await withDefault.stop();
    } finally {
      if (previous === undefined) delete process.env.MYCEL_HOME;
      else process.env.MYCEL_HOME = previous;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
