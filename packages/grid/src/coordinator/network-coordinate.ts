/**
 * Network coordinates as the coordinator uses them: predicted RTT between a client and a node
 * comes from their Vivaldi coordinates (vector + height), never from a latency matrix.
 */
import { predictRttMs } from '@mycel/mesh';
import { COORDINATE_ABS_MS_MAX } from '../limits.js';

export interface NetworkCoordinate {
  readonly vector: readonly number[];
  readonly height: number;
  readonly error: number;
}

/**
 * The coordinate if placement can use it: finite components and height within
 * COORDINATE_ABS_MS_MAX. Nodes and clients compute coordinates themselves, so a wild value is
 * attacker-controlled input and counts as no coordinate.
 */
export function usableCoordinate(
  coordinate: NetworkCoordinate | undefined,
): NetworkCoordinate | undefined {
  if (coordinate === undefined) return undefined;
  const inRange = (value: number) =>
    Number.isFinite(value) && Math.abs(value) <= COORDINATE_ABS_MS_MAX;
  if (!inRange(coordinate.height) || !coordinate.vector.every(inRange)) return undefined;
  return coordinate;
}

/**
 * Predicted RTT in ms (Vivaldi with height: ‖xa − xb‖ + ha + hb), or undefined when the two have
 * different dimensions. placement.ts inlines the same arithmetic over the index columns.
 */
export function predictedRttMs(a: NetworkCoordinate, b: NetworkCoordinate): number | undefined {
  return a.vector.length === b.vector.length ? predictRttMs(a, b) : undefined;
}
