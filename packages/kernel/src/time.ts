/**
 * Protocol timestamps are RFC 3339 UTC strings with a `Z` and at most millisecond precision,
 * e.g. `2026-11-28T07:31:53Z` or `2026-11-28T07:31:53.250Z`. The kernel never reads a clock:
 * "now" is always an argument, in milliseconds since the Unix epoch.
 */
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** The decimal number in text[start, start + length), or -1 if any character is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Milliseconds since the epoch, or undefined when the text is not a valid protocol timestamp.
 * Read character by character (`YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z`): a proof carries several
 * timestamps and this runs for each, so it avoids the regular expression and Date's parser.
 */
export function parseTimestamp(text: string): number | undefined {
  const length = text.length;
  if (length !== 20 && (length < 22 || length > 24)) return undefined;
  if (
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':'
  ) {
    return undefined;
  }
  if (text[length - 1] !== 'Z' || (length > 20 && text[19] !== '.')) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const fraction = length > 20 ? digits(text, 20, length - 21) : 0;
  if (year < 0 || fraction < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23)
    return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  // The calendar, not just the pattern: 2026-02-30 is no date.
  if (day > daysIn(year, month)) return undefined;
  const millis = fraction * 10 ** (24 - length);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC reads years 0-99 as 1900-1999; put the year back where the text says.
  return year < 100 ? new Date(ms).setUTCFullYear(year) : ms;
}

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
