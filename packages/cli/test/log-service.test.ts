/**
 * The HTTP log service end to end, in-process but over a real socket on 127.0.0.1: started the way
 * `mycel log serve` starts it (a key file written by the CLI helpers, a SQLite store, a trust file),
 * talked to with fetch (and with raw kept-alive connections where requests must arrive together),
 * every answer checked with the kernel the way an offline verifier would.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRevocationList,
  didKeyFromPublicKey,
  formatKid,
  formatTimestamp,
  fromBase64,
  type Hash,
  hashLeaf,
  limits,
  type NoteVerifierKey,
  naiveRoot,
  type OpenedCheckpoint,
  openCheckpoint,
  type Proof,
  parseVerifierKey,
  proofId,
  signProof,
  toBase64Url,
  utf8,
  verifyConsistency,
  verifyEd25519,
  verifyInclusion,
  withSignature,
} from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startLogService } from '../src/commands/log-serve.js';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import {
  HOUR_MS,
  leafHashOf,
  proofText,
  seededSigner,
  signedProof,
  timestampAgo,
  unsignedProof,
  withFlippedSignature,
} from './proof-fixtures.js';
import { RawHttpConnection } from './raw-http.js';
import { temporaryFolder } from './run-mycel.js';

const ISSUER = seededSigner(21);
const REVOKED = seededSigner(22);
const AUTHORITY = seededSigner(23);
const OTHER = seededSigner(24);
const REVOKED_AT = timestampAgo(HOUR_MS);

const folder = temporaryFolder('log-service');
let service: RunningService | undefined;
let base = '';
let logKey: NoteVerifierKey;
let nextValue = 1;

/** A fresh proof by ISSUER: each call makes a new id. */
function freshProof(): Proof {
  return signedProof(ISSUER, { value: nextValue++ });
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function post(
  body: RequestInit['body'],
  headers: Record<string, string> = {},
): Promise<Answer> {
  return answerOf(await fetch(`${base}/v1/proofs`, { method: 'POST', body, headers }));
}

/**
 * POSTs every body on its own connection, all in one turn of the event loop, on connections the
 * service has already served once: it then reads them together, as from many busy clients.
 */
async function postAllAtOnce(bodies: readonly string[]): Promise<Answer[]> {
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

async function get(path: string): Promise<Answer> {
  return answerOf(await fetch(`${base}${path}`));
}

async function getJson(path: string) {
  const answer = await get(path);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text);
}

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

async function logSize(): Promise<number> {
  const health = await getJson('/healthz');
  expect(health.ok).toBe(true);
  return health.size;
}

function opened(note: string): OpenedCheckpoint {
  const checkpoint = openCheckpoint(note, [logKey], verifyEd25519, DEFAULT_ORIGIN);
  if (!checkpoint.ok) throw new Error(`the checkpoint does not open: ${checkpoint.error.code}`);
  return checkpoint.value;
}

function hashes(values: readonly string[]): Hash[] {
  return values.map((value) => fromBase64(value)!);
}

/** Checks an inclusion answer the way an offline verifier does: signed checkpoint, then path. */
function expectIncluded(
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
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reordered(item)]),
  );
}

/** Every leaf of the log, read back through GET /v1/entries, page by page. */
async function allLeaves(): Promise<Hash[]> {
  const leaves: Hash[] = [];
  for (;;) {
    const page = await getJson(`/v1/entries?start=${leaves.length}`);
    if (page.entries.length === 0) return leaves;
    for (const entry of page.entries) leaves.push(leafHashOf(entry.proof));
  }
}

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

