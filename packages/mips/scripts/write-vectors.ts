/**
 * Freezes each reality MIP's hand-picked cases into JSON vectors under packages/mips/vectors/
 * (`npm run vectors`): one file per case, `{description, input, expected}`, where `input` is the
 * proof, the raw evidence as UTF-8 text and the verification time, and `expected` is what
 * verifyReality returns. Another implementation of a MIP must reproduce `expected` from `input`.
 *
 *   node --import tsx packages/mips/scripts/write-vectors.ts          write every file
 *   node --import tsx packages/mips/scripts/write-vectors.ts --check  write nothing; exit 1 listing drift
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { digestOf, type JsonValue } from '@mycel/kernel';
import type { MipModule, VectorCase } from '../src/index.js';
import { REALITY_MIPS, verifyReality } from '../src/index.js';

export const MIP_VECTORS_DIRECTORY = fileURLToPath(new URL('../vectors/', import.meta.url));

export interface MipVector {
  readonly description: string;
  readonly input: JsonValue;
  readonly expected: JsonValue;
}

/** `mip-enr/generation-interval@1.0.0` → `mip-enr-generation-interval-1.0.0`. */
export function mipDirectory(mip: string): string {
  return mip.replace('/', '-').replace('@', '-');
}

export function vectorInput(vector: VectorCase): JsonValue {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    proof: vector.case.proof as unknown as JsonValue,
    evidence: vector.case.evidence.map((piece) => ({
      mediaType: piece.mediaType,
      digest: digestOf(piece.bytes),
      text: decoder.decode(piece.bytes),
    })),
    nowMs: vector.case.context.nowMs,
  };
}

/** What verifyReality returns for a vector's input, as JSON. */
export function expectedOf(module: MipModule, input: JsonValue): JsonValue {
  const { proof, evidence, nowMs } = input as {
    proof: never;
    evidence: { text: string }[];
    nowMs: number;
  };
  const supplied = new Map(
    evidence.map((piece) => {
      const bytes = new TextEncoder().encode(piece.text);
      return [digestOf(bytes), bytes] as const;
    }),
  );
  const result = verifyReality(module, proof, supplied, { nowMs });
  if (!result.ok) return { ok: false, code: result.error.code };
  const { verdict, p, interval, method, checks, reason, settle } = result.value;
  return JSON.parse(
    JSON.stringify({
      ok: true,
      verdict,
      p,
      interval,
      method,
      reason,
      settle,
      checks: checks.map((check) => ({
        name: check.name,
        logLikelihoodRatio: check.logLikelihoodRatio,
      })),
    }),
  ) as JsonValue;
}

export function buildMipVectors(modules = REALITY_MIPS): Map<string, MipVector> {
  const files = new Map<string, MipVector>();
  for (const module of modules) {
    for (const vector of module.vectors()) {
      const input = vectorInput(vector);
      files.set(`${mipDirectory(module.id)}/${vector.name}.json`, {
        description: vector.description,
        input,
        expected: expectedOf(module, input),
      });
    }
  }
  return files;
}

export function formatMipVector(vector: MipVector): string {
  return `${JSON.stringify(vector, null, 2)}\n`;
}

export function listMipVectorFiles(): string[] {
  if (!existsSync(MIP_VECTORS_DIRECTORY)) return [];
  return readdirSync(MIP_VECTORS_DIRECTORY, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json'))
    .map((path) => path.split('\\').join('/'))
    .sort();
}

export function mipVectorDrift(built: Map<string, MipVector>) {
  const onDisk = new Set(listMipVectorFiles());
  const changed: string[] = [];
  const added: string[] = [];
  for (const [path, vector] of built) {
    if (!onDisk.has(path)) added.push(path);
    else if (readFileSync(join(MIP_VECTORS_DIRECTORY, path), 'utf8') !== formatMipVector(vector))
      changed.push(path);
  }
  const removed = [...onDisk].filter((path) => !built.has(path));
  return { changed, added, removed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = buildMipVectors();
  if (process.argv.includes('--check')) {
    const drift = mipVectorDrift(built);
    const all = [...drift.changed, ...drift.added, ...drift.removed];
    for (const path of all) process.stdout.write(`${path}\n`);
    process.exit(all.length === 0 ? 0 : 1);
  }
  for (const path of listMipVectorFiles()) rmSync(join(MIP_VECTORS_DIRECTORY, path));
  for (const [path, vector] of built) {
    const target = join(MIP_VECTORS_DIRECTORY, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, formatMipVector(vector));
  }
  process.stdout.write(`wrote ${built.size} MIP vectors under ${MIP_VECTORS_DIRECTORY}\n`);
}
