/**
 * `opengrid devnet --story madurai` (`npm start -- --story madurai`): the founding story of
 * ARCHITECTURE §6 on the measured matrix. The WonderNetwork 2018 data has neither Madurai nor
 * Mumbai, so their nearest cities play them: a node in Bangalore is attached to a coordinator in
 * Pune; a tutor session from Bangalore runs on it; then a coordinator starts in Chennai, clearly
 * nearer (9 ms against 21-26 ms measured), and the node moves to it within a bound while the
 * session keeps answering turns (docs/spec/mmp-switching.md §7). The two coordinators share one
 * SQLite session store, which is how Chennai adopts the running session (decision 0011).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCoordinatorKey } from '@mycel/grid';
import type { JsonValue } from '@mycel/kernel';
import { emulationFromMatrix } from '@mycel/mesh';
import { openSession } from '@mycel/sdk';
import { CliError } from '../cli-error.js';
import { DEFAULT_MATRIX_FOLDER, loadLatencyMatrix } from '../grid/emulation-option.js';
import {
  DEVNET_REGISTRATION_MS,
  STORY_LOSS_GRACE_MS,
  STORY_SEED_PROBE_INTERVAL_MS,
  STORY_SWITCH_HOLD_DOWN_MS,
  STORY_SWITCH_MS_MAX,
} from '../limits.js';
import { type ChildService, startChildService } from './child-service.js';
import { freeLoopbackPort } from './free-port.js';
import { listNodes, waitFor, waitForNodesAlive } from './node-listing.js';

export const STORY_NODE_CITY = 'Bangalore';
export const STORY_FIRST_CITY = 'Pune';
export const STORY_NEAR_CITY = 'Chennai';

export interface MaduraiStoryOptions {
  readonly dataDir: string;
  readonly matrixFolder?: string;
  readonly logLevel: string;
  readonly progress?: (line: string) => void;
}

export interface MaduraiStorySummary {
  readonly story: 'madurai';
  readonly node: { readonly city: string; readonly playing: 'Madurai'; readonly did: string };
  readonly from: { readonly city: string; readonly playing: 'Mumbai'; readonly url: string };
  readonly to: { readonly city: string; readonly url: string };
  /** Measured RTTs of the matrix between the node's city and each coordinator's. */
  readonly matrixRttMs: { readonly from: number; readonly to: number };
  /** From the Chennai coordinator's ready line to the node registered there. */
  readonly switchMs: number;
  readonly switchBoundMs: number;
  readonly turnsBefore: number;
  readonly turnsAfter: number;
  /** The session answered every turn after the switch without moving to another node. */
  readonly sessionCarriedOn: boolean;
  readonly elapsedMs: number;
}

const ANSWERS: readonly JsonValue[] = ['start', 'b', 'a', 'c'];

