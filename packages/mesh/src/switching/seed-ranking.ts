/**
 * Finding the nearest coordinator from a seed list, in the spirit of DNS root hints: the caller
 * (a new node, a client) probes the seeds, records what it measured here, and ranks the seeds
 * nearest first. Results are cached (a node keeps them in its data folder) and expire after
 * SEED_CACHE_EXPIRY_MS, after which the seed is probed again. Pure: probes and the clock are the
 * caller's.
 */
import { ok } from '@mycel/kernel';
import {
  RTT_SAMPLE_MS_MAX,
  SEED_CACHE_EXPIRY_MS,
  SEED_URL_CHARS_MAX,
  SWITCH_COORDINATORS_MAX,
} from '../limits.js';
import { type MeshResult, meshFail } from '../mesh-error.js';

/** What one probe of a seed found: its RTT, or null when it did not answer. */
export interface SeedEntry {
  readonly url: string;
  readonly rttMs: number | null;
  readonly atMs: number;
}

export interface SeedRanking {
  /** Fresh answers nearest first, then seeds not measured (in list order), then fresh failures. */
  readonly ranked: readonly string[];
  /** Seeds with no fresh result: probe these. */
  readonly toProbe: readonly string[];
}

/** A seed list as given by an operator: 1..SWITCH_COORDINATORS_MAX http(s) URLs, duplicates dropped. */
export function checkSeedList(seeds: unknown): MeshResult<string[]> {
  if (!Array.isArray(seeds) || seeds.length === 0) {
    return meshFail('seed_list_invalid', 'a seed list names at least one coordinator URL');
  }
  if (seeds.length > SWITCH_COORDINATORS_MAX) {
    return meshFail(
      'seed_list_invalid',
      `a seed list holds at most ${SWITCH_COORDINATORS_MAX} URLs`,
    );
  }
  const unique: string[] = [];
  for (const seed of seeds) {
    if (!isHttpUrl(seed)) {
      return meshFail('seed_list_invalid', `${JSON.stringify(seed)} is not an http(s) URL`);
    }
    const url = withoutTrailingSlash(seed);
    if (!unique.includes(url)) unique.push(url);
  }
  return ok(unique);
}

/** The cache after one probe: the seed's entry replaced (probes of unlisted URLs are kept too). */
export function recordProbe(
  cache: readonly SeedEntry[],
  url: string,
  rttMs: number | null,
  nowMs: number,
): SeedEntry[] {
  const key = withoutTrailingSlash(url);
  const usable =
    rttMs !== null && Number.isFinite(rttMs) && rttMs > 0 && rttMs <= RTT_SAMPLE_MS_MAX;
  const entry: SeedEntry = { url: key, rttMs: usable ? rttMs : null, atMs: nowMs };
  const rest = cache.filter((known) => known.url !== key);
  return [...rest, entry].slice(-SWITCH_COORDINATORS_MAX);
}

/** Ranks the seeds by what the cache knows at `nowMs`. */
export function rankSeeds(
  seeds: readonly string[],
  cache: readonly SeedEntry[],
  nowMs: number,
  expiryMs: number = SEED_CACHE_EXPIRY_MS,
): SeedRanking {
  const fresh = new Map<string, SeedEntry>();
  for (const entry of cache) {
    if (nowMs - entry.atMs < expiryMs && entry.atMs <= nowMs) fresh.set(entry.url, entry);
  }
  const answered: SeedEntry[] = [];
  const unknown: string[] = [];
  const failed: string[] = [];
  for (const seed of seeds) {
    const entry = fresh.get(withoutTrailingSlash(seed));
    if (entry === undefined) unknown.push(seed);
    else if (entry.rttMs === null) failed.push(seed);
    else answered.push(entry);
  }
  answered.sort((a, b) => (a.rttMs ?? 0) - (b.rttMs ?? 0) || (a.url < b.url ? -1 : 1));
  const byUrl = new Map(seeds.map((seed) => [withoutTrailingSlash(seed), seed]));
  return {
    ranked: [...answered.map((entry) => byUrl.get(entry.url) ?? entry.url), ...unknown, ...failed],
    toProbe: unknown,
  };
}

/** A cache read back from disk (a file anyone with access to the folder could have edited). */
export function readSeedCache(value: unknown): MeshResult<SeedEntry[]> {
  if (!Array.isArray(value) || value.length > SWITCH_COORDINATORS_MAX) {
    return meshFail(
      'seed_cache_malformed',
      `the cache is not a list of at most ${SWITCH_COORDINATORS_MAX} entries`,
    );
  }
  const entries: SeedEntry[] = [];
  for (const item of value) {
    const entry = item as Partial<SeedEntry> | null;
    const rttOk =
      entry?.rttMs === null ||
      (typeof entry?.rttMs === 'number' &&
        Number.isFinite(entry.rttMs) &&
        entry.rttMs > 0 &&
        entry.rttMs <= RTT_SAMPLE_MS_MAX);
    if (
      typeof entry !== 'object' ||
      entry === null ||
      !isHttpUrl(entry.url) ||
      !rttOk ||
      typeof entry.atMs !== 'number' ||
      !Number.isSafeInteger(entry.atMs) ||
      entry.atMs < 0
    ) {
      return meshFail(
        'seed_cache_malformed',
        `entry ${JSON.stringify(item)} is not {url, rttMs, atMs}`,
      );
    }
    entries.push({
      url: withoutTrailingSlash(entry.url),
      rttMs: entry.rttMs ?? null,
      atMs: entry.atMs,
    });
  }
  return ok(entries);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > SEED_URL_CHARS_MAX) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
