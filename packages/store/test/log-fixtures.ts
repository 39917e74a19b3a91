/** Shared helpers for store tests: deterministic entries and a log key. */
import { createHash } from 'node:crypto';
import {
  ed25519SignerFromSeed,
  formatCheckpointText,
  type Hash,
  hashLeaf,
  type NoteVerifierKey,
  naiveRoot,
  noteKeyId,
  openCheckpoint,
  signNote,
  utf8,
  verifyEd25519,
} from '@mycel/kernel';
import type { NewEntry } from '../src/index.js';

export const TEST_ORIGIN = 'test.mycel.dev/log';
export const LOG_SIGNER = ed25519SignerFromSeed(new Uint8Array(32).fill(42));
export const LOG_VERIFIER_KEY: NoteVerifierKey = {
  name: TEST_ORIGIN,
  keyId: noteKeyId(TEST_ORIGIN, LOG_SIGNER.key.publicKey),
  publicKey: LOG_SIGNER.key.publicKey,
};

export function signTestCheckpoint(size: number, root: Hash): string {
  const text = formatCheckpointText({ origin: TEST_ORIGIN, size, root, extensions: [] });
  return signNote(
    text,
    TEST_ORIGIN,
    (message) => LOG_SIGNER.sign(message),
    LOG_SIGNER.key.publicKey,
  );
}

export function openTestCheckpoint(note: string) {
  const opened = openCheckpoint(note, [LOG_VERIFIER_KEY], verifyEd25519, TEST_ORIGIN);
  if (!opened.ok) throw new Error(`checkpoint does not open: ${opened.error.code}`);
  return opened.value;
}

/** Entry `n` of a test log: its bytes say which entry it is, its id is their hash. */
export function testEntry(label: string): NewEntry {
  const bytes = utf8(JSON.stringify({ label }));
  return { id: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

export function testEntries(prefix: string, count: number): NewEntry[] {
  return Array.from({ length: count }, (_, n) => testEntry(`${prefix}-${n}`));
}

export function rootOf(entries: readonly { bytes: Uint8Array }[]): Hash {
  return naiveRoot(entries.map((entry) => hashLeaf(entry.bytes)));
}
