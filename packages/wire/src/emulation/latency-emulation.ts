/**
 * Emulated network latency for the devnet, where every process runs on one machine but plays a
 * city of a measured latency matrix (@mycel/mesh builds one with emulationFromMatrix). Devnet
 * only: production traffic takes the delay the real network gives it.
 *
 * Each process knows its own city and names it in the CITY_HEADER of every HTTP request and
 * WebSocket handshake it makes. The RECEIVER of a message holds it for oneWayMs(sender's city,
 * own city) before handling it (DelayLine keeps the order), so a request and its response
 * together take one measured RTT, and a sender never needs to trust a peer to delay for it.
 */

/** The request header that carries the sender's emulated city. */
export const CITY_HEADER = 'x-opengrid-city';

export interface LatencyEmulation {
  /** The city this process plays. */
  readonly city: string;
  /** How long a message from `fromCity` to `toCity` is held, in ms. */
  oneWayMs(fromCity: string, toCity: string): number;
}