describe('the log service before the first proof', () => {
  it('has no checkpoint (404 log_empty), no entries, and serves its verifier key', async () => {
    expectError(await get('/v1/checkpoint'), 404, 'log_empty');
    expect(await getJson('/healthz')).toEqual({ ok: true, size: 0 });
    expect(await getJson('/v1/entries')).toEqual({ entries: [] });
    expectError(await get(`/v1/proofs/${freshProof().id}`), 404, 'entry_not_found');
    expectError(await get('/v1/inclusion?index=0'), 400, 'log_index_out_of_range');
    const key = await get('/v1/log-key');
    expect(key.status).toBe(200);
    expect(key.type).toMatch(/^text\/plain/);
    expect(key.text).toMatch(/^devnet\.mycel\.local\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*\n$/);
    expect(key.text.trim()).toBe(service!.context.log.verifierKey());
  });
});

describe('POST /v1/proofs', () => {
  const first = freshProof();
  let firstAnswer = '';

  it('logs a new proof: 201, and an inclusion proof that checks against the signed checkpoint', async () => {
    const answer = await post(proofText(first));
    expect(answer.status, answer.text).toBe(201);
    expect(answer.type).toMatch(/^application\/json/);
    const body = JSON.parse(answer.text);
    expect(body).toMatchObject({
      id: first.id,
      index: 0,
      treeSize: 1,
      mipKnown: false,
      settleable: false,
    });
    expectIncluded(body, first);
    const checkpoint = await get('/v1/checkpoint');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.type).toMatch(/^text\/plain/);
    expect(checkpoint.text).toBe(body.checkpoint);
    expect(opened(checkpoint.text)).toMatchObject({ origin: DEFAULT_ORIGIN, size: 1 });
    firstAnswer = answer.text;
  });

  it('answers a known proof with 200 and the byte-identical first answer, however it is serialised', async () => {
    const second = await post(proofText(freshProof()));
    expect(second.status).toBe(201);
    expect(await logSize()).toBe(2);
    const compact = JSON.stringify(first);
    const reserialised = `\n\t${JSON.stringify(reordered(first), null, '\t')}\r\n  `;
    expect(reserialised).not.toBe(compact);
    const repeats = [
      await post(proofText(first)),
      await post(compact, { 'content-type': 'application/json' }),
      await post(reserialised, { 'content-type': 'text/plain' }),
      await post(utf8(reserialised), { 'content-type': 'application/octet-stream' }),
    ];
    for (const repeat of repeats) {
      expect(repeat.status, repeat.text).toBe(200);
      // The first answer, although the log has grown since: same checkpoint, same path.
      expect(repeat.text).toBe(firstAnswer);
    }
    expect(await logSize()).toBe(2);
  });

  it('answers the same new proof posted twice at once with one 201 and one 200, one entry', async () => {
    const proof = freshProof();
    const sizeBefore = await logSize();
    // Both in the same group commit: the second is a duplicate within the batch.
    const answers = await postAllAtOnce([proofText(proof), JSON.stringify(proof)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.text).toBe(answers[1]!.text);
    expect(await logSize()).toBe(sizeBefore + 1);
  });

  it('accepts a body of exactly PROOF_BYTES_MAX and refuses one byte more with 413 proof_oversize', async () => {
    const sizeBefore = await logSize();
    const fits = proofText(freshProof());
    const atLimit = fits + ' '.repeat(limits.PROOF_BYTES_MAX - fits.length);
    expect(utf8(atLimit).length).toBe(limits.PROOF_BYTES_MAX);
    expect((await post(atLimit)).status).toBe(201);
    const tooLong = proofText(freshProof());
    const overLimit = tooLong + ' '.repeat(limits.PROOF_BYTES_MAX + 1 - tooLong.length);
    expectError(await post(overLimit), 413, 'proof_oversize');
    // Without a Content-Length (chunked), the limit holds while the body streams in.
    const chunked = await answerOf(
      await fetch(`${base}/v1/proofs`, {
        method: 'POST',
        body: new Blob([overLimit]).stream(),
        duplex: 'half',
      }),
    );
    expectError(chunked, 413, 'proof_oversize');
    expect(await logSize()).toBe(sizeBefore + 1);
  });

  it('refuses malformed requests with 400 and the JSON rule broken', async () => {
    const sizeBefore = await logSize();
    const text = JSON.stringify(freshProof());
    expectError(await post('{"v": 1, "mip": '), 400, 'json_malformed');
    expectError(await post('{"v": 1} trailing'), 400, 'json_malformed');
    expectError(await post(''), 400, 'json_malformed');
    expectError(await post('', { 'content-type': 'application/json' }), 400, 'json_malformed');
    expectError(await post(`{"v": 1, ${text.slice(1)}`), 400, 'json_duplicate_key');
    expectError(await post(`${'['.repeat(40)}${']'.repeat(40)}`), 400, 'json_too_deep');
    expectError(await post(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)), 400, 'json_invalid_unicode');
    expect(await logSize()).toBe(sizeBefore);
  });

  it('refuses proofs that break a protocol rule with 422 and the code of that rule, logging none', async () => {
    const entriesBefore = await getJson('/v1/entries');
    const x25519 = didKeyFromPublicKey('X25519', new Uint8Array(32).fill(7));
    const wrongTypeBody = unsignedProof({ value: 1000, issuer: x25519.did });
    const wrongType: Proof = {
      ...wrongTypeBody,
      signatures: [
        {
          kid: formatKid(x25519.did, x25519),
          alg: 'Ed25519',
          sig: toBase64Url(new Uint8Array(64).fill(1)),
        },
      ],
    };
    const signed = freshProof();
    const bySomeoneElse = signProof(unsignedProof({ value: 1001, issuer: ISSUER.key.did }), OTHER);
    if (!bySomeoneElse.ok) throw new Error(bySomeoneElse.error.code);
    const cases: [string, unknown][] = [
      ['signature_invalid', withFlippedSignature(freshProof())],
      ['signature_missing', unsignedProof({ value: 1002, issuer: ISSUER.key.did })],
      ['proof_id_mismatch', { ...signed, claim: { ...signed.claim, value: 15000 } }],
      [
        'proof_issued_in_future',
        signedProof(ISSUER, { value: 1003, issuedAt: formatTimestamp(Date.now() + HOUR_MS) }),
      ],
      ['signature_key_revoked', signedProof(REVOKED, { value: 1004 })],
      ['signature_key_wrong_type', wrongType],
      ['proof_issuer_signature_missing', bySomeoneElse.value],
      ['proof_schema_invalid', { v: 1 }],
      ['proof_version_unsupported', { ...signed, v: 2 }],
    ];
    for (const [code, proof] of cases) {
      const answer = await post(proofText(proof));
      expectError(answer, 422, code);
      const { id } = proof as { id?: string };
      if (id !== undefined) expectError(await get(`/v1/proofs/${id}`), 404, 'entry_not_found');
    }
    expect(await getJson('/v1/entries')).toEqual(entriesBefore);
  });

  it('accepts a signature made before its key was revoked', async () => {
    const before = signedProof(REVOKED, { value: 1005, issuedAt: timestampAgo(2 * HOUR_MS) });
    const answer = await post(proofText(before));
    expect(answer.status, answer.text).toBe(201);
    expectIncluded(JSON.parse(answer.text), before);
  });

  it('logs a proof of a MIP it does not know, as not settleable (K6)', async () => {
    const unknown = signedProof(ISSUER, { value: 1006, mip: 'mip-nowhere/unheard-of@9.9.9' });
    const answer = await post(proofText(unknown));
    expect(answer.status, answer.text).toBe(201);
    expect(JSON.parse(answer.text)).toMatchObject({ mipKnown: false, settleable: false });
  });

  it('group-commits 50 proofs posted at once: all logged, distinct indices, fewer checkpoints', async () => {
    const sizeBefore = await logSize();
    const proofs = Array.from({ length: 50 }, freshProof);
    const answers = await postAllAtOnce(proofs.map((proof) => JSON.stringify(proof)));
    const bodies = answers.map((answer) => {
      expect(answer.status, answer.text).toBe(201);
      return JSON.parse(answer.text);
    });
    const indices = bodies.map((body) => body.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 50 }, (_, n) => sizeBefore + n));
    const checkpoints = new Set(bodies.map((body) => body.checkpoint));
    // Read in one turn, they share a transaction or a few: far fewer checkpoints than proofs.
    expect(checkpoints.size).toBeLessThan(10);
    expect(new Set(bodies.map((body) => body.treeSize)).size).toBe(checkpoints.size);
    bodies.forEach((body, position) => {
      expect(body.id).toBe(proofs[position]!.id);
      expectIncluded(body, proofs[position]);
    });
    expect(await logSize()).toBe(sizeBefore + 50);
  });
});

