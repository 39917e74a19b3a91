/**
 * A client's seed list (`coordinators`, docs/spec/mmp-switching.md §5) against a real grid on
 * loopback: the session opens at the coordinator that answers even when a dead one is listed
 * first, a bad seed list is sdk_option_invalid, and ranking puts an answering seed before a
 * silent one whatever the order given.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deadline } from '../src/deadline.js';
import { OpenGridError } from '../src/errors.js';
import { openSession } from '../src/open-session.js';
import { nearestCoordinators } from '../src/seed-coordinators.js';
import { type Grid, startGrid, waitUntilPlaceable } from './support/grid-harness.js';

/** A loopback URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

describe('a seed list of coordinators', () => {
  let grid: Grid;
  let dead: string;

  beforeAll(async () => {
    grid = await startGrid();
    await waitUntilPlaceable(grid.coordinatorUrl);
    dead = await deadUrl();
  }, 60_000);

  afterAll(async () => {
    await grid?.stop();
  });

  it('ranks the answering coordinator before a silent one', async () => {
    const deadline = new Deadline(5_000);
    try {
      const ranked = await nearestCoordinators([dead, grid.coordinatorUrl], {
        deadline,
        emulation: undefined,
        unavailable: 'coordinator_unavailable',
      });
      expect(ranked).toEqual([grid.coordinatorUrl, dead]);
    } finally {
      deadline.dispose();
    }
  });

  it('opens the session at the coordinator that answers, a dead one listed first', async () => {
    const session = await openSession({
      agent: 'tutor',
      coordinators: [dead, grid.coordinatorUrl],
      probeLandmarks: false,
    });
    try {
      const chunks: unknown[] = [];
      for await (const chunk of session.send('start')) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  });

  it('refuses a bad seed list with sdk_option_invalid', async () => {
    for (const coordinators of [[], ['ws://127.0.0.1:1'], ['not a url']]) {
      const error = await openSession({ agent: 'tutor', coordinators }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(OpenGridError);
      expect((error as OpenGridError).code).toBe('sdk_option_invalid');
    }
  });
});
