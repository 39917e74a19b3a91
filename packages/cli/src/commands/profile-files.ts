/**
 * The files `mycel profile certify` reads. A proofs argument is a file (one proof, or a JSON
 * array of proofs) or a folder: then every `*.json` file in it and its subfolders that holds a
 * proof envelope or an array of them; other JSON files there (evidence, adverts) are skipped and
 * counted. An advert file holds one advert or an array of them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonValue, parseJsonBytes } from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { readInputFile } from '../files.js';

function readJsonFile(path: string): JsonValue {
  const parsed = parseJsonBytes(readInputFile(path));
  if (!parsed.ok)
    throw new CliError('file_unreadable', `${path} is not JSON: ${parsed.error.message}`);
  return parsed.value;
}

function looksLikeProof(value: JsonValue): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    value.kind === undefined &&
    typeof value.mip === 'string' &&
    value.claim !== undefined
  );
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new CliError('file_unreadable', `cannot read ${path}`);
  }
}

/** Every `*.json` file in `folder` and its subfolders, in name order. */
function jsonFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(folder, name))
    .filter((file) => !isFolder(file));
}

export interface ReadProofs {
  readonly proofs: JsonValue[];
  /** JSON files in the given folders that hold no proof. */
  readonly skipped: number;
}

export function readProofs(paths: readonly string[]): ReadProofs {
  const proofs: JsonValue[] = [];
  let skipped = 0;
  for (const path of paths) {
    if (!isFolder(path)) {
      const value = readJsonFile(path);
      proofs.push(...(Array.isArray(value) ? value : [value]));
      continue;
    }
    for (const file of jsonFilesUnder(path)) {
      const value = readJsonFile(file);
      const list = Array.isArray(value) ? value : [value];
      if (list.length > 0 && list.every(looksLikeProof)) proofs.push(...list);
      else skipped++;
    }
  }
  return { proofs, skipped };
}

export function readAdverts(paths: readonly string[]): JsonValue[] {
  return paths.flatMap((path) => {
    const value = readJsonFile(path);
    return Array.isArray(value) ? value : [value];
  });
}
