#!/usr/bin/env node
// Runs the TypeScript entry point through tsx, so `npx mycel` works straight after `npm install`.
// The test run sets MYCEL_BUNDLE_DIR to a prebuilt esbuild bundle and this loads that instead
// (docs/decisions/0013-tests-run-the-bundled-cli.md); children it starts inherit the variable.
const bundle = process.env.MYCEL_BUNDLE_DIR;
if (bundle) {
  const { pathToFileURL } = await import('node:url');
  await import(pathToFileURL(`${bundle}/mycel.js`).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/bin/mycel.ts');
}
