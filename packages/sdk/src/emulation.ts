/**
 * The client's side of the devnet's emulated network (wire's LatencyEmulation): requests and
 * the WebSocket upgrade name this client's city, and whatever arrives is held for the one-way
 * delay from the sender's city, learnt from its `x-opengrid-city` header. Without emulation
 * every helper here is a no-op.
 */
import { CITY_HEADER, DelayLine, type LatencyEmulation } from '@mycel/wire';

/** Headers naming this client's city, for an HTTP request or a WebSocket upgrade. */
export function cityHeaders(emulation: LatencyEmulation | undefined): Record<string, string> {
  return emulation === undefined ? {} : { [CITY_HEADER]: emulation.city };
}

/** The delay of a message from `peerCity` (attacker-controlled) to this client, in ms. */
export function inboundDelayMs(
  emulation: LatencyEmulation | undefined,
  peerCity: string | null | undefined,
): number {
  if (emulation === undefined || peerCity === null || peerCity === undefined || peerCity === '') {
    return 0;
  }
  try {
    const delayMs = emulation.oneWayMs(peerCity, emulation.city);
    return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
  } catch {
    // A city the matrix does not know is the peer's mistake; the message is not delayed.
    return 0;
  }
}

/** Where received messages go: straight on, or through a DelayLine that keeps their order. */
export interface Inbound<T> {
  push(item: T): void;
  close(): void;
}

export function inbound<T>(delayMs: number, deliver: (item: T) => void): Inbound<T> {
  if (delayMs <= 0) return { push: deliver, close() {} };
  const line = new DelayLine<T>(deliver);
  return { push: (item) => line.push(item, delayMs), close: () => line.close() };
}
