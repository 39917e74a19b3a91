/**
 * Protocol timestamps are RFC 3339 UTC strings with a `Z` and at most millisecond precision,
 * e.g. `2026-11-28T07:31:53Z` or `2026-11-28T07:31:53.250Z`. The kernel never reads a clock:
 * "now" is always an argument, in milliseconds since the Unix epoch.
 */
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$';

const TIMESTAMP_REGEX = new RegExp(TIMESTAMP_PATTERN);

/** Milliseconds since the epoch, or undefined when the text is not a valid protocol timestamp. */
export function parseTimestamp(text: string): number | undefined {
  if (!TIMESTAMP_REGEX.test(text)) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  // Date.parse rolls 2026-02-30 over into March; a round trip catches impossible dates.
  const day = new Date(ms).toISOString().slice(0, 10);
  return day === text.slice(0, 10) ? ms : undefined;
}

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
