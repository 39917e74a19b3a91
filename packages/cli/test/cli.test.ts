/**
 * The `mycel` command as a user runs it: `node packages/cli/bin/mycel.js ...` in child processes,
 * in a working folder outside the repository, with a temporary MYCEL_HOME. Every failure must
 * print `error <code>: ...` and exit 1; every success is checked with the kernel as well.
 * Each run costs about a second of CPU (tsx and the module graph), so commands that do not depend
 * on each other run concurrently, and each run carries as many assertions as it can. Within a
 * describe block the tests run in order and build on each other (one key, one envelope, one
 * growing log); each block has its own files and MYCEL_HOME.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  digestOf,
  formatVerifierKey,
  fromBase64,
  type NoteVerifierKey,
  noteKeyId,
  type OpenedCheckpoint,
  openCheckpoint,
  type Proof,
  parseVerifierKey,
  proofId,
  toBase64,
  verifyConsistency,
  verifyEd25519,
  verifyInclusion,
} from '@mycel/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import {
  leafHashOf,
  proofText,
  seededSigner,
  signedProof,
  unsignedProof,
  withFlippedSignature,
} from './proof-fixtures.js';
import {
  expectFailure,
  expectSuccess,
  homeEnvironment,
  REPO_ROOT,
  type Run,
  runMycel,
  temporaryFolder,
} from './run-mycel.js';

const workspace = temporaryFolder('cli');
const home = join(workspace, 'home');
const options = { cwd: workspace, env: homeEnvironment(home) };
const DID_KEY_ED25519 = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/;
const DID_KEY_P256 = /^did:key:zDn[1-9A-HJ-NP-Za-km-z]+$/;
const MIP = 'mip-energy/generation-interval@1.0.0';

function mycel(...args: string[]): Promise<Run> {
  return runMycel(args, options);
}

function inWorkspace(name: string): string {
  return join(workspace, name);
}

/** Writes `text` to a file in the workspace and returns its path. */
function written(name: string, text: string): string {
  const path = inWorkspace(name);
  writeFileSync(path, text);
  return path;
}

function readJson(path: string) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** The JSON a successful `--json` run printed. */
function jsonOf(run: Run) {
  expectSuccess(run);
  return JSON.parse(run.stdout);
}

/** A standard-base64 hash with one bit flipped. */
function flippedHash(hash: string): string {
  const bytes = fromBase64(hash)!;
  bytes[0]! ^= 0x80;
  return toBase64(bytes);
}

/** A checkpoint note whose signature line carries one flipped bit of the signature itself. */
function withFlippedNoteSignature(note: string): string {
  const [, name, encoded] = /\n— (\S+) (\S+)\n$/.exec(note)!;
  const bytes = fromBase64(encoded!)!;
  bytes[bytes.length - 1]! ^= 0x01; // past the 4-byte key id: inside the Ed25519 signature
  return note.replace(`— ${name} ${encoded}`, `— ${name} ${toBase64(bytes)}`);
}

