/**
 * The on-disk shape of protocol vectors: packages/kernel/vectors/<area>/<case>.json, each
 * `{ description, input, expected }`, pretty-printed with two spaces and a final newline. The
 * generator and the tests share these helpers so both read and write the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../src/index.js';

export interface Vector<Input = JsonValue, Expected = JsonValue> {
  /** What the case checks and where its data comes from (RFC section, repository file). */
  readonly description: string;
  readonly input: Input;
  readonly expected: Expected;
}

/** Absolute path of packages/kernel/vectors. */
export const VECTORS_DIRECTORY = fileURLToPath(new URL('../../vectors/', import.meta.url));

const CASE_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The exact file text for a vector: two-space JSON and a final newline. */
export function formatVector(vector: Vector): string {
  return `${JSON.stringify(vector, null, 2)}\n`;
}

/** `<area>/<case>.json`, with both names checked so a typo cannot make a stray directory. */
export function vectorPath(area: string, caseName: string): string {
  if (!CASE_NAME_PATTERN.test(area) || !CASE_NAME_PATTERN.test(caseName)) {
    throw new Error(`vector names are kebab-case: ${area}/${caseName}`);
  }
  return `${area}/${caseName}.json`;
}

/** Every `.json` file under the vectors directory, as `<area>/<case>.json` with `/` separators. */
export function listVectorFiles(directory: string = VECTORS_DIRECTORY): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json'))
        files.push(relative(directory, path).split(sep).join('/'));
    }
  };
  try {
    walk(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return files.sort();
}

export function readVectorText(path: string, directory: string = VECTORS_DIRECTORY): string {
  return readFileSync(join(directory, path), 'utf8');
}

/**
 * The vectors of one area, read from disk: [case name, vector] pairs in file-name order. The type
 * parameters describe the area's input and expected shapes; they are not checked at run time.
 */
export function readVectorArea<Input = JsonValue, Expected = JsonValue>(
  area: string,
  directory: string = VECTORS_DIRECTORY,
): [string, Vector<Input, Expected>][] {
  return listVectorFiles(directory)
    .filter((path) => path.startsWith(`${area}/`))
    .map((path) => {
      const vector = JSON.parse(readVectorText(path, directory)) as Vector<Input, Expected>;
      return [path.slice(area.length + 1, -'.json'.length), vector];
    });
}