export async function runMaduraiStory(options: MaduraiStoryOptions): Promise<MaduraiStorySummary> {
  const startedMs = Date.now();
  const progress = options.progress ?? (() => {});
  const matrixFolder = options.matrixFolder ?? DEFAULT_MATRIX_FOLDER;
  const matrix = loadLatencyMatrix(matrixFolder);
  const rtt = (a: string, b: string) =>
    matrix.rttMs(matrix.indexOf(a)!, matrix.indexOf(b)!) ?? Number.NaN;
  const folder = join(options.dataDir, 'story-madurai');
  mkdirSync(folder, { recursive: true });
  const shared = join(folder, 'shared-sessions.sqlite');
  const common = ['--matrix', matrixFolder, '--log-level', options.logLevel];
  const services: ChildService[] = [];
  const coordinator = (city: string, port: number) =>
    startChildService(`coordinator ${city}`, [
      'coordinator',
      'start',
      '--data',
      join(folder, `coordinator-${city.toLowerCase()}`),
      '--label',
      city,
      '--port',
      String(port),
      '--city',
      city,
      '--sessions-sqlite',
      shared,
      ...common,
    ]);
  try {
    const nearDid = (
      await loadCoordinatorKey(join(folder, `coordinator-${STORY_NEAR_CITY.toLowerCase()}`))
    ).key.did;
    const nearPort = await freeLoopbackPort();
    const nearUrl = `http://127.0.0.1:${nearPort}`;
    progress(`a coordinator in ${STORY_FIRST_CITY} (playing Mumbai)`);
    const first = await coordinator(STORY_FIRST_CITY, 0);
    services.push(first);
    progress(
      `a node in ${STORY_NODE_CITY} (playing Madurai), seed list ${first.url} and ${nearUrl} (not up yet)`,
    );
    const node = await startChildService('node', [
      'node',
      'start',
      '--coordinator',
      first.url,
      '--coordinator',
      nearUrl,
      '--trust-coordinator',
      first.did,
      '--trust-coordinator',
      nearDid,
      '--data',
      join(folder, 'node'),
      '--label',
      STORY_NODE_CITY,
      '--city',
      STORY_NODE_CITY,
      '--workers',
      '1',
      '--seed-probe-interval-ms',
      String(STORY_SEED_PROBE_INTERVAL_MS),
      '--switch-hold-down-ms',
      String(STORY_SWITCH_HOLD_DOWN_MS),
      '--coordinator-loss-grace-ms',
      String(STORY_LOSS_GRACE_MS),
      ...common,
    ]);
    services.push(node);
    await waitForNodesAlive(first.url, [node.did], DEVNET_REGISTRATION_MS);
    const session = await openSession({
      agent: 'tutor',
      coordinator: first.url,
      emulation: emulationFromMatrix(matrix, STORY_NODE_CITY),
      probeLandmarks: false,
      label: STORY_NODE_CITY,
    });
    let moved = false;
    const turn = async (input: JsonValue) => {
      for await (const _chunk of session.send(input)) {
        // The tutor's reply streams; the story only needs it answered.
      }
    };
    try {
      await turn(ANSWERS[0]!);
      progress(`a tutor session from ${STORY_NODE_CITY} answered its first turn on ${node.url}`);
      const near = await coordinator(STORY_NEAR_CITY, nearPort);
      services.push(near);
      const nearStartedMs = Date.now();
      progress(
        `a coordinator starts in ${STORY_NEAR_CITY}: ${rtt(STORY_NODE_CITY, STORY_NEAR_CITY)} ms away instead of ${rtt(STORY_NODE_CITY, STORY_FIRST_CITY)} ms`,
      );
      await waitFor(`the switch to ${STORY_NEAR_CITY}`, STORY_SWITCH_MS_MAX, async () =>
        (await listNodes(near.url)).some((row) => row.did === node.did && row.state === 'alive'),
      );
      const switchMs = Date.now() - nearStartedMs;
      progress(`the node moved to ${STORY_NEAR_CITY} in ${switchMs} ms`);
      for (const input of ANSWERS.slice(1)) await turn(input);
      moved = session.node.did !== node.did;
      progress(`the session answered ${ANSWERS.length - 1} more turns on the same node`);
      return {
        story: 'madurai',
        node: { city: STORY_NODE_CITY, playing: 'Madurai', did: node.did },
        from: { city: STORY_FIRST_CITY, playing: 'Mumbai', url: first.url },
        to: { city: STORY_NEAR_CITY, url: near.url },
        matrixRttMs: {
          from: rtt(STORY_NODE_CITY, STORY_FIRST_CITY),
          to: rtt(STORY_NODE_CITY, STORY_NEAR_CITY),
        },
        switchMs,
        switchBoundMs: STORY_SWITCH_MS_MAX,
        turnsBefore: 1,
        turnsAfter: ANSWERS.length - 1,
        sessionCarriedOn: !moved,
        elapsedMs: Date.now() - startedMs,
      };
    } finally {
      await session.close().catch(() => {});
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('devnet_failed', `the Madurai story failed: ${String(error)}`);
  } finally {
    for (const service of services.reverse()) await service.stop().catch(() => {});
  }
}

export function formatStorySummary(summary: MaduraiStorySummary): string {
  return [
    `The Madurai story (cities of the measured matrix playing Madurai and Mumbai):`,
    `  node        ${summary.node.city} (for Madurai)  ${summary.node.did}`,
    `  attached to ${summary.from.city} (for Mumbai), ${summary.matrixRttMs.from} ms RTT`,
    `  moved to    ${summary.to.city}, ${summary.matrixRttMs.to} ms RTT, ${summary.switchMs} ms after it started (bound ${summary.switchBoundMs} ms)`,
    `  session     ${summary.turnsBefore} turn before, ${summary.turnsAfter} after; ${summary.sessionCarriedOn ? 'carried on, on the same node' : 'did NOT stay on its node'}`,
  ].join('\n');
}
