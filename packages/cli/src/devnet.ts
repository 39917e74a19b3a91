/**
 * What `npm start` runs until the OpenGrid devnet exists: the proof log on the embedded SQLite
 * store in $MYCEL_HOME (default ~/.mycel), seeded with a few signed sample proofs, served over
 * HTTP, with the commands to post and verify a proof of your own printed underneath.
 */
import { existsSync } from 'node:fs';
import { buildProof, formatTimestamp, signProof, utf8 } from '@mycel/kernel';
import { type RunningService, startLogService } from './commands/log-serve.js';
import { generateKeyFile, readSigner, writeKeyFile } from './key-file.js';
import { DEVNET_SAMPLE_PROOFS, LOG_SERVICE_PORT_DEFAULT } from './limits.js';
import { defaultKeyPath, mycelHome } from './mycel-home.js';
import { unwrap } from './output.js';

function ensureKey(name: string): string {
  const path = defaultKeyPath(name);
  if (!existsSync(path)) writeKeyFile(path, generateKeyFile('ed25519'), false);
  return path;
}

async function logSampleProofs(service: RunningService, samplePath: string): Promise<void> {
  const signer = readSigner(samplePath);
  const hourMs = 3_600_000;
  const endMs = Math.floor(Date.now() / hourMs) * hourMs;
  for (let n = 0; n < DEVNET_SAMPLE_PROOFS; n++) {
    const startMs = endMs - (DEVNET_SAMPLE_PROOFS - n) * hourMs;
    const proof = buildProof({
      mip: 'mip-energy/generation-interval@1.0.0',
      federation: 'devnet',
      claim: {
        subject: 'meter:devnet-rooftop-1',
        predicate: 'exported-energy',
        value: 1800 + 250 * n,
        unit: 'Wh',
        window: { start: formatTimestamp(startMs), end: formatTimestamp(startMs + hourMs) },
      },
      attestation: { issuer: signer.key.did, capturedAt: formatTimestamp(startMs + hourMs) },
      issuedAt: formatTimestamp(Date.now()),
    });
    const signed = unwrap(signProof(proof, signer));
    const logged = unwrap(await service.context.log.submit(utf8(JSON.stringify(signed))));
    process.stdout.write(`logged sample proof ${logged.index}: ${logged.id}\n`);
  }
}

function printTour(service: RunningService): void {
  const home = mycelHome();
  const url = service.url;
  process.stdout.write(`
Mycel log is serving on ${url} (embedded SQLite in ${home})
verifier key: ${service.context.log.verifierKey()}

Post and verify a proof of your own, from another terminal in this folder:
  npx mycel keygen --name me
  npx mycel proof create --key ${home}/keys/me.json --mip mip-energy/generation-interval@1.0.0 \\
      --subject meter:my-roof --predicate exported-energy --value 1500 --unit Wh > /tmp/proof.json
  npx mycel proof sign /tmp/proof.json --key ${home}/keys/me.json > /tmp/proof.signed.json
  npx mycel proof verify /tmp/proof.signed.json
  curl -s --data-binary @/tmp/proof.signed.json ${url}/v1/proofs > /tmp/answer.json
  npx mycel log verify-inclusion --answer /tmp/answer.json --proof /tmp/proof.signed.json \\
      --vkey "$(curl -s ${url}/v1/log-key)"

Press Ctrl-C to stop.
`);
}

export async function runDevnet(
  port = Number(process.env.PORT ?? LOG_SERVICE_PORT_DEFAULT),
): Promise<RunningService> {
  ensureKey('log');
  const samplePath = ensureKey('devnet-sample');
  const service = await startLogService({
    host: '127.0.0.1',
    port: String(port),
    logLevel: 'warn',
  });
  await logSampleProofs(service, samplePath);
  printTour(service);
  return service;
}
