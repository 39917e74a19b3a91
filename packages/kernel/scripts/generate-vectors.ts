/**
 * Regenerates the protocol vectors under packages/kernel/vectors/ (`npm run vectors`).
 *
 *   node --import tsx packages/kernel/scripts/generate-vectors.ts          write every file
 *   node --import tsx packages/kernel/scripts/generate-vectors.ts --check  write nothing; exit 1
 *                                                                          listing every file that
 *                                                                          would change, be added
 *                                                                          or be removed
 *
 * Deterministic: fixed seeds and times, no clock, no randomness, so CI can check that nothing
 * changed (test/vectors.test.ts compares buildVectors() with the files on disk).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { didKeyVectors } from './vector-areas/did-key-vectors.js';
import { ed25519Vectors } from './vector-areas/ed25519-vectors.js';
import { jcsVectors } from './vector-areas/jcs-vectors.js';
import { merkleVectors } from './vector-areas/merkle-vectors.js';
import { proofVectors } from './vector-areas/proof-vectors.js';
import {
  formatVector,
  listVectorFiles,
  readVectorText,
  VECTORS_DIRECTORY,
  type Vector,
  vectorPath,
} from './vector-areas/vector-file.js';

const AREAS: readonly [string, () => Map<string, Vector>][] = [
  ['jcs', jcsVectors],
  ['ed25519', ed25519Vectors],
  ['did-key', didKeyVectors],
  ['merkle', merkleVectors],
  ['proof', proofVectors],
];

/** Every vector file: `<area>/<case>.json` → its exact text, sorted by path. */
export function buildVectors(): Map<string, string> {
  const files: [string, string][] = [];
  for (const [area, build] of AREAS) {
    for (const [caseName, vector] of build())
      files.push([vectorPath(area, caseName), formatVector(vector)]);
  }
  files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(files);
}

export interface VectorDrift {
  readonly changed: string[];
  readonly added: string[];
  readonly removed: string[];
}

/** How the files on disk differ from `expected` (paths relative to the vectors directory). */
export function vectorDrift(
  expected: ReadonlyMap<string, string>,
  directory = VECTORS_DIRECTORY,
): VectorDrift {
  const onDisk = new Set(listVectorFiles(directory));
  const drift: VectorDrift = { changed: [], added: [], removed: [] };
  for (const [path, text] of expected) {
    if (!onDisk.has(path)) drift.added.push(path);
    else if (readVectorText(path, directory) !== text) drift.changed.push(path);
  }
  for (const path of onDisk) if (!expected.has(path)) drift.removed.push(path);
  return drift;
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const vectors = buildVectors();
  const drift = vectorDrift(vectors);
  const stale = [...drift.changed, ...drift.added, ...drift.removed];
  if (check) {
    if (stale.length === 0) {
      console.log(`vectors: ${vectors.size} files, all up to date`);
      return 0;
    }
    for (const path of drift.changed) console.log(`changed  ${path}`);
    for (const path of drift.added) console.log(`added    ${path}`);
    for (const path of drift.removed) console.log(`removed  ${path}`);
    console.log(
      `vectors: ${stale.length} of ${vectors.size} files out of date; run npm run vectors`,
    );
    return 1;
  }
  for (const path of [...drift.changed, ...drift.added]) {
    const target = join(VECTORS_DIRECTORY, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, vectors.get(path)!);
  }
  for (const path of drift.removed) rmSync(join(VECTORS_DIRECTORY, path));
  console.log(
    `vectors: ${vectors.size} files (${drift.changed.length} changed, ${drift.added.length} added, ` +
      `${drift.removed.length} removed)`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
