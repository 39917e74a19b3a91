/**
 * `mycel policy` as a user runs it, in child processes with a temporary MYCEL_HOME: write the
 * example pack and input, check the pack and decide the input, and the refusals — a pack signed
 * by an unknown key, rules that do not compile — each printing its code and exiting 1; an input
 * that is decided and not accepted exits 2 with its reasons.
 */
import { readFileSync } from 'node:fs';
import {
  buildPolicyPack,
  formatTimestamp,
  type PolicyPack,
  type PolicyPackFields,
  withSignature,
} from '@mycel/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyFile, readSigner, writeKeyFile } from '../src/key-file.js';
import { cliWorkspace, jsonOf, readJson } from './cli-workspace.js';
import { expectFailure } from './run-mycel.js';

const { inWorkspace, mycel, written } = cliWorkspace('cli-policy');
const federationKey = inWorkspace('federation.json');
const strangerKey = inWorkspace('stranger.json');
let federationDid: string;
let made: { pack: string; input: string; federationKey: string };

function signedBy(keyPath: string, change: Partial<PolicyPackFields>): PolicyPack {
  const example = readJson(made.pack) as PolicyPack;
  const { v: _v, kind: _k, id: _id, signatures: _s, ...fields } = example;
  const pack = buildPolicyPack({
    ...fields,
    issuedAt: formatTimestamp(Math.floor(Date.now() / 1000) * 1000 - 60_000),
    ...change,
  });
  return withSignature(pack, 'policy-pack', readSigner(keyPath));
}

/** `mycel policy check` of a pack against the federation's key. */
function check(pack: string, ...args: string[]) {
  return mycel('policy', 'check', pack, '--federation-key', federationDid, ...args);
}

beforeAll(async () => {
  writeKeyFile(federationKey, generateKeyFile('ed25519'), false);
  writeKeyFile(strangerKey, generateKeyFile('ed25519'), false);
  federationDid = readSigner(federationKey).key.did;
  const run = await mycel(
    'policy',
    'example',
    '--out',
    inWorkspace('example'),
    '--key',
    federationKey,
    '--federation',
    'in.karnataka',
    '--json',
  );
  made = jsonOf(run);
});

describe('mycel policy', () => {
  it('example writes a pack signed by the key and an input; check decides it: accepted, exit 0', async () => {
    expect(made.federationKey).toBe(federationDid);
    const run = await check(made.pack, '--input', made.input, '--json');
    const answer = jsonOf(run);
    expect(answer).toMatchObject({
      federation: 'in.karnataka',
      version: 1,
      decision: {
        accepted: true,
        settleable: true,
        reasons: [],
        auditRate: 0.02,
        verifiersCounted: 2,
      },
    });
    expect(answer.rules).toHaveLength(7);
  });

  it('refuses a pack signed by an unknown key: policy_pack_signature_missing, exit 1', async () => {
    const path = written('stranger-pack.json', JSON.stringify(signedBy(strangerKey, {})));
    const run = await check(path);
    expectFailure(run, 'policy_pack_signature_missing');
  });

  it('prints every rule that does not compile with its code, exit 1', async () => {
    const rules = [
      { name: 'accept', expression: 'proof.p >= ' },
      { name: 'fine', expression: 'proof.p >= 0.5' },
      { name: 'audit-rate', expression: 'producer.reputation < 0.5' },
    ];
    const path = written('broken-pack.json', JSON.stringify(signedBy(federationKey, { rules })));
    const run = await check(path);
    expectFailure(run, 'policy_rule_invalid');
    expect(run.stderr).toMatch(/^error policy_rule_invalid: rule accept: .* \(at \/rules\/0\)$/m);
    expect(run.stderr).toContain(
      'error policy_rule_type_invalid: rule audit-rate yields bool; it must yield double (at /rules/2)',
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('decides an input the pack does not accept: the reasons, exit 2', async () => {
    const input = JSON.parse(readFileSync(made.input, 'utf8'));
    input.proof.p = 0.5;
    input.verifications[1].verdict = 'fail';
    const path = written('refused-input.json', JSON.stringify(input));
    const run = await check(made.pack, '--input', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('not accepted');
    expect(run.stdout).toContain('p_below_min: p 0.5 is below 0.9');
    expect(run.stdout).toContain('verifiers_below_k: 1 of 2 verifier anchors passed with p >= 0.9');
    expect(run.stdout).toContain('rule_false: no-anchor-fails');
  });
});
