/**
 * The `mycel mip` commands as a user runs them, in child processes with a temporary MYCEL_HOME:
 * list the shipped MIPs, write an example proof with its evidence files, assess it on both planes
 * under a policy pack, and sign a registry. Every refusal prints its code and exits 1; a proof
 * that verifies but is not accepted exits 2 with the reason.
 */
import { readFileSync } from 'node:fs';
import {
  buildPolicyPack,
  digestOf,
  type JsonValue,
  ProofVerifier,
  parseTimestamp,
  TrustStore,
  withSignature,
} from '@mycel/kernel';
import {
  checkMipRegistry,
  ENERGY_GENERATION_MODULE,
  mipCatalog,
  mipContentId,
  modulesById,
  REALITY_MIPS,
} from '@mycel/mips';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, readSigner, writeKeyFile } from '../src/key-file.js';
import { cliWorkspace, jsonOf, readJson } from './cli-workspace.js';
import { expectFailure, expectSuccess } from './run-mycel.js';

const { inWorkspace, mycel, written } = cliWorkspace('cli-mip');
const ENERGY = ENERGY_GENERATION_MODULE.id;
const producerKey = inWorkspace('producer.json');
const verifierKey = inWorkspace('verifier.json');

interface Example {
  readonly proof: string;
  readonly evidence: string[];
  readonly now: string;
}

async function example(name: string): Promise<Example> {
  const run = await mycel(
    'mip',
    'example',
    ENERGY,
    '--case',
    name,
    '--out',
    inWorkspace(name),
    '--key',
    producerKey,
    '--json',
  );
  expectSuccess(run);
  return jsonOf(run) as Example;
}

function assessArguments(made: Example, ...extra: string[]): string[] {
  return [
    'mip',
    'assess',
    made.proof,
    '--evidence',
    ...made.evidence,
    '--key',
    verifierKey,
    '--now',
    made.now,
    ...extra,
  ];
}

beforeAll(() => {
  writeKeyFile(producerKey, generateKeyFile('ed25519'), false);
  writeKeyFile(verifierKey, generateKeyFile('p256'), false);
});

describe('mycel mip list and registry', () => {
  it('lists every shipped MIP with the content id of its descriptor', async () => {
    const run = await mycel('mip', 'list', '--json');
    expectSuccess(run);
    const { mips } = jsonOf(run) as { mips: { mip: string; contentId: string }[] };
    expect(mips.map((entry) => entry.mip)).toEqual(REALITY_MIPS.map((module) => module.id));
    expect(mips[0]?.contentId).toBe(mipContentId(REALITY_MIPS[0]!));
  });

  it('signs a registry that a verifier trusting the issuer accepts', async () => {
    const out = inWorkspace('registry.json');
    expectSuccess(
      await mycel('mip', 'registry', '--key', verifierKey, '--sequence', '4', '--out', out),
    );
    const issuer = readSigner(verifierKey).key.did;
    const checked = checkMipRegistry(readJson(out), new TrustStore(), new Set([issuer]));
    expect(checked.ok && checked.value.sequence).toBe(4);
    expect(checked.ok && checked.value.mips).toHaveLength(REALITY_MIPS.length);
    expectFailure(
      await mycel('mip', 'registry', '--key', verifierKey, '--sequence', '0'),
      'argument_invalid',
    );
  });
});

