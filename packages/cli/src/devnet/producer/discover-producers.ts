/**
 * Discover: each microgrid signs a capability advert — the microgrid profile, the MIP it emits,
 * the interface its readings arrive over, where it is and its price per kWh — and publishes it in
 * the federation's registry. The buyer then searches the way `mycel registry search` does: the
 * MIP, near its own site, a least mean confidence and a most price per kWh. Ranking is by
 * reputation, which comes only from the verified history the morning built; the inflating
 * microgrid advertises a lower price and is still not found, because its proofs were refused.
 */
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  withSignature,
} from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import type { CapabilityRegistry, RegistryHit, RegistryQuery } from '@mycel/store';
import {
  PRODUCER_ADVERT_VALIDITY_MS,
  PRODUCER_BUYER_MIN_CONFIDENCE,
  PRODUCER_PRICE_MAX_MINOR,
  PRODUCER_SEARCH_RADIUS_KM,
} from '../../limits.js';
import type { Microgrid } from './producer-microgrids.js';
import { PRODUCER_FEDERATION } from './producer-pack.js';

export function microgridAdvert(microgrid: Microgrid, nowMs: number): CapabilityAdvert {
  const { system } = microgrid.grid.site;
  const unsigned = buildCapabilityAdvert({
    federation: PRODUCER_FEDERATION,
    producer: microgrid.signer.key.did,
    profile: 'microgrid',
    mips: [ENERGY_GENERATION_MIP],
    interfaces: ['modbus-tcp-sunspec'],
    locality: { lat: system.lat, lon: system.lon, label: 'Chennai' },
    price: { minor: microgrid.priceMinor, currency: 'INR', unit: 'kWh' },
    capacity: { amount: system.ratedAcPowerW / 1000, unit: 'kWh', per: 'hour' },
    issuedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + PRODUCER_ADVERT_VALIDITY_MS).toISOString(),
  });
  return withSignature(unsigned, CAPABILITY_KIND, microgrid.signer);
}

export interface Discovery {
  readonly published: readonly CapabilityAdvert[];
  readonly query: RegistryQuery;
  readonly hits: readonly RegistryHit[];
}

export async function discoverProducers(
  registry: CapabilityRegistry,
  microgrids: readonly Microgrid[],
  buyerSite: { readonly lat: number; readonly lon: number },
  nowMs: number,
): Promise<Discovery> {
  const published: CapabilityAdvert[] = [];
  for (const microgrid of microgrids) {
    const advert = microgridAdvert(microgrid, nowMs);
    await registry.publish(advert, nowMs);
    published.push(advert);
  }
  const query: RegistryQuery = {
    mip: ENERGY_GENERATION_MIP,
    near: { lat: buyerSite.lat, lon: buyerSite.lon, radiusKm: PRODUCER_SEARCH_RADIUS_KM },
    minConfidence: PRODUCER_BUYER_MIN_CONFIDENCE,
    currency: 'INR',
    unit: 'kWh',
    maxPriceMinor: PRODUCER_PRICE_MAX_MINOR,
  };
  const hits = await registry.search(query, nowMs);
  return { published, query, hits };
}
