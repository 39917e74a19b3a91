/** `npm run spec`: writes docs/spec/schemas/*.json and docs/spec/error-codes.md from the code. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildSpecFiles, SPEC_FOLDER } from './spec-files.js';

mkdirSync(new URL('schemas/', SPEC_FOLDER), { recursive: true });
for (const [path, text] of buildSpecFiles()) {
  writeFileSync(new URL(path, SPEC_FOLDER), text);
  process.stdout.write(`wrote docs/spec/${path}\n`);
}
