/**
 * The `mycel profile` commands as a user runs them, in child processes: show a profile, write the
 * microgrid example, certify it (exit 0), certify a producer missing things (exit 1, each missing
 * thing printed with its code), and an unusable input (exit 2). Five spawns in all.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '@mycel/mips';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, readSigner, writeKeyFile } from '../src/key-file.js';
import { cliWorkspace, jsonOf } from './cli-workspace.js';

const { inWorkspace, mycel } = cliWorkspace('cli-profile');
const producerKey = inWorkspace('producer.json');
const out = inWorkspace('grid');

interface Written {
  readonly proofs: string;
  readonly evidence: string;
  readonly advert: string;
  readonly now: string;
}

let written: Written;

beforeAll(async () => {
  writeKeyFile(producerKey, generateKeyFile('ed25519'), false);
  written = jsonOf(
    await mycel('profile', 'example', 'microgrid', '--key', producerKey, '--out', out, '--json'),
  ) as Written;
});

describe('mycel profile', () => {
  it('shows a profile as the document the package loads', async () => {
    const shown = jsonOf(await mycel('profile', 'show', 'microclinic', '--json'));
    const loaded = loadProfile('microclinic');
    expect(loaded.ok && shown.profile).toEqual(loaded.ok && loaded.value);
  });

  it('certifies the microgrid example (exit 0), reading proofs out of the whole folder', async () => {
    const run = await mycel(
      'profile',
      'certify',
      'microgrid',
      '--proofs',
      out,
      '--advert',
      written.advert,
      '--now',
      written.now,
      '--json',
    );
    const result = jsonOf(run);
    expect(result.certified).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.producer).toBe(readSigner(producerKey).key.did);
    expect(result.proofs).toBe(8);
    expect(result.skipped).toBe(25);
  });

  it('prints what is missing and exits 1: too few intervals, no advert', async () => {
    for (const number of ['01', '02', '03']) {
      rmSync(join(written.proofs, `interval-${number}.json`));
    }
    const run = await mycel(
      'profile',
      'certify',
      'microgrid',
      '--proofs',
      written.proofs,
      '--now',
      written.now,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^not certified: did:key:z6Mk\w+ against microgrid \(5 proof/);
    expect(run.stdout).toMatch(
      /^ {2}missing profile_cadence_unmet {2}mip-enr\/generation-interval@1\.0\.0: 5 usable proof\(s\), 5 captured in the last day \(at least 6 required\)$/m,
    );
    expect(run.stdout).toMatch(/^ {2}missing profile_advert_missing {2}advert: /m);
  });

  it('exits 2 on unusable input: an unknown profile', async () => {
    const run = await mycel('profile', 'certify', 'microbrewery', '--proofs', out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error profile_unknown: no production-node profile "microbrewery"/);
  });
});
