/**
 * The evidence vault's HTTP API on a real loopback log service: each route, and each refusal
 * with its code and status, after which the vault has not changed.
 */
import { randomBytes } from 'node:crypto';
import { digestOf, formatTimestamp } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  AUTHORITY,
  call,
  challengeFor,
  disclosureRequest,
  expectErrorCode,
  OTHER_VERIFIER,
  PRODUCER,
  postJson,
  putEvidence,
  RETENTION_DAYS,
  useEvidenceService,
  VERIFIER,
} from './evidence-harness.js';
import { HOUR_MS } from './proof-fixtures.js';

useEvidenceService();

const MEDIA_TYPE = 'application/vnd.mycel.energy.readings+json';

async function stored(disclosure: string): Promise<{ digest: string; bytes: Uint8Array }> {
  const bytes = new Uint8Array(randomBytes(48));
  const answer = await putEvidence(bytes, disclosure);
  expect(answer.status, answer.text).toBe(201);
  return { digest: JSON.parse(answer.text).digest, bytes };
}

async function disclosuresOf(digest: string) {
  const answer = await call(`/v1/evidence/${digest}/disclosures`);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text).entries as { granted: boolean; code: string | null }[];
}

describe('POST /v1/evidence', () => {
  it('stores raw bytes and answers the entry a proof carries (201, then 200 for the same bytes)', async () => {
    const bytes = new Uint8Array(randomBytes(64));
    const first = await putEvidence(bytes, 'on-request', `${MEDIA_TYPE}; charset=utf-8`);
    expect(first.status).toBe(201);
    const entry = {
      digest: digestOf(bytes),
      mediaType: MEDIA_TYPE,
      vault: 'devnet.mycel.local/log',
      disclosure: 'on-request',
    };
    expect(JSON.parse(first.text)).toEqual(entry);
    const again = await putEvidence(bytes, 'on-request');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toEqual(entry);
  });

  it('refuses a missing disclosure header with evidence_disclosure_invalid (422)', async () => {
    const bytes = new Uint8Array(randomBytes(16));
    const answer = await call('/v1/evidence', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': MEDIA_TYPE, 'mycel-producer': PRODUCER.key.did },
    });
    expectErrorCode(answer, 422, 'evidence_disclosure_invalid');
    expectErrorCode(await call(`/v1/evidence/${digestOf(bytes)}`), 404, 'evidence_unknown');
  });

  it('refuses a media type that is not type/subtype with evidence_media_type_invalid', async () => {
    const bytes = new Uint8Array(randomBytes(16));
    expectErrorCode(
      await putEvidence(bytes, 'public', 'readings'),
      422,
      'evidence_media_type_invalid',
    );
    expectErrorCode(await call(`/v1/evidence/${digestOf(bytes)}`), 404, 'evidence_unknown');
  });

  it('refuses the same bytes with another disclosure with evidence_conflict (409)', async () => {
    const { digest, bytes } = await stored('private');
    expectErrorCode(await putEvidence(bytes, 'public'), 409, 'evidence_conflict');
    expect(JSON.parse((await call(`/v1/evidence/${digest}`)).text).disclosure).toBe('private');
  });

  it('refuses a body over HTTP_EVIDENCE_BYTES_MAX with evidence_too_large (413)', async () => {
    const bytes = new Uint8Array(16 * 1024 * 1024 + 1);
    expectErrorCode(await putEvidence(bytes, 'public'), 413, 'evidence_too_large');
    expectErrorCode(await call(`/v1/evidence/${digestOf(bytes)}`), 404, 'evidence_unknown');
  });
});

describe('GET /v1/evidence/:digest', () => {
  it('answers metadata with retention from the pack, never the bytes', async () => {
    const { digest, bytes } = await stored('public');
    const answer = await call(`/v1/evidence/${digest}`);
    expect(answer.status).toBe(200);
    const description = JSON.parse(answer.text);
    expect(description).toMatchObject({
      digest,
      mediaType: MEDIA_TYPE,
      disclosure: 'public',
      producer: PRODUCER.key.did,
      byteLength: bytes.length,
      expiredAtMs: null,
    });
    expect(description.retainUntilMs - description.storedAtMs).toBe(RETENTION_DAYS * 24 * HOUR_MS);
  });

  it('refuses a path that is not a digest with argument_invalid (400)', async () => {
    expectErrorCode(await call('/v1/evidence/meter.csv'), 400, 'argument_invalid');
  });
});

