/**
 * The MIP vectors on disk are what write-vectors.ts produces, and each one's `expected` follows
 * from its `input` alone, as another implementation would compute it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildMipVectors,
  expectedOf,
  listMipVectorFiles,
  MIP_VECTORS_DIRECTORY,
  type MipVector,
  mipDirectory,
  mipVectorDrift,
} from '../scripts/write-vectors.js';
import { REALITY_MIPS } from '../src/index.js';

describe('MIP vectors', () => {
  it('are what write-vectors.ts writes (run `npm run vectors` after a deliberate change)', () => {
    expect(mipVectorDrift(buildMipVectors())).toEqual({ changed: [], added: [], removed: [] });
  });

  it('exist for every reality MIP, with a passing and a failing case', () => {
    for (const module of REALITY_MIPS) {
      const files = listMipVectorFiles().filter((path) =>
        path.startsWith(`${mipDirectory(module.id)}/`),
      );
      const verdicts = files.map((path) => {
        const vector = JSON.parse(readFileSync(join(MIP_VECTORS_DIRECTORY, path), 'utf8'));
        return (vector as MipVector & { expected: { verdict?: string } }).expected.verdict;
      });
      expect(verdicts, module.id).toContain('pass');
      expect(
        verdicts.some((verdict) => verdict !== 'pass'),
        module.id,
      ).toBe(true);
    }
  });

  it.each(listMipVectorFiles())('%s: expected follows from input', (path) => {
    const vector = JSON.parse(readFileSync(join(MIP_VECTORS_DIRECTORY, path), 'utf8')) as MipVector;
    const module = REALITY_MIPS.find((candidate) =>
      path.startsWith(`${mipDirectory(candidate.id)}/`),
    );
    expect(module).toBeDefined();
    expect(expectedOf(module!, vector.input)).toEqual(vector.expected);
  });
});
