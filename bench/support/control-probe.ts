/**
 * The control-plane probe of `planes` and `sessions-per-node`: alternating `GET /v1/health` and
 * `GET /v1/admission` on the node, one at a time over a kept-alive connection, each timed from
 * request to parsed answer. Health answers also say how many workers were busy right then, so a
 * benchmark can show the load really was on while it probed.
 */
import { NODE_PATHS } from '@mycel/wire';

export interface ProbeRun {
  /** Round-trip times in ms, sorted. */
  readonly times: number[];
  /** For each health answer, how many inference workers were busy. */
  readonly busyWorkers: number[];
}

export async function probeControlPlane(nodeUrl: string, probes: number): Promise<ProbeRun> {
  const health = new URL(NODE_PATHS.health, nodeUrl);
  const admission = new URL(`${NODE_PATHS.admission}?agent=tutor&class=interactive`, nodeUrl);
  const times: number[] = [];
  const busyWorkers: number[] = [];
  for (let i = 0; i < probes; i += 1) {
    const started = performance.now();
    const response = await fetch(i % 2 === 0 ? health : admission);
    const body = (await response.json()) as { workers?: { busy: number }[] };
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`probe answered ${response.status}`);
    if (body.workers !== undefined) {
      busyWorkers.push(body.workers.filter((worker) => worker.busy > 0).length);
    }
  }
  return { times: times.sort((a, b) => a - b), busyWorkers };
}