describe('mycel mip example and assess', () => {
  let honest: Example;
  let inflated: Example;

  beforeAll(async () => {
    [honest, inflated] = await Promise.all([example('energy-honest'), example('energy-inflated')]);
  });

  it('accepts the honest proof, prints every check and writes the signed result', async () => {
    const out = inWorkspace('assessed.json');
    const run = await mycel(...assessArguments(honest, '--out', out));
    expectSuccess(run);
    expect(run.stdout).toMatch(/^verdict pass {2}p 0\.9\d+/m);
    expect(run.stdout).toMatch(/^ {2}irradiance-ratio +\+/m);
    expect(run.stdout).toMatch(/^settle \d+\.\d Wh \(0\.05 quantile\)$/m);
    expect(run.stdout).toMatch(/^accepted, settleable$/m);
    const assessed = readJson(out);
    expect(assessed.verifications).toHaveLength(1);
    expect(assessed.verifications[0]).toMatchObject({ plane: 'reality', verdict: 'pass' });
    expect(assessed.id).toBe(readJson(honest.proof).id);
    const verifier = new ProofVerifier({
      trust: new TrustStore(),
      mips: mipCatalog(modulesById(REALITY_MIPS)),
    });
    const verified = verifier.verifyValue(assessed as JsonValue, parseTimestamp(honest.now)!);
    expect(verified.ok).toBe(true);
  });

  it('refuses the inflated proof with exit 2 and the reason', async () => {
    const run = await mycel(...assessArguments(inflated, '--json'));
    expect(run.code).toBe(2);
    const answer = JSON.parse(run.stdout) as {
      accepted: boolean;
      reason: string;
      result: { p: number };
    };
    expect(answer.accepted).toBe(false);
    expect(answer.reason).toMatch(/^verdict fail/);
    expect(answer.result.p).toBeLessThan(0.1);
  });

  it('refuses evidence changed after signing: evidence_digest_mismatch', async () => {
    const copy = { ...honest, evidence: [...honest.evidence] };
    const text = readFileSync(honest.evidence[0]!, 'utf8');
    copy.evidence[0] = written('changed-evidence.json', text.replace('1', '2'));
    const run = await mycel(...assessArguments(copy));
    expectFailure(run, 'evidence_digest_mismatch');
    expect(run.stderr).toContain('changed-evidence.json');
  });

  it('refuses a proof without the evidence it names: evidence_missing', async () => {
    const run = await mycel(
      'mip',
      'assess',
      honest.proof,
      '--key',
      verifierKey,
      '--now',
      honest.now,
    );
    expectFailure(run, 'evidence_missing');
  });

  it('refuses a proof whose claim changed after signing, on the integrity plane', async () => {
    const proof = readJson(honest.proof);
    proof.claim.value.wh += 1000;
    const forged = { ...honest, proof: written('forged.json', JSON.stringify(proof)) };
    expectFailure(await mycel(...assessArguments(forged)), 'proof_id_mismatch');
  });

  it('refuses a MIP version the federation pack does not accept, naming the one it does', async () => {
    const pack = buildPolicyPack({
      federation: 'solar-coop',
      version: 2,
      issuedAt: '2026-11-01T00:00:00Z',
      mips: [{ mip: 'mip-enr/generation-interval@2.0.0', settleable: true }],
      trustAnchors: [],
    });
    const signed = withSignature(pack, 'policy-pack', readSigner(verifierKey));
    const path = written('pack.json', JSON.stringify(signed));
    const run = await mycel(...assessArguments(honest, '--pack', path));
    expectFailure(run, 'mip_version_not_accepted');
    expect(run.stderr).toMatch(/accepts mip-enr\/generation-interval@2\.0\.0/);
  });

  it('refuses an unknown MIP or case by name, listing what exists', async () => {
    const [mip, name] = await Promise.all([
      mycel('mip', 'example', 'mip-x/y@1.0.0', '--out', inWorkspace('x'), '--key', producerKey),
      mycel(
        'mip',
        'example',
        ENERGY,
        '--case',
        'nope',
        '--out',
        inWorkspace('y'),
        '--key',
        producerKey,
      ),
    ]);
    expectFailure(mip, 'argument_invalid');
    expect(mip.stderr).toContain(ENERGY);
    expectFailure(name, 'argument_invalid');
    expect(name.stderr).toContain('energy-honest');
  });
});

describe('mycel mip example', () => {
  it('writes evidence files whose digests are the ones the proof names', async () => {
    const made = await example('energy-rollback');
    const proof = readJson(made.proof);
    const digests = made.evidence.map((path) => digestOf(readFileSync(path)));
    expect(proof.evidence.map((entry: { digest: string }) => entry.digest).sort()).toEqual(
      digests.sort(),
    );
    expect(made.proof).toMatch(/energy-rollback\/proof\.json$/);
  });
});
