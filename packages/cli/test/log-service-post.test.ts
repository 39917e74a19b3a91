import {
  didKeyFromPublicKey,
  formatKid,
  formatTimestamp,
  limits,
  type Proof,
  signProof,
  toBase64Url,
  utf8,
} from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import {
  answerOf,
  base,
  expectError,
  expectIncluded,
  freshProof,
  get,
  getJson,
  ISSUER,
  logSize,
  OTHER,
  opened,
  post,
  postAllAtOnce,
  REVOKED,
  reordered,
  service,
  useLogService,
} from './log-service-harness.js';
import {
  HOUR_MS,
  proofText,
  signedProof,
  timestampAgo,
  unsignedProof,
  withFlippedSignature,
} from './proof-fixtures.js';

useLogService();

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
