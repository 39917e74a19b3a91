/**
 * A client's seed list of coordinators (docs/spec/mmp-switching.md §5): each is probed once with
 * `GET /healthz` (at once, within the open's deadline), and the list comes back nearest first by
 * mesh's seed ranking (answers by RTT, then the silent ones in the order given). openSession asks
 * the first and falls back to the next when a coordinator does not answer; a resume does the same.
 */
import { checkSeedList, rankSeeds, recordProbe, type SeedEntry } from '@mycel/mesh';
import { COORDINATOR_PATHS } from '@mycel/wire';
import { Deadline } from './deadline.js';
import { OpenGridError } from './errors.js';
import { type HttpContext, requestJson } from './http-json.js';
import { SEED_PROBE_TIMEOUT_MS } from './limits.js';

/** Checks a caller's seed list (sdk_option_invalid) without probing it. */
export function checkCoordinators(seeds: unknown): string[] {
  const checked = checkSeedList(seeds);
  if (!checked.ok) {
    throw new OpenGridError('sdk_option_invalid', `coordinators: ${checked.error.message}`);
  }
  return checked.value;
}

/** The seeds, nearest first, after one probe of each. */
export async function nearestCoordinators(
  seeds: readonly string[],
  context: HttpContext,
): Promise<string[]> {
  if (seeds.length < 2) return [...seeds];
  const probes = await Promise.all(seeds.map((url) => probeRttMs(url, context)));
  let cache: SeedEntry[] = [];
  const nowMs = Date.now();
  seeds.forEach((url, index) => {
    cache = recordProbe(cache, url, probes[index] ?? null, nowMs);
  });
  return [...rankSeeds(seeds, cache, nowMs).ranked];
}

async function probeRttMs(url: string, context: HttpContext): Promise<number | null> {
  const deadline = new Deadline(
    Math.max(1, Math.min(SEED_PROBE_TIMEOUT_MS, context.deadline.remainingMs())),
    context.deadline.signal,
    'probing a coordinator',
  );
  const startedMs = performance.now();
  try {
    const answer = await requestJson(
      `${url}${COORDINATOR_PATHS.health}`,
      { method: 'GET' },
      { ...context, deadline },
    );
    return answer.status === 200 ? Math.max(0.01, performance.now() - startedMs) : null;
  } catch {
    return null;
  } finally {
    deadline.dispose();
  }
}
