/** The signed MIP registry: modules are listed by the content id of their descriptor. */
import { type JsonValue, TrustStore, withSignature } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  buildMipRegistry,
  checkMipRegistry,
  checkModuleListed,
  mipContentId,
} from '../../src/index.js';
import { producer, readingModule, verifierKey } from './reading-module.js';

const ISSUED_MS = Date.UTC(2026, 10, 28);
const issuer = verifierKey.key.did;
const registry = buildMipRegistry(
  { issuer, sequence: 1, issuedAtMs: ISSUED_MS, modules: [readingModule] },
  verifierKey,
);
const trust = new TrustStore();

function check(value: unknown, issuers = new Set([issuer])) {
  return checkMipRegistry(value as JsonValue, trust, issuers);
}

describe('MIP registry', () => {
  it('lists each module by the content id of its descriptor and verifies', () => {
    expect(registry.mips).toEqual([
      { mip: readingModule.id, contentId: mipContentId(readingModule), title: readingModule.title },
    ]);
    expect(check(registry).ok).toBe(true);
    expect(checkModuleListed(registry, readingModule).ok).toBe(true);
  });

  it('gives a module with other rules another content id, and refuses it against the registry', () => {
    const changed = { ...readingModule, prior: { p: 0.5, logOddsSd: 0.2 } };
    expect(mipContentId(changed)).not.toBe(mipContentId(readingModule));
    const listed = checkModuleListed(registry, changed);
    expect(listed.ok ? 'ok' : listed.error.code).toBe('mip_registry_entry_mismatch');
    const absent = checkModuleListed(registry, { ...readingModule, id: 'mip-test/other@1.0.0' });
    expect(absent.ok ? 'ok' : absent.error.code).toBe('mip_registry_entry_mismatch');
  });

  it('refuses a registry changed after signing', () => {
    const tampered = { ...registry, mips: [{ ...registry.mips[0]!, title: 'Something else' }] };
    const result = check(tampered);
    expect(result.ok ? 'ok' : `${result.error.code} ${result.error.path}`).toBe(
      'mip_registry_invalid /id',
    );
  });

  it('refuses a registry from an issuer the verifier does not trust', () => {
    const result = check(registry, new Set([producer.key.did]));
    expect(result.ok ? 'ok' : result.error.path).toBe('/issuer');
  });

  it('refuses a registry signed by someone other than its issuer', () => {
    const unsigned = { ...registry, signatures: [] };
    const forged = withSignature(unsigned, 'mip-registry', producer);
    const result = check(forged);
    expect(result.ok ? 'ok' : `${result.error.code} ${result.error.path}`).toBe(
      'mip_registry_invalid /signatures',
    );
  });

  it('refuses a registry listing one MIP twice, and one of the wrong shape', () => {
    const twice = buildMipRegistry(
      { issuer, sequence: 2, issuedAtMs: ISSUED_MS, modules: [readingModule, readingModule] },
      verifierKey,
    );
    const result = check(twice);
    expect(result.ok ? 'ok' : `${result.error.code} ${result.error.path}`).toBe(
      'mip_registry_invalid /mips/1',
    );
    const shape = check({ ...registry, sequence: 0 });
    expect(shape.ok ? 'ok' : shape.error.code).toBe('mip_registry_invalid');
  });
});
