/**
 * The `mycel proof` commands as a user runs them: `node packages/cli/bin/mycel.js ...` in child processes,
 * in a working folder outside the repository, with a temporary MYCEL_HOME. Every failure must
 * print `error <code>: ...` and exit 1; every success is checked with the kernel as well.
 * Each run costs about a second of CPU (tsx and the module graph), so commands that do not depend
 * on each other run concurrently, and each run carries as many assertions as it can. Within a
 * describe block the tests run in order and build on each other (one key, one envelope, one
 * growing log); each block has its own files and MYCEL_HOME.
 */
import { readFileSync } from 'node:fs';
import { digestOf, type Proof, proofId } from '@mycel/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { cliWorkspace, DID_KEY_P256, jsonOf, MIP, modeOf, readJson } from './cli-workspace.js';
import { proofText, unsignedProof } from './proof-fixtures.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { inWorkspace, mycel, written } = cliWorkspace('cli-proof');

describe('mycel proof', () => {
  const issuerKey = inWorkspace('issuer.json');
  let issuer = '';
  let unsignedPath = '';
  let signedPath = '';
  const claimArguments = [
    '--mip',
    MIP,
    '--subject',
    'meter:my-roof',
    '--predicate',
    'exported-energy',
    '--value',
    '1500',
    '--unit',
    'Wh',
  ];

  beforeAll(() => {
    const keyFile = generateKeyFile('ed25519');
    writeKeyFile(issuerKey, keyFile, false);
    issuer = keyFile.did;
  });

  it('create → sign → verify is ok with an Ed25519 and a P-256 key; evidence is hashed, not embedded', async () => {
    const readings = written('readings.json', '{"wh_start": 1200400, "wh_end": 1201900}\n');
    const p256Path = inWorkspace('p256.json');
    const [created, p256Made] = await Promise.all([
      mycel(
        'proof',
        'create',
        '--key',
        issuerKey,
        ...claimArguments,
        '--window-start',
        '2026-11-28T10:00:00Z',
        '--window-end',
        '2026-11-28T11:00:00Z',
        '--evidence',
        readings,
      ),
      mycel('keygen', '--out', p256Path, '--alg', 'p256', '--json'),
    ]);
    expectSuccess(created);
    expect(created.stdout).not.toContain('wh_start');
    expect(created.stdout).not.toContain('1200400');
    const envelope = JSON.parse(created.stdout) as Proof;
    expect(envelope).toMatchObject({
      v: 1,
      mip: MIP,
      federation: 'devnet',
      claim: {
        subject: 'meter:my-roof',
        predicate: 'exported-energy',
        value: 1500,
        unit: 'Wh',
        window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T11:00:00Z' },
      },
      attestation: { issuer },
      signatures: [],
      verifications: [],
    });
    expect(envelope.evidence).toEqual([
      {
        digest: digestOf(readFileSync(readings)),
        mediaType: 'application/json',
        vault: 'vault://local/readings.json',
        disclosure: 'private',
      },
    ]);
    expect(envelope.id).toBe(proofId(envelope));
    unsignedPath = written('proof.json', created.stdout);
    const p256 = jsonOf(p256Made);
    expect(p256).toEqual({
      ok: true,
      did: expect.stringMatching(DID_KEY_P256),
      alg: 'ES256',
      path: p256Path,
    });
    expect(modeOf(p256Path)).toBe(0o600);
    const p256Unsigned = written(
      'p256-proof.json',
      proofText(unsignedProof({ value: 7, issuer: p256.did })),
    );

    signedPath = inWorkspace('proof.signed.json');
    const p256Signed = inWorkspace('p256-proof.signed.json');
    const signings = await Promise.all([
      mycel('proof', 'sign', unsignedPath, '--key', issuerKey, '--out', signedPath),
      mycel('proof', 'sign', p256Unsigned, '--key', p256Path, '--out', p256Signed),
    ]);
    for (const signing of signings) {
      expectSuccess(signing);
      expect(signing.stdout).toBe('');
    }
    const signed = readJson(signedPath) as Proof;
    expect(signed.id).toBe(envelope.id);
    expect(signed.signatures).toEqual([
      {
        kid: `${issuer}#${issuer.slice('did:key:'.length)}`,
        alg: 'Ed25519',
        sig: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
      },
    ]);
    expect(readJson(p256Signed).signatures.map((entry: { alg: string }) => entry.alg)).toEqual([
      'ES256',
    ]);

    const [verified, p256Verified] = await Promise.all([
      mycel('proof', 'verify', signedPath, '--json'),
      mycel('proof', 'verify', p256Signed, '--json'),
    ]);
    expect(jsonOf(verified)).toEqual({
      ok: true,
      id: envelope.id,
      mip: MIP,
      signers: [issuer],
      mipKnown: false,
      settleable: false,
    });
    expect(jsonOf(p256Verified)).toMatchObject({ ok: true, signers: [p256.did] });
  });

  it('verify and create name the broken rule and exit 1: unsigned, tampered, future, bad time', async () => {
    const tampered = written(
      'tampered.json',
      readFileSync(signedPath, 'utf8').replace('"value": 1500', '"value": 15000'),
    );
    const [unsigned, edited, early, badWindow] = await Promise.all([
      mycel('proof', 'verify', unsignedPath),
      mycel('proof', 'verify', tampered),
      mycel('proof', 'verify', signedPath, '--now', '2020-01-01T00:00:00Z'),
      mycel(
        'proof',
        'create',
        '--key',
        issuerKey,
        ...claimArguments,
        '--window-start',
        '28/11/2026 10:00',
        '--window-end',
        '2026-11-28T11:00:00Z',
      ),
    ]);
    expectFailure(unsigned, 'signature_missing');
    expectFailure(edited, 'proof_id_mismatch');
    expectFailure(early, 'proof_issued_in_future');
    expectFailure(badWindow, 'argument_invalid');
    expect(badWindow.stderr).toContain('--window-start');
  });
});