describe('challenges and disclosures', () => {
  it('opens a challenge (201, then 200) and discloses to the assigned verifier only', async () => {
    const { digest, bytes } = await stored('on-request');
    const challenge = challengeFor([digest]);
    const opened = await postJson('/v1/evidence/challenges', challenge);
    expect(opened.status, opened.text).toBe(201);
    expect(JSON.parse(opened.text)).toEqual({
      id: challenge.id,
      digests: [digest],
      verifiers: [VERIFIER.key.did],
      expiresAt: challenge.expiresAt,
    });
    expect((await postJson('/v1/evidence/challenges', challenge)).status).toBe(200);

    const granted = await postJson(
      `/v1/evidence/${digest}/disclosures`,
      disclosureRequest(digest, challenge.id),
    );
    expect(granted.status).toBe(200);
    expect(granted.type).toBe(MEDIA_TYPE);
    expect(granted.bytes).toEqual(bytes);

    const other = disclosureRequest(digest, challenge.id, OTHER_VERIFIER);
    const refused = await postJson(`/v1/evidence/${digest}/disclosures`, other);
    expectErrorCode(refused, 403, 'evidence_not_challenged');
    expect(await disclosuresOf(digest)).toMatchObject([
      { granted: true, code: null },
      { granted: false, code: 'evidence_not_challenged' },
    ]);
  });

  it('refuses a challenge not signed by a dispute authority: challenge_authority_unknown', async () => {
    const { digest } = await stored('on-request');
    const challenge = challengeFor([digest], { authority: VERIFIER.key.did }, VERIFIER);
    expectErrorCode(
      await postJson('/v1/evidence/challenges', challenge),
      403,
      'challenge_authority_unknown',
    );
    const request = disclosureRequest(digest, challenge.id);
    expectErrorCode(
      await postJson(`/v1/evidence/${digest}/disclosures`, request),
      403,
      'evidence_not_challenged',
    );
  });

  it('refuses a challenge signed by another key: challenge_signature_invalid (403)', async () => {
    const { digest } = await stored('on-request');
    const challenge = challengeFor([digest], {}, OTHER_VERIFIER);
    expectErrorCode(
      await postJson('/v1/evidence/challenges', challenge),
      403,
      'challenge_signature_invalid',
    );
  });

  it('refuses an expired challenge: challenge_expired', async () => {
    const { digest } = await stored('on-request');
    const challenge = challengeFor([digest], {
      openedAt: formatTimestamp(Date.now() - 2 * HOUR_MS),
      expiresAt: formatTimestamp(Date.now() - HOUR_MS),
    });
    expectErrorCode(await postJson('/v1/evidence/challenges', challenge), 403, 'challenge_expired');
  });

  it('refuses a challenge body that is not JSON: json_malformed', async () => {
    const answer = await call('/v1/evidence/challenges', {
      method: 'POST',
      body: '{"kind":',
      headers: { 'content-type': 'application/json' },
    });
    expectErrorCode(answer, 400, 'json_malformed');
  });

  it('refuses a challenge with a duplicated key: json_duplicate_key', async () => {
    const answer = await call('/v1/evidence/challenges', {
      method: 'POST',
      body: '{"v":1,"v":1}',
      headers: { 'content-type': 'application/json' },
    });
    expectErrorCode(answer, 400, 'json_duplicate_key');
  });

  it('never discloses private evidence: evidence_private (403), logged', async () => {
    const { digest } = await stored('private');
    const challenge = challengeFor([digest]);
    expect((await postJson('/v1/evidence/challenges', challenge)).status).toBe(201);
    const request = disclosureRequest(digest, challenge.id);
    expectErrorCode(
      await postJson(`/v1/evidence/${digest}/disclosures`, request),
      403,
      'evidence_private',
    );
    expect(await disclosuresOf(digest)).toMatchObject([
      { granted: false, code: 'evidence_private' },
    ]);
  });

  it('gives public evidence to any signed request', async () => {
    const { digest, bytes } = await stored('public');
    const answer = await postJson(
      `/v1/evidence/${digest}/disclosures`,
      disclosureRequest(digest, undefined, OTHER_VERIFIER),
    );
    expect(answer.status).toBe(200);
    expect(answer.bytes).toEqual(bytes);
    expect(answer.type).toBe(MEDIA_TYPE);
  });

  it('refuses a request signed by someone else: disclosure_signature_invalid (403)', async () => {
    const { digest } = await stored('public');
    const forged = {
      ...disclosureRequest(digest),
      signatures: disclosureRequest(digest, undefined, AUTHORITY).signatures,
    };
    expectErrorCode(
      await postJson(`/v1/evidence/${digest}/disclosures`, forged),
      403,
      'disclosure_signature_invalid',
    );
  });

  it('refuses a request for another digest: disclosure_digest_mismatch', async () => {
    const { digest } = await stored('public');
    const { digest: other } = await stored('public');
    const request = disclosureRequest(other);
    expectErrorCode(
      await postJson(`/v1/evidence/${digest}/disclosures`, request),
      422,
      'disclosure_digest_mismatch',
    );
  });

  it('refuses a request for evidence the vault does not hold: evidence_unknown (404)', async () => {
    const digest = digestOf(new Uint8Array(randomBytes(8)));
    expectErrorCode(
      await postJson(`/v1/evidence/${digest}/disclosures`, disclosureRequest(digest)),
      404,
      'evidence_unknown',
    );
  });

  it('refuses a disclosure log page that is not whole numbers: argument_invalid', async () => {
    const { digest } = await stored('public');
    expectErrorCode(
      await call(`/v1/evidence/${digest}/disclosures?after=-1`),
      400,
      'argument_invalid',
    );
    expectErrorCode(
      await call(`/v1/evidence/${digest}/disclosures?limit=0`),
      422,
      'disclosure_log_invalid',
    );
  });
});
