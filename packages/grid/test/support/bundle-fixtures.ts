/** Signers and folders for agent-bundle tests. Seeds are fixed: no randomness in tests. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519SignerFromSeed, type Signer } from '@mycel/kernel';

export const PUBLISHED_AT = '2026-03-01T12:00:00Z';
export const ECHO_AGENT_DIRECTORY = fileURLToPath(new URL('../../agents/echo/', import.meta.url));

export const publisher: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(11));
export const stranger: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(22));

export class TemporaryFolders {
  readonly #folders: string[] = [];

  make(label: string): string {
    const folder = mkdtempSync(join(tmpdir(), `grid-${label}-`));
    this.#folders.push(folder);
    return folder;
  }

  /** A writable copy of an agent directory. */
  copyOf(directory: string): string {
    const copy = this.make('agent');
    cpSync(directory, copy, { recursive: true });
    return copy;
  }

  removeAll(): void {
    for (const folder of this.#folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}
