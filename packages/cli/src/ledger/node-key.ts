/**
 * The key that signs a NodeCo record is the node's own. A node keeps it in its data folder as
 * `node-key.pkcs8` (PKCS #8 DER); `--node-key` takes that file, the data folder itself, or a
 * mycel key file (JSON, from `mycel keygen`).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type Signer, signerFromPkcs8 } from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';
import { readSigner } from '../key-file.js';

const OPENING_BRACE = 0x7b;
const WHITESPACE = new Set([0x09, 0x0a, 0x0d, 0x20]);

export async function readNodeSigner(path: string): Promise<Signer> {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new CliError('file_unreadable', `cannot read ${path}`);
  }
  // Loaded only for a folder: every `mycel` run would otherwise pay for the whole grid package.
  const file = isFolder ? join(path, (await import('@mycel/grid')).NODE_KEY_FILE) : path;
  const bytes = readInputFile(file);
  const first = bytes.find((byte) => !WHITESPACE.has(byte));
  if (first === OPENING_BRACE) return readSigner(file);
  const signer = signerFromPkcs8(bytes);
  if (!signer.ok) {
    throw new CliError(
      'key_file_invalid',
      `${file} is neither a PKCS #8 Ed25519 or P-256 key (node-key.pkcs8) nor a mycel key file`,
    );
  }
  return signer.value;
}
