/**
 * The devnet's revenue meter over OPC UA: a simulated site's meter (model 203) mirrored onto the
 * OPC UA meter server at every step of the site's clock, each value with the site's time as its
 * SourceTimestamp. It is the gateway's clock: advancing it moves the site's physics and the
 * meter's values together, so the OpcuaReadingSource reads what the meter measured at that time.
 */
import type { GatewayClock } from '../gateway/produce-day.js';
import type { SimulatedSite } from '../modbus/simulated-site.js';
import type { MeterServer } from '../opcua/meter-server.js';
import { siteSnapshot } from './site-snapshot.js';

export function opcuaMeterClock(
  site: SimulatedSite,
  server: Pick<MeterServer, 'set'>,
): GatewayClock {
  const publish = () => {
    const snapshot = siteSnapshot(site);
    if (!snapshot.ok) throw new Error(`assertion failed: ${snapshot.error.message}`);
    server.set('energy', snapshot.value.meterWh, site.nowMs);
    server.set('power', snapshot.value.meterW, site.nowMs);
  };
  publish();
  return {
    get nowMs() {
      return site.nowMs;
    },
    advanceTo(timeMs: number) {
      site.advanceTo(timeMs);
      publish();
    },
  };
}