function openedWith(key: NoteVerifierKey, note: string): OpenedCheckpoint {
  const opened = openCheckpoint(note, [key], verifyEd25519, DEFAULT_ORIGIN);
  if (!opened.ok) throw new Error(`the checkpoint does not open: ${opened.error.code}`);
  return opened.value;
}

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe('mycel keygen', () => {
  const keyPath = join(home, 'keys', 'me.json');

  it('writes a key with mode 0600 in a 0700 folder and prints its DID; refuses an unknown --alg', async () => {
    const [made, badAlgorithm] = await Promise.all([
      mycel('keygen', '--name', 'me'),
      mycel('keygen', '--name', 'rsa', '--alg', 'rsa'),
    ]);
    expectSuccess(made);
    const [did, where, ...rest] = made.stdout.split('\n');
    expect(did).toMatch(DID_KEY_ED25519);
    expect(where).toBe(`key written to ${keyPath}`);
    expect(rest).toEqual(['']);
    expect(modeOf(keyPath)).toBe(0o600);
    expect(modeOf(join(home, 'keys'))).toBe(0o700);
    const keyFile = readJson(keyPath);
    expect(keyFile).toMatchObject({ kind: 'mycel-private-key', v: 1, alg: 'Ed25519', did });
    expect(keyFile.pkcs8).toMatch(/^[A-Za-z0-9_-]+$/);
    expectFailure(badAlgorithm, 'argument_invalid');
    expect(existsSync(join(home, 'keys', 'rsa.json'))).toBe(false);
  });

  it('refuses to replace a key (file_exists) unless --force', async () => {
    const before = readFileSync(keyPath, 'utf8');
    expectFailure(await mycel('keygen', '--name', 'me'), 'file_exists');
    expect(readFileSync(keyPath, 'utf8')).toBe(before);
    const forced = jsonOf(await mycel('keygen', '--name', 'me', '--force', '--json'));
    expect(forced).toEqual({
      ok: true,
      did: expect.stringMatching(DID_KEY_ED25519),
      alg: 'Ed25519',
      path: keyPath,
    });
    expect(forced.did).not.toBe(JSON.parse(before).did);
    expect(readJson(keyPath).did).toBe(forced.did);
    expect(modeOf(keyPath)).toBe(0o600);
  });

  it('refuses a path inside a git working tree (key_path_in_repository) and writes nothing', async () => {
    const inRepository = join(REPO_ROOT, `tmp-key-${process.pid}.json`);
    const homeInRepository = join(REPO_ROOT, `.mycel-home-${process.pid}`);
    try {
      const runs = await Promise.all([
        mycel('keygen', '--out', inRepository),
        runMycel(['keygen', '--name', 'log'], {
          ...options,
          env: homeEnvironment(homeInRepository),
        }),
      ]);
      for (const run of runs) expectFailure(run, 'key_path_in_repository');
      expect(existsSync(inRepository)).toBe(false);
      expect(existsSync(homeInRepository)).toBe(false);
    } finally {
      rmSync(inRepository, { force: true });
      rmSync(homeInRepository, { recursive: true, force: true });
    }
  });

  // Regression (was a bug): the working-tree check walks up the path as written (path.resolve), without resolving
  // symlinks, so a key is written inside the repository through a link that points into it.
  it('refuses a path that reaches a git working tree through a symlink', async () => {
    const target = mkdtempSync(join(REPO_ROOT, 'packages', 'cli', 'test', '.symlink-target-'));
    const link = inWorkspace('link-into-repository');
    try {
      symlinkSync(target, link);
      const run = await mycel('keygen', '--out', join(link, 'key.json'));
      expect(existsSync(join(target, 'key.json'))).toBe(false);
      expectFailure(run, 'key_path_in_repository');
    } finally {
      rmSync(target, { recursive: true, force: true });
      rmSync(link, { force: true });
    }
  });

  // Regression (was a bug): --force rewrites an existing file in place, and writeFileSync's mode applies only when
  // it creates the file: a world-readable file at the path stays 0644 with a private key in it.
  it('--force leaves the replaced key file with mode 0600', async () => {
    const path = written('world-readable.json', '{}\n');
    chmodSync(path, 0o644);
    expectSuccess(await mycel('keygen', '--out', path, '--force'));
    expect(readJson(path).kind).toBe('mycel-private-key');
    expect(modeOf(path)).toBe(0o600);
  });
});

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

