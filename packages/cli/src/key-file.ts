/**
 * Private key files: JSON holding a PKCS #8 key, written with mode 0600 in a 0700 folder, and
 * never inside a git working tree (a key committed by accident is a key published).
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fromBase64Url, type Signer, signerFromPkcs8, toBase64Url } from '@mycel/kernel';
import { CliError } from './cli-error.js';
import { readInputJson } from './files.js';

export type KeyAlgorithm = 'ed25519' | 'p256';

export interface KeyFile {
  readonly kind: 'mycel-private-key';
  readonly v: 1;
  readonly alg: 'Ed25519' | 'ES256';
  readonly did: string;
  /** PKCS #8 DER, base64url. */
  readonly pkcs8: string;
}

export function generateKeyFile(algorithm: KeyAlgorithm): KeyFile {
  const { privateKey } =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  const signer = signerFromPkcs8(pkcs8);
  if (!signer.ok) throw new Error(`assertion failed: fresh key unusable: ${signer.error.code}`);
  return {
    kind: 'mycel-private-key',
    v: 1,
    alg: signer.value.alg,
    did: signer.value.key.did,
    pkcs8: toBase64Url(pkcs8),
  };
}

/** Where `path` really is: its deepest existing ancestor with symbolic links resolved. */
function realLocation(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  return join(realpathSync(existing), ...rest);
}

/** The git working tree that contains `path`, if any, following symbolic links. */
export function enclosingRepository(path: string): string | undefined {
  let folder = dirname(realLocation(path));
  for (;;) {
    if (existsSync(join(folder, '.git'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

export function writeKeyFile(path: string, keyFile: KeyFile, force: boolean): void {
  const repository = enclosingRepository(path);
  if (repository !== undefined) {
    throw new CliError(
      'key_path_in_repository',
      `${path} is inside the git working tree ${repository}`,
    );
  }
  if (existsSync(path) && !force)
    throw new CliError('file_exists', `${path} exists (pass --force to replace it)`);
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(keyFile, null, 2)}\n`, {
    mode: 0o600,
    flag: force ? 'w' : 'wx',
  });
  // The mode above applies only to a file this call creates; a replaced file keeps its old one.
  chmodSync(path, 0o600);
}

/** A signer from a key file; `identity` is the DID it speaks for when the key was rotated in. */
export function readSigner(path: string, identity?: string): Signer {
  const file = readInputJson(path, 'key_file_invalid') as Partial<KeyFile> | null;
  if (file?.kind !== 'mycel-private-key' || typeof file.pkcs8 !== 'string') {
    throw new CliError('key_file_invalid', `${path} is not a mycel private key file`);
  }
  const pkcs8 = fromBase64Url(file.pkcs8);
  const signer = pkcs8 === undefined ? undefined : signerFromPkcs8(pkcs8, identity);
  if (signer === undefined || !signer.ok)
    throw new CliError('key_file_invalid', `${path} holds no usable key`);
  return signer.value;
}
