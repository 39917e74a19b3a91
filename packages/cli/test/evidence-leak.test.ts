/**
 * K3 on the wire: no raw evidence byte appears in any proof, log entry or API answer outside an
 * authorised disclosure. Evidence starts with a random 32-byte marker; a proof referencing it
 * is logged over HTTP; then every answer the service gives about it — the logged proof, log
 * entries, inclusion proof, checkpoint, evidence metadata, challenge, refused disclosures, the
 * disclosure log — is searched for the marker raw, in hex and in base64/base64url, and so is the
 * log's own database file. The marker is found exactly once: in the granted disclosure.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProof, type Evidence, signProof, toBase64, toBase64Url, toHex } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  call,
  challengeFor,
  disclosureRequest,
  OTHER_VERIFIER,
  postJson,
  putEvidence,
  service,
  useEvidenceService,
} from './evidence-harness.js';
import { seededSigner, timestampAgo } from './proof-fixtures.js';

useEvidenceService();

const ISSUER = seededSigner(66);
const MARKER = new Uint8Array(randomBytes(32));
const EVIDENCE = new Uint8Array([
  ...MARKER,
  ...new TextEncoder().encode(JSON.stringify({ meter: 'roof-7', wh: 1234 })),
]);
// The marker starts the evidence, so its first 30 bytes (a whole number of base64 groups) encode
// to the same 40 characters whether the marker or the whole evidence was encoded.
const ALIGNED = MARKER.subarray(0, 30);
const NEEDLES: [string, Uint8Array][] = [
  ['raw', MARKER],
  ['hex', new TextEncoder().encode(toHex(MARKER))],
  ['HEX', new TextEncoder().encode(toHex(MARKER).toUpperCase())],
  ['base64', new TextEncoder().encode(toBase64(ALIGNED))],
  ['base64url', new TextEncoder().encode(toBase64Url(ALIGNED))],
];

// Without '+' or '/' in it, the base64 and base64url forms are one and the same needle.
const DISTINCT_NEEDLES = [
  ...new Map(NEEDLES.map(([, needle]) => [Buffer.from(needle).toString('hex'), needle])).values(),
];

/** How many times any form of the marker occurs in `bytes`. */
function markerCount(bytes: Uint8Array): number {
  const haystack = Buffer.from(bytes);
  let count = 0;
  for (const needle of DISTINCT_NEEDLES) {
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      count += 1;
    }
  }
  return count;
}

function proofFor(entry: Evidence) {
  const issuedAt = timestampAgo(60_000);
  const proof = buildProof({
    mip: 'mip-energy/generation-interval@1.0.0',
    federation: 'devnet',
    claim: { subject: 'meter:roof-7', predicate: 'exported-energy', value: 1234, unit: 'Wh' },
    attestation: { issuer: ISSUER.key.did, capturedAt: issuedAt },
    evidence: [entry],
    issuedAt,
  });
  const signed = signProof(proof, ISSUER);
  if (!signed.ok) throw new Error(`cannot sign: ${signed.error.code}`);
  return signed.value;
}

describe('no raw evidence outside an authorised disclosure (K3)', () => {
  it('detects the marker in every form it searches for (the search itself works)', () => {
    const encode = (text: string) => new TextEncoder().encode(`{"x":"${text}"}`);
    expect(markerCount(EVIDENCE)).toBe(1);
    expect(markerCount(encode(toHex(EVIDENCE)))).toBe(1);
    expect(markerCount(encode(toHex(EVIDENCE).toUpperCase()))).toBe(1);
    expect(markerCount(encode(toBase64(EVIDENCE)))).toBe(1);
    expect(markerCount(encode(toBase64Url(EVIDENCE)))).toBe(1);
    expect(markerCount(encode(toBase64(MARKER)))).toBe(1);
  });

  it('finds the marker only in the granted disclosure', async () => {
    const answers: [string, Answer][] = [];
    const put = await putEvidence(EVIDENCE, 'on-request');
    answers.push(['POST /v1/evidence', put]);
    const entry = JSON.parse(put.text) as Evidence;

    const proof = proofFor(entry);
    const logged = await postJson('/v1/proofs', proof);
    expect(logged.status, logged.text).toBe(201);
    answers.push(['POST /v1/proofs', logged]);
    answers.push(['GET /v1/proofs/:id', await call(`/v1/proofs/${proof.id}`)]);
    answers.push(['GET /v1/entries', await call('/v1/entries?start=0')]);
    answers.push(['GET /v1/checkpoint', await call('/v1/checkpoint')]);
    answers.push(['GET /v1/evidence/:digest', await call(`/v1/evidence/${entry.digest}`)]);
    // The logged proof carries the entry, and only the entry.
    const read = answers.find(([what]) => what === 'GET /v1/entries')![1];
    const entries = JSON.parse(read.text).entries;
    expect(
      entries.map((logEntry: { proof: { evidence: Evidence[] } }) => logEntry.proof.evidence),
    ).toContainEqual([entry]);

    const path = `/v1/evidence/${entry.digest}/disclosures`;
    answers.push(['refused: no challenge', await postJson(path, disclosureRequest(entry.digest))]);
    const challenge = challengeFor([entry.digest]);
    answers.push([
      'POST /v1/evidence/challenges',
      await postJson('/v1/evidence/challenges', challenge),
    ]);
    answers.push([
      'refused: verifier not assigned',
      await postJson(path, disclosureRequest(entry.digest, challenge.id, OTHER_VERIFIER)),
    ]);
    const granted = await postJson(path, disclosureRequest(entry.digest, challenge.id));
    answers.push(['GET disclosure log', await call(path)]);

    for (const [what, answer] of answers) {
      expect(answer.status, `${what}: ${answer.text}`).toBeLessThan(500);
      expect(markerCount(answer.bytes), what).toBe(0);
    }
    const refusals = answers
      .filter(([what]) => what.startsWith('refused'))
      .map(([, a]) => a.status);
    expect(refusals).toEqual([403, 403]);

    expect(granted.status).toBe(200);
    expect(granted.bytes).toEqual(EVIDENCE);
    expect(markerCount(granted.bytes)).toBe(1);
    const log = JSON.parse(answers.at(-1)![1].text).entries;
    expect(log.map((logEntry: { granted: boolean }) => logEntry.granted)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('keeps the bytes in the vault file and out of the log database', async () => {
    const folder = join(service.folder, 'data');
    const files = readdirSync(folder);
    const logFiles = files.filter((file) => file.startsWith('log.db'));
    const vaultFiles = files.filter((file) => file.startsWith('evidence.db'));
    expect(logFiles.length).toBeGreaterThan(0);
    for (const file of logFiles) expect(markerCount(readFileSync(join(folder, file)))).toBe(0);
    // WAL mode: the bytes may still sit in the write-ahead log rather than the main file.
    const inVault = vaultFiles.reduce(
      (sum, file) => sum + markerCount(readFileSync(join(folder, file))),
      0,
    );
    expect(inVault).toBeGreaterThan(0);
  });
});
