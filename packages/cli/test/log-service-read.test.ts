import {
  type Hash,
  hashLeaf,
  naiveRoot,
  proofId,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  allLeaves,
  answerOf,
  base,
  expectError,
  expectIncluded,
  freshProof,
  get,
  getJson,
  hashes,
  logSize,
  opened,
  post,
  useLogService,
} from './log-service-harness.js';

useLogService();

describe('reading the log', () => {
  it('GET /v1/entries pages through the log, at most 100 per request', async () => {
    // More than one page: this file's service starts empty.
    const more = Array.from({ length: 130 }, freshProof);
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
