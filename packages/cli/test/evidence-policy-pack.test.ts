/**
 * `mycel log serve --policy-pack <file>`: the pack the evidence vault decides by must be a valid,
 * signed pack with an evidence section; anything else stops the service from starting.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPolicyPack, formatTimestamp, withSignature } from '@mycel/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { readPolicyPack } from '../src/server/evidence-vault-context.js';
import { FEDERATION_KEY, PACK } from './evidence-harness.js';
import { temporaryFolder } from './run-mycel.js';

const folder = temporaryFolder('evidence-pack');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function packFile(name: string, value: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function refusal(path: string): { code?: string; message: string } {
  try {
    readPolicyPack(path, Date.now());
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('the pack was accepted');
}

describe('the policy pack of the evidence vault', () => {
  it('reads a signed pack with an evidence section', () => {
    expect(readPolicyPack(packFile('good.json', PACK), Date.now())).toEqual(PACK);
  });

  it('refuses an unsigned pack: argument_invalid (signature_missing)', () => {
    const error = refusal(packFile('unsigned.json', { ...PACK, signatures: [] }));
    expect(error.code).toBe('argument_invalid');
    expect(error.message).toContain('signature_missing');
  });

  it('refuses a pack changed after signing: argument_invalid (policy_pack_id_mismatch)', () => {
    const error = refusal(packFile('tampered.json', { ...PACK, version: 2 }));
    expect(error.code).toBe('argument_invalid');
    expect(error.message).toContain('policy_pack_id_mismatch');
  });

  it('refuses a pack without an evidence section: argument_invalid', () => {
    const unsigned = buildPolicyPack({
      federation: 'devnet',
      version: 1,
      issuedAt: formatTimestamp(Date.now() - 60_000),
      mips: [],
      trustAnchors: [],
    });
    const bare = withSignature(unsigned, 'policy-pack', FEDERATION_KEY);
    const error = refusal(packFile('bare.json', bare));
    expect(error.code).toBe('argument_invalid');
    expect(error.message).toContain('no evidence section');
  });

  it('refuses a file that is not JSON: argument_invalid (json_malformed)', () => {
    const error = refusal(packFile('broken.json', '{"kind":'));
    expect(error.code).toBe('argument_invalid');
    expect(error.message).toContain('json_malformed');
  });
});
