/**
 * Option parsers for prices, amounts and parties (`opengrid coordinator start`, `mycel ledger`,
 * `mycel nodeco`). Amounts are integer minor units spelled as decimal digits and stay strings or
 * bigints, never floating point; bad values are `argument_invalid` naming the option.
 */
import {
  AMOUNT_MINOR_PATTERN,
  type Amount,
  CURRENCY_PATTERN,
  limits as kernelLimits,
  type NodeCoPolicy,
  parseDidKey,
  parseTimestamp,
} from '@mycel/kernel';
import { CliError } from '../cli-error.js';
import { parseWholeNumber } from '../whole-number.js';

const MINOR = new RegExp(AMOUNT_MINOR_PATTERN);
const CURRENCY = new RegExp(CURRENCY_PATTERN);

export function currencyOption(text: string): string {
  if (!CURRENCY.test(text)) {
    throw new CliError(
      'argument_invalid',
      `--currency is an ISO 4217 code (INR, EUR) or token:<federation>/<name>, not ${text}`,
    );
  }
  return text;
}

/** A whole, non-negative number of minor units: `250`, never `2.50` or `-1`. */
export function minorOption(name: string, text: string): bigint {
  if (!MINOR.test(text) || text.length > kernelLimits.AMOUNT_MINOR_DIGITS_MAX) {
    throw new CliError(
      'argument_invalid',
      `${name} is a whole number of minor units (paise, cents) without sign or point, not ${text}`,
    );
  }
  return BigInt(text);
}

export function priceOption(minor: string, currency: string): Amount {
  return { minor: minorOption('--price', minor).toString(), currency: currencyOption(currency) };
}

export function didOption(text: string, name = '--protocol'): string {
  if (!parseDidKey(text).ok)
    throw new CliError('argument_invalid', `${name} is a did:key, not ${text}`);
  return text;
}

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;

/** A positive whole number of NodeCo shares, as the decimal string records carry: `3`, never `1.5`. */
export function sharesOption(name: string, text: string): string {
  if (!POSITIVE_INTEGER.test(text) || text.length > kernelLimits.NODECO_SHARES_DIGITS_MAX) {
    throw new CliError(
      'argument_invalid',
      `${name} is a positive whole number of shares (at most ${kernelLimits.NODECO_SHARES_DIGITS_MAX} digits), not ${text}`,
    );
  }
  return text;
}

/** An RFC 3339 UTC time, as protocol documents carry it; returned as milliseconds. */
export function timeOption(name: string, text: string): number {
  const ms = parseTimestamp(text);
  if (ms === undefined) {
    throw new CliError(
      'argument_invalid',
      `${name} takes an RFC 3339 UTC time such as 2026-11-28T10:00:00Z, not ${text}`,
    );
  }
  return ms;
}

/**
 * A NodeCo split policy `owners/operator/protocol` in basis points, e.g. 7000/2000/1000: whole
 * numbers summing to exactly BPS_TOTAL (the operator's may be 0).
 */
export function policyOption(text: string): NodeCoPolicy {
  const match = /^(0|[1-9][0-9]{0,4})\/(0|[1-9][0-9]{0,4})\/(0|[1-9][0-9]{0,4})$/.exec(text);
  const [owners, operator, protocol] = (match?.slice(1) ?? []).map(Number);
  if (owners === undefined || operator === undefined || protocol === undefined) {
    throw new CliError(
      'argument_invalid',
      `--policy is owners/operator/protocol in whole basis points such as 7000/2000/1000, not ${text}`,
    );
  }
  if (owners + operator + protocol !== kernelLimits.BPS_TOTAL || owners === 0 || protocol === 0) {
    throw new CliError(
      'argument_invalid',
      `--policy basis points sum to exactly ${kernelLimits.BPS_TOTAL}, owners and protocol above 0 (${text} sums to ${owners + operator + protocol})`,
    );
  }
  return { owners, operator, protocol };
}

/** A whole number min..max (a page size, a sequence number). */
export function countOption(name: string, text: string, max: number, min = 0): number {
  const value = parseWholeNumber(text);
  if (value === undefined || value < min || value > max) {
    throw new CliError(
      'argument_invalid',
      `${name} takes a whole number ${min}..${max}, not ${text}`,
    );
  }
  return value;
}
