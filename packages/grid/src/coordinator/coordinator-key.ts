/**
 * The coordinator's identity key, kept in its data folder: `coordinator-key.pkcs8` (PKCS #8 DER
 * of an Ed25519 key), mode 0600 in a 0700 folder. Created from 32 random bytes on first start and
 * read on every later one, so a restarted coordinator is the same coordinator (same did) and the
 * tickets nodes trust stay valid.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519Pkcs8FromSeed, type Signer, signerFromPkcs8 } from '@mycel/kernel';

export const COORDINATOR_KEY_FILE = 'coordinator-key.pkcs8';

export async function loadCoordinatorKey(dataDir: string): Promise<Signer> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const path = join(dataDir, COORDINATOR_KEY_FILE);
  const existing = await readKey(path);
  if (existing !== undefined) return signerOf(existing, path);
  const pkcs8 = ed25519Pkcs8FromSeed(new Uint8Array(randomBytes(32)));
  try {
    // 'wx': never overwrite a key another process created meanwhile; use that one instead.
    await writeFile(path, pkcs8, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signerOf((await readKey(path))!, path);
  }
  return signerOf(pkcs8, path);
}

async function readKey(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function signerOf(pkcs8: Uint8Array, path: string): Signer {
  const signer = signerFromPkcs8(pkcs8);
  // A damaged key file is an operator problem the coordinator must not paper over with a new key.
  if (!signer.ok) throw new Error(`${path} holds no usable private key: ${signer.error.message}`);
  return signer.value;
}
