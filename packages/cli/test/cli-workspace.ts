/**
 * What the `mycel` command tests share: a working folder outside the repository with its own
 * MYCEL_HOME, ways to run the CLI there, and small helpers to tamper with what it prints.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fromBase64,
  type NoteVerifierKey,
  type OpenedCheckpoint,
  openCheckpoint,
  toBase64,
  verifyEd25519,
} from '@mycel/kernel';
import { afterAll } from 'vitest';
import { generateKeyFile, writeKeyFile } from '../src/key-file.js';
import { DEFAULT_ORIGIN } from '../src/mycel-home.js';
import {
  expectSuccess,
  homeEnvironment,
  type Run,
  runMycel,
  temporaryFolder,
} from './run-mycel.js';

export const DID_KEY_ED25519 = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/;
export const DID_KEY_P256 = /^did:key:zDn[1-9A-HJ-NP-Za-km-z]+$/;
export const MIP = 'mip-energy/generation-interval@1.0.0';

/** A fresh workspace for one test file, removed after it. */
export function cliWorkspace(label: string) {
  const workspace = temporaryFolder(label);
  const home = join(workspace, 'home');
  const options = { cwd: workspace, env: homeEnvironment(home) };
  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });
  const inWorkspace = (name: string): string => join(workspace, name);
  return {
    workspace,
    home,
    options,
    inWorkspace,
    mycel: (...args: string[]): Promise<Run> => runMycel(args, options),
    /** A new Ed25519 key file in the workspace: its path and did. */
    keyFile(name: string): { path: string; did: string } {
      const file = generateKeyFile('ed25519');
      const path = inWorkspace(`${name}.json`);
      writeKeyFile(path, file, true);
      return { path, did: file.did };
    },
    /** Writes `text` to a file in the workspace and returns its path. */
    written(name: string, text: string): string {
      const path = inWorkspace(name);
      writeFileSync(path, text);
      return path;
    },
  };
}

export function readJson(path: string) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** The JSON a successful `--json` run printed. */
export function jsonOf(run: Run) {
  expectSuccess(run);
  return JSON.parse(run.stdout);
}

/** A standard-base64 hash with one bit flipped. */
export function flippedHash(hash: string): string {
  const bytes = fromBase64(hash)!;
  bytes[0]! ^= 0x80;
  return toBase64(bytes);
}

/** A checkpoint note whose signature line carries one flipped bit of the signature itself. */
export function withFlippedNoteSignature(note: string): string {
  const [, name, encoded] = /\n— (\S+) (\S+)\n$/.exec(note)!;
  const bytes = fromBase64(encoded!)!;
  bytes[bytes.length - 1]! ^= 0x01; // past the 4-byte key id: inside the Ed25519 signature
  return note.replace(`— ${name} ${encoded}`, `— ${name} ${toBase64(bytes)}`);
}

export function openedWith(key: NoteVerifierKey, note: string): OpenedCheckpoint {
  const opened = openCheckpoint(note, [key], verifyEd25519, DEFAULT_ORIGIN);
  if (!opened.ok) throw new Error(`the checkpoint does not open: ${opened.error.code}`);
  return opened.value;
}
