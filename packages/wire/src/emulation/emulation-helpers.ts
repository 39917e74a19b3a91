/**
 * Both ends of the devnet's emulated network use these (LatencyEmulation): whoever receives a
 * message delays it by the one-way delay from the sender's city, learnt from the
 * `x-opengrid-city` header of the request, response or upgrade that carried it; everything sent
 * names the sender's own city. Without emulation every helper is a no-op.
 */
import { DelayLine } from './delay-line.js';
import { CITY_HEADER, type LatencyEmulation } from './latency-emulation.js';

type HeaderValue = string | readonly string[] | null | undefined;

/** The city a peer named (attacker-controlled: only ever used to look up a delay). */
export function cityOf(
  headers: { get(name: string): string | null } | Readonly<Record<string, HeaderValue>>,
): string | undefined {
  const value: HeaderValue =
    typeof headers.get === 'function'
      ? (headers as { get(name: string): string | null }).get(CITY_HEADER)
      : (headers as Readonly<Record<string, HeaderValue>>)[CITY_HEADER];
  const city = typeof value === 'string' ? value : value?.[0];
  return city === undefined || city === null || city === '' ? undefined : city;
}

/** Delay of a message from `peerCity` to this process; 0 without emulation or for an unknown city. */
export function inboundDelayMs(
  emulation: LatencyEmulation | undefined,
  peerCity: string | null | undefined,
): number {
  if (emulation === undefined || peerCity === undefined || peerCity === null || peerCity === '') {
    return 0;
  }
  try {
    const delayMs = emulation.oneWayMs(peerCity, emulation.city);
    return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
  } catch {
    // A city the matrix does not know is the peer's mistake, not a reason to fail the message.
    return 0;
  }
}

/** Headers naming this process's city, to merge into an outgoing request or response. */
export function cityHeaders(emulation: LatencyEmulation | undefined): Record<string, string> {
  return emulation === undefined ? {} : { [CITY_HEADER]: emulation.city };
}

export function sleepMs(delayMs: number): Promise<void> {
  return delayMs <= 0 ? Promise.resolve() : new Promise((done) => setTimeout(done, delayMs));
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
