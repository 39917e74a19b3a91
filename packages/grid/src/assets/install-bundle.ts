/**
 * Installs a verified bundle's files where a worker can import them: `<cache>/<hex of asset
 * id>/`. The files are written to a temporary folder beside it and the folder renamed into
 * place, so a worker never imports half a bundle; a marker file written last says the install
 * is complete. A bundle already installed is reused as it is.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { VerifiedBundle } from './agent-bundle.js';
import { assetHex } from './asset-id.js';

/** Written last; its name starts with a dot, which no bundle path may (isBundlePath). */
export const INSTALL_MARKER_FILE = '.bundle.json';
/** Bundles are ESM: without their own package.json, one is added that says so. */
const ESM_PACKAGE_JSON = '{"type":"module"}\n';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeFiles(folder: string, bundle: VerifiedBundle): Promise<void> {
  await mkdir(folder);
  for (const [path, bytes] of bundle.files) {
    const target = resolve(folder, ...path.split('/'));
    // isBundlePath already keeps paths inside; this guards the guard.
    if (!target.startsWith(folder + sep)) throw new Error(`assertion failed: ${path} escapes`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes, { flag: 'wx' });
  }
  if (!bundle.files.has('package.json')) {
    await writeFile(join(folder, 'package.json'), ESM_PACKAGE_JSON, { flag: 'wx' });
  }
  const marker = {
    assetId: bundle.assetId,
    name: bundle.name,
    version: bundle.version,
    entry: bundle.entry,
    publisher: bundle.publisher,
  };
  await writeFile(join(folder, INSTALL_MARKER_FILE), `${JSON.stringify(marker)}\n`, { flag: 'wx' });
}

/** Installs (or finds installed) the bundle; resolves to the absolute path of its entry. */
export async function installBundle(
  bundle: VerifiedBundle,
  cacheDirectory: string,
): Promise<string> {
  const root = resolve(cacheDirectory);
  const folder = join(root, assetHex(bundle.assetId));
  const marker = join(folder, INSTALL_MARKER_FILE);
  const entryPath = join(folder, ...bundle.entry.split('/'));
  if (await exists(marker)) return entryPath;
  await mkdir(root, { recursive: true });
  const suffix = randomBytes(8).toString('hex');
  const temporary = join(root, `.installing-${assetHex(bundle.assetId)}-${suffix}`);
  try {
    await writeFiles(temporary, bundle);
    // Another process may have installed the same bundle meanwhile: keep its files.
    if (!(await exists(marker))) {
      // A folder without a marker is what a foreign or interrupted writer left.
      await rm(folder, { recursive: true, force: true });
      await rename(temporary, folder);
    }
  } catch (error) {
    if (!(await exists(marker))) throw error;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return entryPath;
}
