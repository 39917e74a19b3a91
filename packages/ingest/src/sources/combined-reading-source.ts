/**
 * One poll of several devices of one site at the same clock time, as one ReadingSource: e.g. the
 * inverter and met station over Modbus SunSpec and the revenue meter over OPC UA. A poll returns
 * every source's readings or the first refusal's code, so an interval never mixes a complete
 * inverter series with a silently missing meter.
 */
import type { Outcome } from '@mycel/kernel';
import type { ReadingSource } from '../gateway/produce-day.js';
import { SOURCE_COMBINED_MAX } from '../limits/sources.js';
import type { Reading } from '../reading.js';
import { sourceFail } from './source-error-codes.js';

export function combineReadingSources(sources: readonly ReadingSource[]): ReadingSource {
  return {
    async read(): Promise<Outcome<Reading[], string>> {
      if (sources.length === 0 || sources.length > SOURCE_COMBINED_MAX) {
        return sourceFail(
          'source_options_invalid',
          `combine 1..${SOURCE_COMBINED_MAX} sources, not ${sources.length}`,
        );
      }
      const readings: Reading[] = [];
      for (const source of sources) {
        const polled = await source.read();
        if (!polled.ok) return polled;
        readings.push(...polled.value);
      }
      return { ok: true, value: readings };
    },
  };
}
