/**
 * Vitest globalSetup: builds the CLI and inference-worker bundle once per run and hands its
 * folder to every test worker as MYCEL_BUNDLE_DIR, so the CLI processes, grid services and
 * inference workers that tests start skip tsx (docs/decisions/0013-tests-run-the-bundled-cli.md).
 *
 * MYCEL_BUNDLE_DIR already set to a folder: that bundle is used as it is. Set but empty
 * (`MYCEL_BUNDLE_DIR= npx vitest run`): nothing is built and every child runs through tsx.
 */
import { rmSync } from 'node:fs';
import { BUNDLE_DIR_ENV, buildRunBundle } from './build-bundle.js';

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env[BUNDLE_DIR_ENV] !== undefined) return undefined;
  const folder = await buildRunBundle();
  process.env[BUNDLE_DIR_ENV] = folder;
  return () => {
    delete process.env[BUNDLE_DIR_ENV];
    rmSync(folder, { recursive: true, force: true });
  };
}