describe('mycel log', () => {
  // Its own MYCEL_HOME: the log key and the default store live there.
  const logHome = inWorkspace('log-home');
  const inLog = (...args: string[]) =>
    runMycel(args, { cwd: workspace, env: homeEnvironment(logHome) });
  const ISSUER = seededSigner(31);
  const logKeyPath = join(logHome, 'keys', 'log.json');
  const [A, B, C, E] = [1, 2, 3, 5].map((value) => signedProof(ISSUER, { value })) as [
    Proof,
    Proof,
    Proof,
    Proof,
  ];
  const file = { a: '', b: '', c: '', e: '', bad: '' };
  let vkey = '';
  let logKey: NoteVerifierKey;
  let indexAnswer = '';

  beforeAll(() => {
    writeKeyFile(logKeyPath, generateKeyFile('ed25519'), true);
    file.a = written('log-a.json', proofText(A));
    file.b = written('log-b.json', proofText(B));
    file.c = written('log-c.json', proofText(C));
    file.e = written('log-e.json', proofText(E));
    file.bad = written(
      'log-bad.json',
      proofText(withFlippedSignature(signedProof(ISSUER, { value: 4 }))),
    );
  });

  it('append prints the index of a good proof and the code of a bad one, and exits 1', async () => {
    const run = await inLog('log', 'append', file.a, file.bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`0 ${A.id} ${file.a}\n`);
    expect(run.stderr.startsWith(`error signature_invalid: ${file.bad}: `)).toBe(true);
  });

  it('append of a logged proof says "(already logged)" with the same index', async () => {
    const run = await inLog('log', 'append', file.a, file.b, file.c);
    expectSuccess(run);
    expect(run.stdout).toBe(
      `0 ${A.id} ${file.a} (already logged)\n1 ${B.id} ${file.b}\n2 ${C.id} ${file.c}\n`,
    );
  });

  it('checkpoint prints the latest signed checkpoint, which opens with the key `log key` prints', async () => {
    const [checkpoint, key] = await Promise.all([inLog('log', 'checkpoint'), inLog('log', 'key')]);
    expectSuccess(key);
    vkey = key.stdout.trim();
    expect(key.stdout).toBe(`${vkey}\n`);
    const parsed = parseVerifierKey(vkey);
    if (!parsed.ok) throw new Error(parsed.error.code);
    logKey = parsed.value;
    expectSuccess(checkpoint);
    expect(openedWith(logKey, checkpoint.stdout)).toMatchObject({
      origin: DEFAULT_ORIGIN,
      size: 3,
      verifiedBy: [DEFAULT_ORIGIN],
    });
  });

  it('prove --index, --id and --old give answers that verify-inclusion and verify-consistency accept', async () => {
    const [byIndex, byId, consistency] = await Promise.all([
      inLog('log', 'prove', '--index', '1'),
      inLog('log', 'prove', '--id', C.id, '--json'),
      inLog('log', 'prove', '--old', '1', '--json'),
    ]);
    expectSuccess(byIndex);
    expect(JSON.parse(byIndex.stdout)).toMatchObject({ id: B.id, index: 1, treeSize: 3 });
    indexAnswer = written('answer-index.json', byIndex.stdout);
    const provedC = jsonOf(byId);
    expect(provedC).toMatchObject({ ok: true, id: C.id, index: 2, treeSize: 3 });
    const verifiedC = verifyInclusion({
      index: 2,
      size: 3,
      leafHash: leafHashOf(C),
      proof: provedC.inclusion.map((hash: string) => fromBase64(hash)!),
      root: openedWith(logKey, provedC.checkpoint).root,
    });
    expect(verifiedC.ok).toBe(true);
    const proved = jsonOf(consistency);
    expect(proved).toMatchObject({ ok: true, oldSize: 1, newSize: 3 });

    const [included, extension] = await Promise.all([
      inLog('log', 'verify-inclusion', '--answer', indexAnswer, '--proof', file.b, '--vkey', vkey),
      inLog(
        'log',
        'verify-consistency',
        '--old',
        written('checkpoint-1.txt', proved.oldCheckpoint),
        '--new',
        written('checkpoint-3.txt', proved.newCheckpoint),
        '--proof',
        written('consistency-1-3.json', consistency.stdout),
        '--vkey',
        vkey,
      ),
    ]);
    expectSuccess(included);
    expect(included.stdout).toBe(`ok ${B.id} is entry 1 of ${DEFAULT_ORIGIN} at size 3\n`);
    expectSuccess(extension);
    expect(extension.stdout).toBe(`ok size 3 extends size 1 of ${DEFAULT_ORIGIN}\n`);
  });

  it('verify-inclusion refuses a truncated, altered or misplaced answer and a checkpoint it cannot trust', async () => {
    const answer = readJson(indexAnswer);
    expect(answer.inclusion).toHaveLength(2);
    const variant = (name: string, changes: object) =>
      written(`answer-${name}.json`, JSON.stringify({ ...answer, ...changes }));
    const otherLog = seededSigner(77).key.publicKey;
    const otherKey = formatVerifierKey({
      name: DEFAULT_ORIGIN,
      keyId: noteKeyId(DEFAULT_ORIGIN, otherLog),
      publicKey: otherLog,
    });
    const check = (answerPath: string, key = vkey) =>
      inLog('log', 'verify-inclusion', '--answer', answerPath, '--proof', file.b, '--vkey', key);
    const [truncated, altered, misplaced, foreign, forged] = await Promise.all([
      check(variant('truncated', { inclusion: answer.inclusion.slice(0, 1) })),
      check(
        variant('altered', { inclusion: [flippedHash(answer.inclusion[0]), answer.inclusion[1]] }),
      ),
      check(variant('misplaced', { index: 0 })),
      check(indexAnswer, otherKey),
      check(variant('forged-note', { checkpoint: withFlippedNoteSignature(answer.checkpoint) })),
    ]);
    expectFailure(truncated, 'log_inclusion_proof_invalid');
    expectFailure(altered, 'log_inclusion_proof_invalid');
    expectFailure(misplaced, 'log_inclusion_proof_invalid');
    expectFailure(foreign, 'checkpoint_unsigned');
    expectFailure(forged, 'checkpoint_signature_invalid');
  });

  // Regression (was a bug): readInputJson reports a file that is not JSON as file_unreadable ("does not exist, cannot
  // be read, or is too large"), so an answer that is not JSON is never called answer_invalid.
  it('verify-inclusion calls an answer that is not JSON answer_invalid', async () => {
    const notJson = written('answer-not-json.txt', '<html>502 Bad Gateway</html>\n');
    const run = await inLog(
      'log',
      'verify-inclusion',
      '--answer',
      notJson,
      '--proof',
      file.b,
      '--vkey',
      vkey,
    );
    expectFailure(run, 'answer_invalid');
  });

  it('verify-consistency refuses a forked log with log_consistency_proof_invalid', async () => {
    // Two stores, one log key, one origin, the same first three proofs (a copy of this log, as a
    // restored backup would be), then each gets a different fourth proof.
    const fork = inWorkspace('fork');
    mkdirSync(fork);
    for (const store of ['a', 'b']) {
      copyFileSync(join(logHome, 'log.db'), join(fork, `${store}.db`));
      if (existsSync(join(logHome, 'log.db-wal')))
        copyFileSync(join(logHome, 'log.db-wal'), join(fork, `${store}.db-wal`));
    }
    const logOptions = (store: string) => [
      '--store',
      `sqlite:${join(fork, `${store}.db`)}`,
      '--log-key',
      logKeyPath,
      '--origin',
      DEFAULT_ORIGIN,
    ];
    const fourthA = written('fork-a.json', proofText(signedProof(ISSUER, { value: 41 })));
    const fourthB = written('fork-b.json', proofText(signedProof(ISSUER, { value: 42 })));
    const [appendedA, appendedB] = await Promise.all([
      inLog('log', 'append', ...logOptions('a'), fourthA),
      inLog('log', 'append', ...logOptions('b'), fourthB, '--json'),
    ]);
    expectSuccess(appendedA);
    expect(appendedA.stdout.split(' ')[0]).toBe('3');
    // With --json, append prints the checkpoint that first included the proof: B's new head.
    const headB = jsonOf(appendedB);
    expect(headB).toMatchObject({ ok: true, file: fourthB, index: 3, treeSize: 4 });
    const provedA = jsonOf(await inLog('log', 'prove', '--old', '3', '--json', ...logOptions('a')));
    const oldA = openedWith(logKey, provedA.oldCheckpoint);
    const newA = openedWith(logKey, provedA.newCheckpoint);
    const newB = openedWith(logKey, headB.checkpoint);
    expect([oldA.size, newA.size, newB.size]).toEqual([3, 4, 4]);
    expect(newB.root).not.toEqual(newA.root);
    const proof = provedA.consistency.map((hash: string) => fromBase64(hash)!);
    // The honest pair verifies, so what fails below is the fork and nothing else.
    expect(
      verifyConsistency({
        oldSize: 3,
        newSize: 4,
        oldRoot: oldA.root,
        newRoot: newA.root,
        proof,
      }).ok,
    ).toBe(true);
    const forked = await inLog(
      'log',
      'verify-consistency',
      '--old',
      written('fork-old-a.txt', provedA.oldCheckpoint),
      '--new',
      written('fork-new-b.txt', headB.checkpoint),
      '--proof',
      written('fork-proof-a.json', JSON.stringify(provedA)),
      '--vkey',
      vkey,
    );
    expectFailure(forked, 'log_consistency_proof_invalid');
  });

  it('fails with log_empty on an empty log, entry_not_found for an unknown id, log_key_missing without a key', async () => {
    const [empty, unknown, missing] = await Promise.all([
      inLog('log', 'checkpoint', '--store', `sqlite:${inWorkspace('empty/log.db')}`),
      inLog('log', 'prove', '--id', `sha256:${'0'.repeat(64)}`),
      runMycel(['log', 'key'], { cwd: workspace, env: homeEnvironment(inWorkspace('no-home')) }),
    ]);
    expectFailure(empty, 'log_empty');
    expect(empty.stdout).toBe('');
    expectFailure(unknown, 'entry_not_found');
    expectFailure(missing, 'log_key_missing');
    expect(missing.stderr).toContain('mycel keygen --name log');
  });

  // Regression (was a bug): `log append` reads its files inside files.map(): a missing file throws after the earlier
  // files were queued, the command closes the store, and the queued append then hits the closed
  // database ("TypeError: The database connection is not open", uncaught, with a stack trace).
  // Nothing is logged, although the command promises the index (or the code) of each file.
  it('append logs the readable proofs when another file is missing', async () => {
    const missing = inWorkspace('no-such-proof.json');
    const partial = `sqlite:${inWorkspace('partial/log.db')}`;
    const run = await inLog('log', 'append', '--store', partial, file.e, missing);
    expect(run.stderr).not.toContain('TypeError');
    expect(run.stderr).toMatch(/^error file_unreadable: /m);
    expect(run.stdout).toBe(`0 ${E.id} ${file.e}\n`);
    expect(run.code).toBe(1);
  });
});
