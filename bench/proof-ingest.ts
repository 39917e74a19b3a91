/**
 * proof-ingest: parse + integrity-verify + durable log append of signed proofs, on one core, through
 * ProofLog.append (the path `mycel log append` runs; POST /v1/proofs adds an inclusion proof, also
 * reported), against a bare node:crypto Ed25519 verify loop over the same signatures.
 *
 *   npm run bench -- proof-ingest [--proofs 8000] [--rounds 5] [--chunk 512] [--dir /tmp]
 *
 * Shared cores change speed from one second to the next, so the two are measured in pairs: for
 * each chunk of proofs, the bare loop verifies its signatures, then the log ingests it (all of the
 * chunk submitted at once, as concurrent clients would, so one group commit takes it). The ratio
 * is total bare time over total ingest time; the median over rounds is reported. Round 0 warms up.
 * --dir is where the SQLite files go (WAL, synchronous=FULL): put it on the disk you care about.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
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
    proofs: { type: 'string', default: '8000' },
    rounds: { type: 'string', default: '5' },
    chunk: { type: 'string', default: '512' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const PROOFS = Number(options.proofs);
const ROUNDS = Number(options.rounds);
const CHUNK = Number(options.chunk);
const ISSUERS = 16;
const NOW_MS = Date.parse('2026-11-28T12:00:00Z');

interface Workload {
  readonly bytes: Uint8Array[];
  readonly bare: { message: Uint8Array; signature: Uint8Array; key: KeyObject }[];
}

/** Signed ~1 KB energy proofs from 16 issuers, as JSON text a client would send. */
function makeWorkload(count: number, salt: number): Workload {
  const signers = Array.from({ length: ISSUERS }, (_, n) =>
    ed25519SignerFromSeed(new Uint8Array(32).fill(n + 1)),
  );
  const keys = new Map(signers.map((signer) => [signer.kid, publicKeyObject(signer)]));
  const proofs = Array.from({ length: count }, (_, n) =>
    sampleProof(signers[n % ISSUERS]!, n + salt * count),
  );
  return {
    bytes: proofs.map((proof) => utf8(JSON.stringify(proof))),
    bare: proofs.map((proof) => ({
      message: signingInput('proof', proof.id),
      signature: fromBase64Url(proof.signatures[0]!.sig)!,
      key: keys.get(proof.signatures[0]!.kid)!,
    })),
  };
}

function publicKeyObject(signer: Signer): KeyObject {
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(signer.key.publicKey) };
  return createPublicKey({ key: jwk, format: 'jwk' });
}

function sampleProof(signer: Signer, n: number): Proof {
  const unsigned = buildProof({
    mip: 'mip-energy/generation-interval@1.0.0',
    federation: 'devnet',
    claim: {
      subject: `meter:bench-${n % 97}`,
      predicate: 'exported-energy',
      value: 1000 + n,
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
  return signed.value;
}

/** Milliseconds the bare loop takes over a chunk's signatures. */
function bareMs(chunk: Workload['bare']): number {
  const started = performance.now();
  for (const item of chunk) {
    if (!verify(null, item.message, item.key, item.signature))
      throw new Error('bare verify failed');
  }
  return performance.now() - started;
}

/** Milliseconds the log takes to ingest a chunk submitted at once. */
async function ingestMs(
  log: ProofLog,
  chunk: readonly Uint8Array[],
  mode: 'append' | 'submit',
): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(
    chunk.map((bytes) => (mode === 'append' ? log.append(bytes) : log.submit(bytes))),
  );
  const elapsed = performance.now() - started;
  const failed = results.find((result) => !result.ok);
  if (failed && !failed.ok) throw new Error(`ingest failed: ${failed.error.code}`);
  return elapsed;
}

interface RoundResult {
  readonly bareMs: number;
  readonly appendMs: number;
  readonly submitMs: number;
}

/** One round: a fresh log for each mode, the chunks measured in (bare, append, submit) triples. */
async function runRound(round: number): Promise<RoundResult> {
  const appendWork = makeWorkload(PROOFS, 2 * round);
  const submitWork = makeWorkload(PROOFS, 2 * round + 1);
  const folder = mkdtempSync(join(options.dir!, 'mycel-bench-'));
  const open = async (name: string) => {
    const store = await openLogStore(
      `sqlite:${join(folder, `${name}.db`)}`,
      'bench.mycel.local/log',
    );
    const verifier = new ProofVerifier({ trust: new TrustStore() });
    const signer = ed25519SignerFromSeed(new Uint8Array(32).fill(99));
    return {
      store,
      log: new ProofLog({
        store,
        verifier,
        origin: 'bench.mycel.local/log',
        signer,
        now: () => NOW_MS,
      }),
    };
  };
  const appendLog = await open('append');
  const submitLog = await open('submit');
  const totals = { bareMs: 0, appendMs: 0, submitMs: 0 };
  for (let start = 0; start < PROOFS; start += CHUNK) {
    totals.bareMs += bareMs(appendWork.bare.slice(start, start + CHUNK));
    totals.appendMs += await ingestMs(
      appendLog.log,
      appendWork.bytes.slice(start, start + CHUNK),
      'append',
    );
    totals.submitMs += await ingestMs(
      submitLog.log,
      submitWork.bytes.slice(start, start + CHUNK),
      'submit',
    );
  }
  for (const { log, store } of [appendLog, submitLog]) {
    if ((await log.head()).size !== PROOFS) throw new Error('not every proof was logged');
    await store.close();
  }
  rmSync(folder, { recursive: true, force: true });
  return totals;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const perSec = (ms: number) => PROOFS / (ms / 1000);

process.stdout.write(
  `reproduce: npm run bench -- proof-ingest --proofs ${PROOFS} --rounds ${ROUNDS} --chunk ${CHUNK} --dir ${options.dir}\n`,
);
const rounds: RoundResult[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  const result = await runRound(round);
  process.stdout.write(
    `${round === 0 ? 'warm-up' : `round ${round}`}: bare verify ${perSec(result.bareMs).toFixed(0)}/s, ` +
      `ingest ${perSec(result.appendMs).toFixed(0)}/s (ratio ${(result.bareMs / result.appendMs).toFixed(3)}), ` +
      `with inclusion proofs ${perSec(result.submitMs).toFixed(0)}/s\n`,
  );
  if (round > 0) rounds.push(result);
}
process.stdout.write(
  `${JSON.stringify({
    bench: 'proof-ingest',
    ingestPerSec: Math.round(median(rounds.map((round) => perSec(round.appendMs)))),
    bareVerifyPerSec: Math.round(median(rounds.map((round) => perSec(round.bareMs)))),
    ratio: Number(median(rounds.map((round) => round.bareMs / round.appendMs)).toFixed(3)),
    withInclusionPerSec: Math.round(median(rounds.map((round) => perSec(round.submitMs)))),
    withInclusionRatio: Number(
      median(rounds.map((round) => round.bareMs / round.submitMs)).toFixed(3),
    ),
    proofs: PROOFS,
    chunk: CHUNK,
    rounds: ROUNDS,
    store: 'sqlite (WAL, synchronous=FULL)',
    node: process.version,
  })}\n`,
);
