/**
 * The control-plane probe of `planes` and `sessions-per-node`: alternating `GET /v1/health` and
 * `GET /v1/admission` on the node, one at a time over a kept-alive connection, each timed from
 * request to parsed answer.
 */
import { NODE_PATHS } from '@mycel/wire';

export async function probeControlPlane(nodeUrl: string, probes: number): Promise<number[]> {
  const health = new URL(NODE_PATHS.health, nodeUrl);
  const admission = new URL(`${NODE_PATHS.admission}?agent=tutor&class=interactive`, nodeUrl);
  const times: number[] = [];
  for (let i = 0; i < probes; i += 1) {
    const started = performance.now();
    const response = await fetch(i % 2 === 0 ? health : admission);
    await response.json();
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`probe answered ${response.status}`);
  }
  return times.sort((a, b) => a - b);
}
