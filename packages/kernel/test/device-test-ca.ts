/**
 * A throw-away manufacturer PKI for the device identity tests, made at test time with the system
 * `openssl` CLI in a temporary directory (removed by `dispose`): P-256 keys, a self-signed root
 * CA, intermediates and device leaf certificates. Nothing it makes is ever written to the repo.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { p256DidKey, type Signer, signerFromPkcs8 } from '../src/index.js';

export interface TestKey {
  readonly path: string;
  readonly did: string;
}

export interface TestCertificate {
  readonly pem: string;
  readonly path: string;
  readonly key: TestKey;
}

export interface IssueOptions {
  readonly ca: boolean;
  readonly days?: number;
}

export class TestManufacturer {
  private readonly dir = mkdtempSync(join(tmpdir(), 'mycel-device-ca-'));
  private serial = 1;

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  private file(name: string): string {
    return join(this.dir, name);
  }

  /** A fresh ECDSA P-256 private key (PKCS #8 PEM in the temporary directory). */
  key(name: string): TestKey {
    const path = this.file(`${name}.key`);
    this.openssl(
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      path,
    );
    const did = p256DidKey(createPublicKey(createPrivateKey(readFileSync(path))));
    if (did === undefined) throw new Error('openssl did not make a P-256 key');
    return { path, did: did.did };
  }

  /** An ES256 signer for a key (the device signing its proofs). */
  signer(key: TestKey): Signer {
    const der = createPrivateKey(readFileSync(key.path)).export({ format: 'der', type: 'pkcs8' });
    const signer = signerFromPkcs8(new Uint8Array(der));
    if (!signer.ok) throw new Error(signer.error.code);
    return signer.value;
  }

  private selfSignedPem(keyPath: string, name: string, days: number): string {
    const out = this.file(`${name}.pem`);
    this.openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      keyPath,
      '-subj',
      `/CN=${name}`,
      '-days',
      String(days),
      '-sha256',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      out,
    );
    return readFileSync(out, 'utf8');
  }

  /** A self-signed root CA certificate. */
  root(name: string, days = 3650): TestCertificate {
    const key = this.key(name);
    const pem = this.selfSignedPem(key.path, name, days);
    return { pem, path: this.file(`${name}.pem`), key };
  }

  /** A certificate for `key`, named `name`, issued and signed by `issuer`. */
  issue(
    name: string,
    key: TestKey,
    issuer: TestCertificate,
    options: IssueOptions,
  ): TestCertificate {
    const csr = this.file(`${name}.csr`);
    const ext = this.file(`${name}.ext`);
    const out = this.file(`${name}.pem`);
    writeFileSync(
      ext,
      options.ca
        ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
        : 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    );
    this.openssl('req', '-new', '-key', key.path, '-subj', `/CN=${name}`, '-out', csr);
    this.openssl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      issuer.path,
      '-CAkey',
      issuer.key.path,
      '-set_serial',
      String(this.serial++),
      '-days',
      String(options.days ?? 1825),
      '-sha256',
      '-extfile',
      ext,
      '-out',
      out,
    );
    return { pem: readFileSync(out, 'utf8'), path: out, key };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PEM chain text, leaf first. */
export function chainPem(...certificates: readonly TestCertificate[]): string {
  return certificates.map((certificate) => certificate.pem).join('');
}

/** The certificate with the last byte of its signature flipped: it parses but does not verify. */
export function withBrokenSignature(certificate: TestCertificate): TestCertificate {
  const der = Buffer.from(new X509Certificate(certificate.pem).raw);
  der[der.length - 1]! ^= 0x01;
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  const pem = `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
  return { ...certificate, pem };
}
