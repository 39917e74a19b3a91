/**
 * A content-addressed blob store in one directory (the asset plane, ARCHITECTURE §5.1): agent
 * bundles, checkpoints, model files. A blob lives in `<directory>/sha256/<hex>`; it is written to
 * `<directory>/tmp/` first, flushed, and renamed into place, so a reader never sees half a blob
 * and a crash leaves at most a stray temporary file. Reads check the hash again, so a blob that
 * rotted on disk is treated as missing rather than served.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { ASSET_BYTES_MAX } from '../limits.js';
import type { AssetErrorCode } from './asset-error-codes.js';
import { assetHex, assetIdOf, checkAssetId } from './asset-id.js';

export interface AssetStoreOptions {
  /** Largest blob accepted; defaults to ASSET_BYTES_MAX. */
  readonly bytesMax?: number;
}

export class AssetStore {
  #writes = 0;

  private constructor(
    readonly directory: string,
    readonly bytesMax: number,
  ) {}

  /** Opens (and creates if needed) the store in `directory`. */
  static async open(directory: string, options: AssetStoreOptions = {}): Promise<AssetStore> {
    await mkdir(join(directory, 'sha256'), { recursive: true });
    await mkdir(join(directory, 'tmp'), { recursive: true });
    return new AssetStore(directory, options.bytesMax ?? ASSET_BYTES_MAX);
  }

  /** Stores the bytes; the value is their asset id. */
  async put(bytes: Uint8Array): Promise<Outcome<string, AssetErrorCode>> {
    if (bytes.byteLength > this.bytesMax) {
      return failWith('asset_too_large', `an asset is at most ${this.bytesMax} bytes`);
    }
    const id = assetIdOf(bytes);
    const written = await this.#write(id, bytes);
    return written.ok ? ok(id) : written;
  }

  /** Stores bytes fetched under `id`, refusing them unless they hash to it. */
  async putExpecting(id: string, bytes: Uint8Array): Promise<Outcome<string, AssetErrorCode>> {
    const checked = checkAssetId(id);
    if (!checked.ok) return checked;
    if (bytes.byteLength > this.bytesMax) {
      return failWith('asset_too_large', `an asset is at most ${this.bytesMax} bytes`);
    }
    if (assetIdOf(bytes) !== id) {
      return failWith('asset_hash_mismatch', `the bytes do not hash to ${id}`);
    }
    const written = await this.#write(id, bytes);
    return written.ok ? ok(id) : written;
  }

  /** The blob, or undefined when it is not here (or the id is not an asset id). */
  async get(id: string): Promise<Uint8Array | undefined> {
    if (!checkAssetId(id).ok) return undefined;
    const path = this.#pathOf(id);
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > this.bytesMax) return undefined;
      const bytes = new Uint8Array(await readFile(path));
      if (assetIdOf(bytes) === id) return bytes;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    // The file no longer matches its name: drop it so the next put or fetch replaces it.
    await rm(path, { force: true });
    return undefined;
  }

  async has(id: string): Promise<boolean> {
    if (!checkAssetId(id).ok) return false;
    try {
      return (await stat(this.#pathOf(id))).isFile();
    } catch {
      return false;
    }
  }

  #pathOf(id: string): string {
    return join(this.directory, 'sha256', assetHex(id));
  }

  async #write(id: string, bytes: Uint8Array): Promise<Outcome<true, AssetErrorCode>> {
    if (await this.has(id)) return ok(true);
    this.#writes += 1;
    const temporary = join(this.directory, 'tmp', `${assetHex(id)}.${process.pid}.${this.#writes}`);
    try {
      const file = await open(temporary, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.#pathOf(id));
      return ok(true);
    } catch (error) {
      await rm(temporary, { force: true });
      return failWith('asset_write_failed', `cannot store ${id}: ${(error as Error).message}`);
    }
  }
}
