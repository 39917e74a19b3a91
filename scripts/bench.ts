/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts. Each benchmark prints how to
 * reproduce it and, as its last line, one JSON object (../shared/design/BENCHMARKS.md).
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../bench/', import.meta.url));
const name = process.argv[2];
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.ts') && !file.includes('.test.'))
  .map((file) => file.replace(/\.ts$/, ''));

if (name === undefined || !/^[a-z0-9-]+$/.test(name) || !existsSync(`${folder}${name}.ts`)) {
  process.stderr.write(
    `usage: npm run bench -- <name> [options]\navailable: ${available.join(', ')}\n`,
  );
  process.exit(2);
}
process.argv.splice(2, 1);
await import(`${folder}${name}.ts`);
