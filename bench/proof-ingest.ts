/**
 * proof-ingest: parse + integrity-verify + durable log append of signed proofs, on one core,
 * through ProofLog.submit (the path `mycel log serve` and `mycel log append` use), against a bare
 * node:crypto Ed25519 verify loop over the same signatures, measured in the same run.
 *
 *   npm run bench -- proof-ingest [--proofs 4000] [--rounds 3] [--store sqlite|postgres://...]
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildProof,
  ed25519SignerFromSeed,
  fromBase64Url,
  type Proof,
  ProofVerifier,
  type Signer,
  signingInput,
  signProof,
  TrustStore,
  toBase64Url,
  utf8,
} from '@mycel/kernel';
import { openLogStore, ProofLog } from '@mycel/store';

const { values: options } = parseArgs({
  options: {
    proofs: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    store: { type: 'string', default: 'sqlite' },
    concurrency: { type: 'string', default: '512' },
  },
});
const PROOFS = Number(options.proofs);
const ROUNDS = Number(options.rounds);
const CONCURRENCY = Number(options.concurrency);
const ISSUERS = 16;
const NOW_MS = Date.parse('2026-11-28T12:00:00Z');

function makeProofs(
  count: number,
  salt: number,
): { bytes: Uint8Array[]; proofs: Proof[]; signers: Signer[] } {
  const signers = Array.from({ length: ISSUERS }, (_, n) =>
    ed25519SignerFromSeed(new Uint8Array(32).fill(n + 1)),
  );
  const proofs: Proof[] = [];
  for (let n = 0; n < count; n++) {
    const signer = signers[n % ISSUERS]!;
    const unsigned = buildProof({
      mip: 'mip-energy/generation-interval@1.0.0',
      federation: 'devnet',
      claim: {
        subject: `meter:bench-${n % 97}`,
        predicate: 'exported-energy',
        value: 1000 + n + salt * count,
        unit: 'Wh',
        window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T11:00:00Z' },
      },
      attestation: { issuer: signer.key.did, capturedAt: '2026-11-28T11:00:00Z' },
      evidence: [
        {
          digest: `sha256:${(n * 2654435761).toString(16).padStart(64, '0').slice(-64)}`,
          mediaType: 'application/json',
          vault: 'vault://bench/readings',
          disclosure: 'private',
        },
      ],
      issuedAt: '2026-11-28T11:00:01Z',
    });
    const signed = signProof(unsigned, signer);
    if (!signed.ok) throw new Error(signed.error.code);
    proofs.push(signed.value);
  }
  return { bytes: proofs.map((proof) => utf8(JSON.stringify(proof))), proofs, signers };
}

/** The baseline: node:crypto verifying the same signatures, keys imported once, nothing else. */
function bareVerifyPerSec(proofs: readonly Proof[], signers: readonly Signer[]): number {
  const keys = new Map(
    signers.map((signer) => [
      signer.kid,
      createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(signer.key.publicKey) },
        format: 'jwk',
      }),
    ]),
  );
  const work = proofs.map((proof) => ({
    message: signingInput('proof', proof.id),
    signature: fromBase64Url(proof.signatures[0]!.sig)!,
    key: keys.get(proof.signatures[0]!.kid)!,
  }));
  const started = performance.now();
  for (const item of work) {
    if (!verify(null, item.message, item.key, item.signature))
      throw new Error('bare verify failed');
  }
  return work.length / ((performance.now() - started) / 1000);
}

async function ingestPerSec(bytes: readonly Uint8Array[], round: number): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'mycel-bench-'));
  const location = options.store === 'sqlite' ? `sqlite:${join(folder, 'log.db')}` : options.store!;
  const origin = `bench.mycel.local/log-${process.pid}-${round}-${Date.now()}`;
  const store = await openLogStore(location, origin);
  const log = new ProofLog({
    store,
    verifier: new ProofVerifier({ trust: new TrustStore() }),
    origin,
    signer: ed25519SignerFromSeed(new Uint8Array(32).fill(99)),
    now: () => NOW_MS,
  });
  const started = performance.now();
  let next = 0;
  async function client(): Promise<void> {
    while (next < bytes.length) {
      const result = await log.submit(bytes[next++]!);
      if (!result.ok) throw new Error(`ingest failed: ${result.error.code}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const perSec = bytes.length / ((performance.now() - started) / 1000);
  if ((await log.head()).size !== bytes.length) throw new Error('not every proof was logged');
  await store.close();
  rmSync(folder, { recursive: true, force: true });
  return perSec;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

process.stdout.write(
  `reproduce: npm run bench -- proof-ingest --proofs ${PROOFS} --rounds ${ROUNDS} --store ${options.store} --concurrency ${CONCURRENCY}\n`,
);
const bare: number[] = [];
const ingest: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const { bytes, proofs, signers } = makeProofs(PROOFS, round);
  bare.push(bareVerifyPerSec(proofs, signers));
  ingest.push(await ingestPerSec(bytes, round));
  process.stdout.write(
    `round ${round + 1}: bare ${bare.at(-1)!.toFixed(0)}/s, ingest ${ingest.at(-1)!.toFixed(0)}/s\n`,
  );
}
const bareVerify = median(bare);
const ingestRate = median(ingest);
process.stdout.write(
  `${JSON.stringify({
    bench: 'proof-ingest',
    ingestPerSec: Math.round(ingestRate),
    bareVerifyPerSec: Math.round(bareVerify),
    ratio: Number((ingestRate / bareVerify).toFixed(3)),
    proofs: PROOFS,
    rounds: ROUNDS,
    store: options.store === 'sqlite' ? 'sqlite (WAL, synchronous=FULL)' : 'postgres',
    node: process.version,
  })}\n`,
);
