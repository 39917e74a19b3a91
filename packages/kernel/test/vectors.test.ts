/**
 * The vectors on disk are exactly what the generator writes (so a change to the kernel that
 * alters any vector fails CI until the vectors are regenerated and reviewed), and every file has
 * the agreed shape. The per-area tests (vectors-<area>.test.ts) check the kernel against them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVectors, vectorDrift } from '../scripts/generate-vectors.js';
import {
  formatVector,
  listVectorFiles,
  readVectorText,
  type Vector,
} from '../scripts/vector-areas/vector-file.js';

const AREAS = ['did-key', 'ed25519', 'jcs', 'merkle', 'proof'];

describe('vector files', () => {
  const built = buildVectors();

  it('are what generate-vectors.ts writes (run `npm run vectors` after a deliberate change)', () => {
    expect(vectorDrift(built)).toEqual({ changed: [], added: [], removed: [] });
  });

  it('cover every area', () => {
    const areas = new Set(listVectorFiles().map((path) => path.split('/')[0]));
    expect([...areas].sort()).toEqual(AREAS);
  });

  it.each(listVectorFiles())(
    '%s is {description, input, expected}, two-space JSON, final newline',
    (path) => {
      const text = readVectorText(path);
      const vector = JSON.parse(text) as Vector;
      expect(Object.keys(vector)).toEqual(['description', 'input', 'expected']);
      expect(vector.description.length).toBeGreaterThan(20);
      expect(vector.input).toBeDefined();
      expect(vector.expected).toBeDefined();
      expect(text).toBe(formatVector(vector));
    },
  );
});

describe('vectorDrift (the --check mode)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vectors-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('names changed, added and removed files', () => {
    const expected = new Map([
      ['a/same.json', '{}\n'],
      ['a/edited.json', '{"x":1}\n'],
      ['b/new.json', '[]\n'],
    ]);
    for (const [path, text] of [
      ['a/same.json', '{}\n'],
      ['a/edited.json', '{"x":2}\n'],
      ['a/stale.json', '{}\n'],
    ] as const) {
      const target = join(directory, 'drift', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    expect(vectorDrift(expected, join(directory, 'drift'))).toEqual({
      changed: ['a/edited.json'],
      added: ['b/new.json'],
      removed: ['a/stale.json'],
    });
  });

  it('reports nothing for an exact copy, and every file as added when the directory is missing', () => {
    const exact = join(directory, 'exact');
    mkdirSync(join(exact, 'a'), { recursive: true });
    writeFileSync(join(exact, 'a', 'same.json'), '{}\n');
    const one = new Map([['a/same.json', '{}\n']]);
    expect(vectorDrift(one, exact)).toEqual({ changed: [], added: [], removed: [] });
    expect(vectorDrift(one, join(directory, 'missing'))).toEqual({
      changed: [],
      added: ['a/same.json'],
      removed: [],
    });
  });
});
