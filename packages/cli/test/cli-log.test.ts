/**
 * The `mycel log` commands as a user runs them: `node packages/cli/bin/mycel.js ...` in child processes,
 * in a working folder outside the repository, with a temporary MYCEL_HOME. Every failure must
 * print `error <code>: ...` and exit 1; every success is checked with the kernel as well.
 * Each run costs about a second of CPU (tsx and the module graph), so commands that do not depend
 * on each other run concurrently, and each run carries as many assertions as it can. Within a
 * describe block the tests run in order and build on each other (one key, one envelope, one
 * growing log); each block has its own files and MYCEL_HOME.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatVerifierKey,
  fromBase64,
  type NoteVerifierKey,
  noteKeyId,
  type Proof,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@mycel/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import {
  cliWorkspace,
  flippedHash,
  jsonOf,
  openedWith,
  readJson,
  withFlippedNoteSignature,
} from './cli-workspace.js';
import {
  leafHashOf,
  proofText,
  seededSigner,
  signedProof,
  withFlippedSignature,
} from './proof-fixtures.js';
import { expectFailure, expectSuccess, homeEnvironment, runMycel } from './run-mycel.js';

const { workspace, inWorkspace, written } = cliWorkspace('cli-log');

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
