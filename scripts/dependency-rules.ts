/**
 * The rules behind scripts/dependency-direction.test.ts: the package graph of ARCHITECTURE §3
 * and what the deterministic kernel may not touch.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Which workspace packages each package may import (ARCHITECTURE §3). */
export const ALLOWED_DEPENDENCIES: Record<string, readonly string[]> = {
  kernel: [],
  mips: ['kernel'],
  store: ['kernel'],
  mesh: ['kernel'],
  wire: ['kernel'],
  grid: ['kernel', 'mesh', 'store', 'mips', 'wire'],
  ingest: ['kernel', 'mips', 'store'],
  sdk: ['kernel', 'mesh', 'wire'],
  sim: ['kernel', 'mips', 'store', 'mesh', 'wire', 'grid', 'ingest', 'sdk'],
  cli: ['kernel', 'mips', 'store', 'mesh', 'wire', 'grid', 'ingest', 'sdk', 'sim'],
  dashboard: ['sdk'],
};

const IMPORT_PATTERN =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT_PATTERN)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/** Problems with one package's imports, as readable lines (empty when it keeps the rules). */
export function importViolations(
  packageName: string,
  files: readonly { path: string; text: string }[],
  packageRoot: string,
): string[] {
  const allowed = ALLOWED_DEPENDENCIES[packageName];
  if (allowed === undefined)
    return [
      `${packageName}: not in the package graph (add it to ALLOWED_DEPENDENCIES and ARCHITECTURE)`,
    ];
  const problems: string[] = [];
  for (const { path, text } of files) {
    for (const specifier of importsOf(text)) {
      const where = `${packageName}/${relative(packageRoot, path)} imports ${specifier}`;
      const workspace = /^@mycel\/([a-z-]+)/.exec(specifier)?.[1];
      if (workspace !== undefined && workspace !== packageName && !allowed.includes(workspace)) {
        problems.push(`${where}: ${packageName} may not depend on ${workspace}`);
      }
      if (/^@mycel\/[a-z-]+\//.test(specifier))
        problems.push(`${where}: deep import (use the package's index)`);
      if (specifier.startsWith('.') && !resolve(path, '..', specifier).startsWith(packageRoot)) {
        problems.push(`${where}: reaches outside its package`);
      }
    }
  }
  return problems;
}

const KERNEL_FORBIDDEN: readonly [RegExp, string][] = [
  [/Date\.now\(/, 'reads the clock'],
  [/new Date\(\s*\)/, 'reads the clock'],
  [/performance\.now\(/, 'reads the clock'],
  [/Math\.random\(/, 'uses randomness'],
  [/random(Bytes|UUID|Int|Fill)\(/, 'uses randomness'],
  [/generateKeyPair/, 'uses randomness'],
  [/process\.(env|argv|exit|hrtime)/, 'reads the process environment'],
  [/set(Timeout|Interval|Immediate)\(/, 'uses timers'],
];
const KERNEL_ALLOWED_MODULES = new Set([
  'node:crypto',
  '@sinclair/typebox',
  '@sinclair/typebox/compiler',
  'canonicalize',
  // Policy rules are CEL: side-effect free, no clock, no I/O (docs/decisions/0014).
  '@marcbachmann/cel-js',
]);

export function kernelPurityViolations(
  files: readonly { path: string; text: string }[],
  root: string,
): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const [pattern, what] of KERNEL_FORBIDDEN) {
      if (pattern.test(code)) problems.push(`${relative(root, path)} ${what} (${pattern})`);
    }
    for (const specifier of importsOf(text)) {
      if (!specifier.startsWith('.') && !KERNEL_ALLOWED_MODULES.has(specifier)) {
        problems.push(
          `${relative(root, path)} imports ${specifier}: the kernel uses only node:crypto, TypeBox, canonicalize and cel-js`,
        );
      }
    }
  }
  return problems;
}
