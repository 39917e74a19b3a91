/**
 * Exact quantities and amounts. A quantity (`12.5` kWh) is a decimal string; it is read as an
 * integer number of millionths (bigint), so sums and products never round. An amount is
 * price × quantity in minor units, rounded down once at the end: the payer never pays a
 * fraction of a minor unit, and the same quantities give the same amount everywhere (K2, K7).
 */
import { AMOUNT_MINOR_DIGITS_MAX } from '../limits.js';
import { CONTRACT_QUANTITY_FRACTION_DIGITS } from './contract-limits.js';

const SCALE = 10n ** BigInt(CONTRACT_QUANTITY_FRACTION_DIGITS);
/** One more than the largest amount a receipt can carry. */
export const AMOUNT_LIMIT = 10n ** BigInt(AMOUNT_MINOR_DIGITS_MAX);

/** A schema-checked quantity string as millionths of the unit. */
export function quantityUnits(quantity: string): bigint {
  const [whole, fraction = ''] = quantity.split('.');
  return BigInt(whole!) * SCALE + BigInt(fraction.padEnd(CONTRACT_QUANTITY_FRACTION_DIGITS, '0'));
}

/** Millionths back to the shortest decimal string: 12500000n → `12.5`. */
export function formatQuantity(units: bigint): string {
  const whole = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(CONTRACT_QUANTITY_FRACTION_DIGITS, '0');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed.length === 0 ? whole.toString() : `${whole}.${trimmed}`;
}

/** floor(price per unit × quantity), in minor units. */
export function amountFor(priceMinor: string, units: bigint): bigint {
  return (BigInt(priceMinor) * units) / SCALE;
}
