/**
 * Placing the client in the grid's network coordinates before it asks for a session
 * (ARCHITECTURE §5.3): time a few pings to each landmark the coordinator lists, keep the fastest
 * per landmark, and fit a Vivaldi coordinate to those samples. The coordinator then predicts the
 * client's RTT to every node from coordinates alone. Probing is advice: when it fails the session
 * is opened without a coordinate; only the caller's deadline firing stops openSession.
 */
import { fitCoordinate, type VivaldiCoordinate } from '@mycel/mesh';
import { type Landmark, NODE_PATHS } from '@mycel/wire';
import { requestLandmarks } from './coordinator-calls.js';
import { Deadline } from './deadline.js';
import { endpointUrl, type HttpContext, requestJson } from './http-json.js';
import { LANDMARK_PING_TIMEOUT_MS, LANDMARK_PINGS, LANDMARKS_PROBED_MAX } from './limits.js';

/** What probing learned: the fitted coordinate, and the RTT measured to each landmark. */
export interface Placement {
  readonly coordinate: VivaldiCoordinate | undefined;
  readonly probes: readonly { readonly node: string; readonly rttMs: number }[];
}

const NOTHING_LEARNED: Placement = { coordinate: undefined, probes: [] };

export async function probeCoordinate(
  coordinator: string,
  context: HttpContext,
): Promise<Placement> {
  let landmarks: readonly Landmark[];
  try {
    landmarks = await requestLandmarks(coordinator, context);
  } catch {
    // No landmarks (an older coordinator, say): place the session without a coordinate.
    context.deadline.check();
    return NOTHING_LEARNED;
  }
  const dimensions = landmarks[0]?.coordinate.vector.length;
  if (dimensions === undefined) return NOTHING_LEARNED;
  const probed = landmarks
    .filter((landmark) => landmark.coordinate.vector.length === dimensions)
    .slice(0, LANDMARKS_PROBED_MAX);
  const rtts = await Promise.all(probed.map((landmark) => fastestPingMs(landmark, context)));
  context.deadline.check();
  const samples = probed.flatMap((landmark, index) => {
    const rttMs = rtts[index];
    return rttMs === undefined ? [] : [{ remote: landmark.coordinate, rttMs }];
  });
  // The coordinator weighs these nodes by what was measured, and the rest by coordinates.
  const probes = probed.flatMap((landmark, index) => {
    const rttMs = rtts[index];
    return rttMs === undefined ? [] : [{ node: landmark.did, rttMs }];
  });
  if (samples.length === 0) return NOTHING_LEARNED;
  const fitted = fitCoordinate(samples, { dimensions });
  return { coordinate: fitted.ok ? fitted.value : undefined, probes };
}

/** The fastest of LANDMARK_PINGS pings, one after another; undefined when none answered. */
async function fastestPingMs(
  landmark: Landmark,
  context: HttpContext,
): Promise<number | undefined> {
  const url = endpointUrl(landmark.endpoint, NODE_PATHS.ping);
  let fastestMs: number | undefined;
  for (let ping = 0; ping < LANDMARK_PINGS && !context.deadline.aborted; ping++) {
    const deadline = new Deadline(LANDMARK_PING_TIMEOUT_MS, context.deadline.signal, 'a ping');
    const startMs = performance.now();
    try {
      const answer = await requestJson(url, { method: 'GET' }, { ...context, deadline });
      const rttMs = Math.max(performance.now() - startMs, 0.001);
      if (answer.status >= 200 && answer.status < 300) {
        fastestMs = Math.min(fastestMs ?? rttMs, rttMs);
      }
    } catch {
      // A lost or slow ping is no sample; the others may still place the client.
    } finally {
      deadline.dispose();
    }
  }
  return fastestMs;
}