describe('reading the log', () => {
  it('GET /v1/entries pages through the log, at most 100 per request', async () => {
    const more = Array.from({ length: 60 }, freshProof);
    await Promise.all(more.map((proof) => post(JSON.stringify(proof))));
    const size = await logSize();
    expect(size).toBeGreaterThan(100);
    const firstPage = await getJson('/v1/entries');
    expect(firstPage.entries.map((entry: { index: number }) => entry.index)).toEqual(
      Array.from({ length: 100 }, (_, n) => n),
    );
    for (const entry of firstPage.entries) expect(entry.id).toBe(proofId(entry.proof));
    expect((await getJson('/v1/entries?start=0&end=100000')).entries).toHaveLength(100);
    const rest = await getJson('/v1/entries?start=100');
    expect(rest.entries.map((entry: { index: number }) => entry.index)).toEqual(
      Array.from({ length: size - 100 }, (_, n) => 100 + n),
    );
    const slice = await getJson('/v1/entries?start=5&end=7');
    expect(slice.entries.map((entry: { index: number }) => entry.index)).toEqual([5, 6]);
    expect((await getJson('/v1/entries?end=3')).entries).toHaveLength(3);
    expect(await getJson(`/v1/entries?start=${size}`)).toEqual({ entries: [] });
    expect(await getJson('/v1/entries?start=4&end=4')).toEqual({ entries: [] });
    for (const query of [
      'start=abc',
      'start=-1',
      'start=01',
      'start=1.5',
      'start=3&end=2',
      'end=x',
    ])
      expectError(await get(`/v1/entries?${query}`), 400, 'argument_invalid');
    // The entries are the leaves: their tree is the one the latest checkpoint signs.
    const latest = opened((await get('/v1/checkpoint')).text);
    expect(latest.size).toBe(size);
    expect(naiveRoot(await allLeaves())).toEqual(latest.root);
  });

  it('GET /v1/proofs/{id} answers inclusion against the latest checkpoint, or 404', async () => {
    const [entry] = (await getJson('/v1/entries?start=3&end=4')).entries;
    const answer = await getJson(`/v1/proofs/${entry.id}`);
    const size = await logSize();
    expect(answer).toMatchObject({ id: entry.id, index: 3, treeSize: size });
    expect(answer.checkpoint).toBe((await get('/v1/checkpoint')).text);
    expectIncluded(answer, entry.proof);
    expectError(await get(`/v1/proofs/sha256:${'0'.repeat(64)}`), 404, 'entry_not_found');
    expectError(await get('/v1/proofs/not-an-id'), 404, 'entry_not_found');
  });

  it('GET /v1/inclusion answers for any index and size, and names what is wrong with bad ones', async () => {
    const size = await logSize();
    const [entry] = (await getJson('/v1/entries?start=1&end=2')).entries;
    const latest = await getJson('/v1/inclusion?index=1');
    expect(latest).toMatchObject({ id: entry.id, index: 1, treeSize: size });
    expectIncluded(latest, entry.proof);
    // Size 2 was checkpointed when the second proof was logged.
    const atTwo = await getJson('/v1/inclusion?index=1&size=2');
    expect(opened(atTwo.checkpoint).size).toBe(2);
    expectIncluded(atTwo, entry.proof);
    // At any size, checkpointed or not, the path leads to the root of the first `size` leaves.
    const leaves = await allLeaves();
    for (const treeSize of [3, 17, 64, size - 1]) {
      const answer = await getJson(`/v1/inclusion?index=1&size=${treeSize}`);
      const verified = verifyInclusion({
        index: 1,
        size: treeSize,
        leafHash: leaves[1]!,
        proof: hashes(answer.inclusion),
        root: naiveRoot(leaves.slice(0, treeSize)),
      });
      expect(verified.ok).toBe(true);
    }
    for (const query of ['index=abc', '', 'size=3', 'index=-1', 'index=1&size=x', 'index=1e2'])
      expectError(await get(`/v1/inclusion?${query}`), 400, 'argument_invalid');
    expectError(await get(`/v1/inclusion?index=${size}`), 400, 'log_index_out_of_range');
    expectError(await get('/v1/inclusion?index=5&size=5'), 400, 'log_index_out_of_range');
    expectError(await get('/v1/inclusion?index=0&size=0'), 400, 'log_index_out_of_range');
    expectError(await get(`/v1/inclusion?index=0&size=${size + 1}`), 400, 'log_size_invalid');
  });

  it('GET /v1/consistency proves that the latest checkpoint extends an older one', async () => {
    const size = await logSize();
    const older = opened((await getJson('/v1/inclusion?index=0&size=2')).checkpoint);
    const newer = opened((await get('/v1/checkpoint')).text);
    const answer = await getJson(`/v1/consistency?old=2&new=${size}`);
    expect(answer.oldSize).toBe(2);
    expect(answer.newSize).toBe(size);
    const proof = hashes(answer.consistency);
    const check = (oldRoot: Hash, newRoot: Hash) =>
      verifyConsistency({ oldSize: 2, newSize: size, oldRoot, newRoot, proof });
    expect(check(older.root, newer.root)).toEqual({ ok: true, value: true });
    // The same proof does not vouch for another tree (a forked or rewritten log).
    const otherRoot = naiveRoot([hashLeaf(utf8('a')), hashLeaf(utf8('b'))]);
    expect(check(otherRoot, newer.root)).toMatchObject({
      ok: false,
      error: { code: 'log_consistency_proof_invalid' },
    });
    // `new` defaults to the latest size.
    expect(await getJson('/v1/consistency?old=2')).toEqual(answer);
    expect(await getJson('/v1/consistency?old=0&new=1')).toEqual({
      oldSize: 0,
      newSize: 1,
      consistency: [],
    });
    for (const query of ['', 'old=abc', 'old=-1', 'old=1&new=x', 'new=2'])
      expectError(await get(`/v1/consistency?${query}`), 400, 'argument_invalid');
    expectError(await get('/v1/consistency?old=3&new=2'), 400, 'log_size_invalid');
    expectError(await get(`/v1/consistency?old=1&new=${size + 1}`), 400, 'log_size_invalid');
  });

  it('GET /healthz reports the size', async () => {
    const size = (await allLeaves()).length;
    expect(await getJson('/healthz')).toEqual({ ok: true, size });
  });

  // Regression (was a bug): routes that do not exist answer with fastify's own 404 body
  // ({"message","error","statusCode"}), not the service's { error: { code, message } } shape
  // that docs/spec/transparency-log.md promises for every error.
  it('answers an unknown route or method with the error shape and a code', async () => {
    const unknownRoute = await get('/v1/nothing-here');
    expect(unknownRoute.status).toBe(404);
    expect(typeof JSON.parse(unknownRoute.text).error?.code).toBe('string');
    const wrongMethod = await answerOf(await fetch(`${base}/v1/checkpoint`, { method: 'DELETE' }));
    expect(wrongMethod.status).toBe(404);
    expect(typeof JSON.parse(wrongMethod.text).error?.code).toBe('string');
  });
});
