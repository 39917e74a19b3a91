/**
 * Bundles the CLI entry points and the grid's inference worker with esbuild, for the test run
 * (docs/decisions/0013-tests-run-the-bundled-cli.md). Users keep running the TypeScript sources
 * through tsx; with MYCEL_BUNDLE_DIR set to the folder this writes, bin/mycel.js, bin/opengrid.js
 * and the inference worker pool load the bundle instead, and every child they start inherits it.
 *
 * - The @mycel/* workspace packages are bundled in; every other bare import (npm packages, node
 *   builtins) stays external and resolves from the repository's node_modules at run time, which
 *   is why the bundle is written inside it.
 * - `import.meta.url`, `.dirname` and `.filename` are replaced by the values they have in the
 *   source file, so code that finds files next to itself (the latency matrix, bin/opengrid.js)
 *   finds the same files as under tsx. The bundle is therefore tied to this checkout.
 *
 * `node --import tsx scripts/build-bundle.ts [folder]` builds into a folder (by default
 * node_modules/.cache/mycel-bundle/manual) and prints it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const BUNDLE_DIR_ENV = 'MYCEL_BUNDLE_DIR';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Inside node_modules (ignored by git), so the bundle's bare imports resolve from there. */
export const BUNDLE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'mycel-bundle');

/** Output name (without .js) → source entry. bin/*.js and fork-inference-worker.ts use these names. */
export const BUNDLE_ENTRIES: Readonly<Record<string, string>> = {
  mycel: 'packages/cli/src/bin/mycel.ts',
  opengrid: 'packages/cli/src/bin/opengrid.ts',
  devnet: 'packages/cli/src/bin/devnet.ts',
  'inference-worker': 'packages/grid/src/inference/inference-worker-main.ts',
};

/** Bare imports other than @mycel/* are left to Node at run time. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mycel/') || args.path.startsWith('/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Each source file keeps its own import.meta.url (and dirname, filename) inside the bundle. */
const sourceImportMeta: Plugin = {
  name: 'source-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(resolve(args.path, '..')))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      if (/\bimport\.meta\b/.test(contents)) {
        return { errors: [{ text: `${args.path}: an import.meta use the bundle cannot keep` }] };
      }
      return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
    });
  },
};

/** Builds every entry into `folder` (created if missing). Takes about a second. */
export async function buildBundle(folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.entries(BUNDLE_ENTRIES).map(([out, entry]) => ({ out, in: entry })),
    outdir: folder,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Renaming on collisions must not change what a class's or function's .name prints.
    keepNames: true,
    outExtension: { '.js': '.js' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [externalPackages, sourceImportMeta],
  });
  if (result.errors.length > 0) throw new Error(`the bundle did not build: ${result.errors[0]}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds a bundle for one test run in a folder of its own (runs in parallel must not overwrite
 * each other's files), named after this process so a later run can remove it if this one dies
 * without cleaning up. Returns the folder.
 */
export async function buildRunBundle(): Promise<string> {
  mkdirSync(BUNDLE_CACHE, { recursive: true });
  for (const name of readdirSync(BUNDLE_CACHE)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid)) {
      rmSync(join(BUNDLE_CACHE, name), { recursive: true, force: true });
    }
  }
  const folder = mkdtempSync(join(BUNDLE_CACHE, `run-${process.pid}-`));
  await buildBundle(folder);
  return folder;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = resolve(process.argv[2] ?? join(BUNDLE_CACHE, 'manual'));
  await buildBundle(folder);
  process.stdout.write(`${folder}\n`);
}
