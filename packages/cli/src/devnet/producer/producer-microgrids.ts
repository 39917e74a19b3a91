/**
 * The two microgrids of the producer federation, each a simulated SunSpec site (inverter, revenue
 * meter, pyranometer) behind a real Modbus TCP server on loopback, read by the gateway's SunSpec
 * reader: a community microgrid that reports what it exports, and a rooftop next to it whose
 * gateway inflates every reading. Both follow the same clear-sky day at Chennai.
 */
import {
  pvSystemAt,
  type SimulatedMicrogrid,
  solarDayStartMs,
  startSimulatedMicrogrid,
} from '@mycel/ingest';
import type { Signer } from '@mycel/kernel';
import { PRODUCER_CHEAT_INFLATION, PRODUCER_DAY, PRODUCER_RATED_AC_W } from '../../limits.js';
import { producerFailure } from './producer-failure.js';
import type { ProducerParties } from './producer-parties.js';

/** Where both microgrids stand (the MIP's own simulation site list uses the same coordinates). */
export const PRODUCER_SITE = { label: 'Chennai', lat: 13.08, lon: 80.27 } as const;
/** The gateway reports one proof per hour, the longest interval MIP-ENR allows. */
export const PRODUCER_INTERVAL_MS = 3_600_000;

export interface Microgrid {
  readonly name: string;
  readonly signer: Signer;
  readonly priceMinor: string;
  readonly grid: SimulatedMicrogrid;
}

async function startOne(
  name: string,
  label: string,
  signer: Signer,
  priceMinor: string,
  offsetDeg: number,
  inflate: number | undefined,
): Promise<Microgrid> {
  const system = pvSystemAt(
    label,
    PRODUCER_SITE.lat + offsetDeg,
    PRODUCER_SITE.lon + offsetDeg,
    PRODUCER_RATED_AC_W,
  );
  const started = await startSimulatedMicrogrid({
    system,
    startMs: solarDayStartMs(PRODUCER_DAY, system.lon, PRODUCER_INTERVAL_MS),
    signer,
    ...(inflate === undefined ? {} : { inflate }),
  });
  if (!started.ok) throw producerFailure(`starting the ${name}`, started.error);
  return { name, signer, priceMinor, grid: started.value };
}

export async function startMicrogrids(
  parties: ProducerParties,
  prices: { readonly honest: string; readonly cheat: string },
): Promise<{ readonly honest: Microgrid; readonly cheat: Microgrid }> {
  const honest = await startOne(
    'community microgrid',
    'chennai-coop',
    parties.honest,
    prices.honest,
    0,
    undefined,
  );
  try {
    const cheat = await startOne(
      'inflating microgrid',
      'chennai-rooftop',
      parties.cheat,
      prices.cheat,
      0.01,
      PRODUCER_CHEAT_INFLATION,
    );
    return { honest, cheat };
  } catch (error) {
    await honest.grid.close();
    throw error;
  }
}
