/**
 * Overflow: when a coordinator's own colony cannot place a session within its latency budget, it
 * sends the session to a canopy neighbour. Which one: among the fresh summaries of others that
 * have a free slot of the session's class (and, when a budget is given, a predicted RTT to the
 * client within it), the smallest predicted RTT to the client wins, a neighbour with the agent
 * warm counting CANOPY_WARM_BONUS_MS closer. Neighbours without a coordinate to predict from come
 * after every predicted one, warm first; ties go to the smaller did. Pure.
 */
import { CANOPY_WARM_BONUS_MS } from '../limits.js';
import { predictRttMs, type VivaldiCoordinate } from '../vivaldi.js';
import type { CanopySummary } from './summary-shape.js';

export interface OverflowRequest {
  readonly latencyClass: string;
  /** The agent reference asked for; a neighbour listing it warm is preferred. */
  readonly agent?: string;
  /** The client's network coordinate, when it sent one. */
  readonly client?: VivaldiCoordinate;
  /** The asking coordinator: never chosen. */
  readonly self: string;
  /** A neighbour predicted farther than this from the client is not chosen. */
  readonly budgetMs?: number;
  /** The federations a session may go to (the treaty gate's view); absent: any. */
  readonly federations?: ReadonlySet<string>;
}

export interface OverflowCandidate {
  readonly summary: CanopySummary;
  /** Predicted client–coordinator RTT, when both coordinates have the same dimensions. */
  readonly predictedRttMs: number | undefined;
  readonly warm: boolean;
}

/** Every neighbour that could take the session, best first. */
export function rankOverflow(
  summaries: readonly CanopySummary[],
  request: OverflowRequest,
): OverflowCandidate[] {
  const candidates: OverflowCandidate[] = [];
  for (const summary of summaries) {
    if (summary.coordinator === request.self) continue;
    if (request.federations !== undefined && !request.federations.has(summary.federation)) {
      continue;
    }
    const slots = summary.capacity[request.latencyClass];
    if (slots === undefined || slots.free < 1) continue;
    const predictedRttMs = predictedBetween(request.client, summary.coordinate);
    if (
      request.budgetMs !== undefined &&
      predictedRttMs !== undefined &&
      predictedRttMs > request.budgetMs
    ) {
      continue;
    }
    const warm = request.agent !== undefined && summary.warmAgents.includes(request.agent);
    candidates.push({ summary, predictedRttMs, warm });
  }
  return candidates.sort(compareCandidates);
}

/** The best neighbour for the session, or undefined when none has room. */
export function chooseOverflow(
  summaries: readonly CanopySummary[],
  request: OverflowRequest,
): OverflowCandidate | undefined {
  return rankOverflow(summaries, request)[0];
}

function predictedBetween(
  client: VivaldiCoordinate | undefined,
  coordinator: VivaldiCoordinate | undefined,
): number | undefined {
  if (client === undefined || coordinator === undefined) return undefined;
  if (client.vector.length !== coordinator.vector.length) return undefined;
  return predictRttMs(client, coordinator);
}

function effectiveMs(candidate: OverflowCandidate): number {
  if (candidate.predictedRttMs === undefined) return Number.POSITIVE_INFINITY;
  return candidate.predictedRttMs - (candidate.warm ? CANOPY_WARM_BONUS_MS : 0);
}

function compareCandidates(a: OverflowCandidate, b: OverflowCandidate): number {
  const byRtt = effectiveMs(a) - effectiveMs(b);
  if (byRtt !== 0 && !Number.isNaN(byRtt)) return byRtt;
  if (a.warm !== b.warm) return a.warm ? -1 : 1;
  const left = a.summary.coordinator;
  const right = b.summary.coordinator;
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
