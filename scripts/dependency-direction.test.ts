/**
 * The package graph is the architecture (docs/decisions/0001-package-graph.md, from
 * ARCHITECTURE §3): an import never points against the arrows, no file reaches into another
 * package's folder, and the kernel stays deterministic (no clock, randomness, network, files).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_DEPENDENCIES,
  importViolations,
  kernelPurityViolations,
  sourceFiles,
} from './dependency-rules.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = join(ROOT, 'packages');

function readSources(folder: string): { path: string; text: string }[] {
  return sourceFiles(folder).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

const packageNames = readdirSync(PACKAGES).filter((name) =>
  statSync(join(PACKAGES, name)).isDirectory(),
);

describe('dependency direction', () => {
  for (const name of packageNames) {
    it(`${name} imports only what the package graph allows`, () => {
      const root = join(PACKAGES, name);
      const files = readSources(join(root, 'src'));
      expect(importViolations(name, files, root)).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((dependency) => dependency.startsWith('@mycel/'))
        .map((dependency) => dependency.slice('@mycel/'.length));
      expect(
        declared.filter((dependency) => !(ALLOWED_DEPENDENCIES[name] ?? []).includes(dependency)),
      ).toEqual([]);
    });
  }

  it('catches an import against the arrows, a deep import and an escape from the package', () => {
    const root = '/repo/packages/kernel';
    const files = [
      { path: `${root}/src/a.ts`, text: "import { openLogStore } from '@mycel/store';" },
      { path: `${root}/src/b.ts`, text: "export { x } from '@mycel/kernel/src/x.js';" },
      { path: `${root}/src/c.ts`, text: "const m = await import('../../cli/src/program.js');" },
    ];
    const problems = importViolations('kernel', files, root);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('kernel may not depend on store');
    expect(problems[1]).toContain('deep import');
    expect(problems[2]).toContain('reaches outside its package');
    expect(
      importViolations(
        'store',
        [{ path: '/repo/packages/store/src/a.ts', text: "import { ok } from '@mycel/kernel';" }],
        '/repo/packages/store',
      ),
    ).toEqual([]);
    expect(importViolations('unknown', [], '/x')).toHaveLength(1);
  });
});

describe('kernel purity', () => {
  it('has no clock, randomness, timers, environment or I/O modules in packages/kernel/src', () => {
    const files = readSources(join(PACKAGES, 'kernel', 'src')).filter(
      (file) => !file.path.endsWith('.test.ts'),
    );
    expect(kernelPurityViolations(files, ROOT)).toEqual([]);
  });

  it('catches each kind of impurity', () => {
    const files = [
      { path: `${ROOT}packages/kernel/src/x.ts`, text: 'const t = Date.now();' },
      {
        path: `${ROOT}packages/kernel/src/y.ts`,
        text: "import { readFileSync } from 'node:fs';\nconst r = Math.random();",
      },
      {
        path: `${ROOT}packages/kernel/src/z.ts`,
        text: '// Date.now() in a comment is fine\nconst d = new Date(0);',
      },
    ];
    const problems = kernelPurityViolations(files, ROOT);
    expect(problems.some((problem) => problem.includes('x.ts reads the clock'))).toBe(true);
    expect(problems.some((problem) => problem.includes('y.ts uses randomness'))).toBe(true);
    expect(problems.some((problem) => problem.includes('y.ts imports node:fs'))).toBe(true);
    expect(problems.some((problem) => problem.includes('z.ts'))).toBe(false);
  });
});
