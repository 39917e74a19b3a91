import { sealObject, withSignature } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { signRegistration, verifyRegistration } from '../src/node-registration.js';
import { testSigner } from './wire-test-keys.js';

const node = testSigner(7);
const other = testSigner(8);
const challenge = { nonce: 'A'.repeat(43), grid: 'devnet' };

const fields = {
  grid: 'devnet',
  nonce: challenge.nonce,
  endpoint: 'http://127.0.0.1:7801',
  label: 'Frankfurt',
  attestation: 'software' as const,
  agents: ['tutor', 'voice'],
  capacity: { robot: 0, voice: 8, interactive: 32, batch: 4 },
};

function codeOf(value: unknown, against = challenge) {
  const verdict = verifyRegistration(value, against);
  return verdict.ok ? 'ok' : verdict.error.code;
}

describe('node registration', () => {
  it('verifies a registration signed by the node it names', () => {
    const registration = signRegistration(fields, node);
    expect(registration.node).toBe(node.key.did);
    expect(codeOf(JSON.parse(JSON.stringify(registration)))).toBe('ok');
  });

  it('refuses a node that claims a key it cannot sign with', () => {
    const body = { v: 1, kind: 'node-registration', node: node.key.did, ...fields };
    const claimed = withSignature(sealObject(body), 'node-registration', other);
    expect(codeOf(claimed)).toBe('registration_proof_invalid');
  });

  it('refuses an answer to another challenge (replay) and another grid', () => {
    const registration = signRegistration(fields, node);
    expect(codeOf(registration, { ...challenge, nonce: 'B'.repeat(43) })).toBe(
      'registration_proof_invalid',
    );
    expect(codeOf(registration, { ...challenge, grid: 'elsewhere' })).toBe(
      'registration_wrong_grid',
    );
  });

  it('refuses edits after signing and malformed input', () => {
    const registration = signRegistration(fields, node);
    expect(codeOf({ ...registration, label: 'Paris' })).toBe('registration_malformed');
    expect(codeOf({ ...registration, capacity: { voice: -1 } })).toBe('registration_malformed');
    expect(codeOf(undefined)).toBe('registration_malformed');
    expect(codeOf({ ...registration, endpoint: 'file:///etc/passwd' })).toBe(
      'registration_malformed',
    );
  });
});
