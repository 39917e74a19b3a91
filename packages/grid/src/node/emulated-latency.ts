/**
 * The node's side of the devnet's emulated network (wire's LatencyEmulation): whoever receives a
 * message delays it by the one-way delay from the sender's city, learnt from the
 * `x-opengrid-city` header of the request or upgrade that opened the conversation. Everything
 * the node sends carries its own city. Without emulation every helper here is a no-op.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { CITY_HEADER, DelayLine, type LatencyEmulation } from '@mycel/wire';

/** The city a peer named in its headers (attacker-controlled: only used to look up a delay). */
export function cityOf(headers: IncomingHttpHeaders | Headers): string | undefined {
  const value = headers instanceof Headers ? headers.get(CITY_HEADER) : headers[CITY_HEADER];
  const city = Array.isArray(value) ? value[0] : value;
  return city === undefined || city === null || city === '' ? undefined : city;
}

/** Delay of a message from `peerCity` to this node; 0 without emulation or for an unknown city. */
export function inboundDelayMs(
  emulation: LatencyEmulation | undefined,
  peerCity: string | undefined,
): number {
  if (emulation === undefined || peerCity === undefined) return 0;
  try {
    const delayMs = emulation.oneWayMs(peerCity, emulation.city);
    return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
  } catch {
    // A city the matrix does not know is a peer's mistake, not a reason to fail the message.
    return 0;
  }
}

/** Headers naming this node's city, to merge into an outgoing request or response. */
export function cityHeaders(emulation: LatencyEmulation | undefined): Record<string, string> {
  return emulation === undefined ? {} : { [CITY_HEADER]: emulation.city };
}

export function sleepMs(delayMs: number): Promise<void> {
  return delayMs <= 0 ? Promise.resolve() : new Promise((done) => setTimeout(done, delayMs));
}

/** Where received messages go: straight to `deliver`, or through a DelayLine when emulating. */
export interface Inbound<T> {
  push(item: T): void;
  close(): void;
}

export function inbound<T>(delayMs: number, deliver: (item: T) => void): Inbound<T> {
  if (delayMs <= 0) return { push: deliver, close() {} };
  const line = new DelayLine<T>(deliver);
  return { push: (item) => line.push(item, delayMs), close: () => line.close() };
}
