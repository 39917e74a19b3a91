/**
 * Path validation of manufacturer certificate chains as they enter a TrustStore: each broken
 * chain is refused with its code and leaves the store without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chainPem,
  type TestCertificate,
  TestManufacturer,
  withBrokenSignature,
} from '../../test/device-test-ca.js';
import { AUTHORITY } from '../../test/fixtures.js';
import { DEVICE_CHAIN_CERTIFICATES_MAX } from '../limits.js';
import { parseCertificateChain } from './device-certificate-parse.js';
import { TrustStore } from './trust-store.js';

let maker: TestManufacturer;
let root: TestCertificate;
let intermediate: TestCertificate;
let leaf: TestCertificate;

beforeAll(() => {
  maker = new TestManufacturer();
  root = maker.root('Acme Meters Root CA');
  intermediate = maker.issue('Acme Meters Device CA', maker.key('intermediate'), root, {
    ca: true,
  });
  leaf = maker.issue('meter 7', maker.key('device'), intermediate, { ca: false });
});

afterAll(() => maker.dispose());

function store(anchors: readonly string[] = [root.key.did]): TrustStore {
  return new TrustStore(anchors.map((did) => ({ did, roles: ['hardware-root'] as const })));
}

/** The code of adding `pem` for `device`, and whether the store then holds any chain. */
function refusal(pem: string, device = leaf.key.did, trust = store()): string {
  const added = trust.addDeviceCertificateChain(device, pem);
  if (added.ok) return 'ok';
  const parsed = parseCertificateChain(pem);
  if (parsed.ok) expect(trust.deviceCertificateChain(parsed.value.digest)).toBeUndefined();
  return added.error.code;
}

describe('a manufacturer chain is accepted', () => {
  it('leaf, intermediate and self-signed root, ending at a hardware-root anchor', () => {
    const trust = store();
    const added = trust.addDeviceCertificateChain(leaf.key.did, chainPem(leaf, intermediate, root));
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.root).toBe(root.key.did);
    expect(added.value.device).toBe(leaf.key.did);
    expect(added.value.certificates.map((certificate) => certificate.key)).toEqual([
      leaf.key.did,
      intermediate.key.did,
      root.key.did,
    ]);
    expect(added.value.certificates[0]!.subject).toBe('CN=meter 7');
    expect(trust.deviceCertificateChain(added.value.digest)).toEqual(added.value);
  });

  it('without the root certificate: the anchor did:key that signed the last certificate', () => {
    const added = store().addDeviceCertificateChain(leaf.key.did, chainPem(leaf, intermediate));
    expect(added.ok && added.value.root).toBe(root.key.did);
  });

  it('with the same digest however the PEM is wrapped (the digest covers the DER bytes)', () => {
    const a = parseCertificateChain(chainPem(leaf, intermediate, root));
    const b = parseCertificateChain(
      `\n\n${chainPem(leaf, intermediate, root).replace(/\n/g, '\r\n')}`,
    );
    expect(a.ok && b.ok && a.value.digest === b.value.digest).toBe(true);
  });
});

describe('a manufacturer chain is refused', () => {
  it('from an unknown manufacturer: device_manufacturer_unknown', () => {
    expect(refusal(chainPem(leaf, intermediate, root), leaf.key.did, store([]))).toBe(
      'device_manufacturer_unknown',
    );
    const other = maker.root('Other Maker Root CA');
    expect(refusal(chainPem(leaf, intermediate, root), leaf.key.did, store([other.key.did]))).toBe(
      'device_manufacturer_unknown',
    );
  });

  it('without its root, when no anchor signed the last certificate: device_manufacturer_unknown', () => {
    // A hardware root that is an Ed25519 key (a signing root, not a CA) is skipped.
    expect(refusal(chainPem(leaf, intermediate), leaf.key.did, store([AUTHORITY.key.did]))).toBe(
      'device_manufacturer_unknown',
    );
  });

  it('with a broken signature on the leaf: device_chain_invalid', () => {
    const pem = chainPem(withBrokenSignature(leaf), intermediate, root);
    expect(refusal(pem)).toBe('device_chain_invalid');
    const added = store().addDeviceCertificateChain(leaf.key.did, pem);
    expect(added.ok ? 'ok' : added.error.message).toBe(
      'the signature on certificate 0 does not verify',
    );
  });

  it('with a broken self-signature on the root: device_chain_invalid', () => {
    expect(refusal(chainPem(leaf, intermediate, withBrokenSignature(root)))).toBe(
      'device_chain_invalid',
    );
  });

  it('whose leaf was not issued by the intermediate after it: device_chain_invalid', () => {
    const sibling = maker.issue('Acme Sensors Device CA', maker.key('sibling'), root, { ca: true });
    const stray = maker.issue('meter 8', maker.key('stray'), sibling, { ca: false });
    const trust = store();
    const added = trust.addDeviceCertificateChain(
      stray.key.did,
      chainPem(stray, intermediate, root),
    );
    expect(added.ok ? 'ok' : added.error).toMatchObject({
      code: 'device_chain_invalid',
      message: 'certificate 0 was not issued by the next one',
    });
    expect(trust.addDeviceCertificateChain(stray.key.did, chainPem(stray, sibling, root)).ok).toBe(
      true,
    );
  });

  it('whose intermediate is not a CA: device_chain_invalid', () => {
    const notCa = maker.issue('Acme Gateway', maker.key('not-ca'), root, { ca: false });
    const below = maker.issue('meter 9', maker.key('below'), notCa, { ca: false });
    const added = store().addDeviceCertificateChain(below.key.did, chainPem(below, notCa, root));
    expect(added.ok ? 'ok' : added.error).toMatchObject({
      code: 'device_chain_invalid',
      message: 'certificate 1 issues but is not a CA',
    });
  });

  it("whose leaf key is not the device's did:key: device_key_mismatch", () => {
    expect(refusal(chainPem(leaf, intermediate, root), intermediate.key.did)).toBe(
      'device_key_mismatch',
    );
  });

  it('that is not PEM certificates only: device_chain_invalid', () => {
    expect(refusal('')).toBe('device_chain_invalid');
    expect(refusal(`${chainPem(leaf, intermediate, root)}trailing text\n`)).toBe(
      'device_chain_invalid',
    );
    expect(refusal(leaf.pem.replace('MII', 'MIX'))).toBe('device_chain_invalid');
  });

  it(`longer than ${DEVICE_CHAIN_CERTIFICATES_MAX} certificates: device_chain_invalid`, () => {
    const pem = chainPem(leaf, ...Array(DEVICE_CHAIN_CERTIFICATES_MAX).fill(intermediate), root);
    const added = store().addDeviceCertificateChain(leaf.key.did, pem);
    expect(added.ok ? 'ok' : added.error.message).toBe(
      `a device certificate chain holds at most ${DEVICE_CHAIN_CERTIFICATES_MAX} certificates`,
    );
  });
});
