/**
 * The heartbeat a simulated node sends its coordinator: its free slots and its coordinate, idle
 * otherwise (no load, no sessions, no warm agents, a zero price). The scale simulation and the
 * placement benchmark feed these to the real CoordinatorCore.
 */
import type { VivaldiCoordinate } from '@mycel/mesh';
import type { HeartbeatFrame } from '@mycel/wire';

export function simulatedHeartbeat(
  seq: number,
  free: HeartbeatFrame['free'],
  coordinate: VivaldiCoordinate,
): HeartbeatFrame {
  return {
    t: 'heartbeat',
    seq,
    free: { ...free },
    load: 0,
    sessions: 0,
    warm: [],
    price: { minorPerMinute: 0, currency: 'EUR' },
    coordinate: {
      vector: [...coordinate.vector],
      height: coordinate.height,
      error: coordinate.error,
    },
  };
}
