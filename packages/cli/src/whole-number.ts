/**
 * Sizes and indices given on the command line or in a query string: canonical decimal (no sign,
 * no leading zeros), and within Number.MAX_SAFE_INTEGER like every tree size. Undefined otherwise.
 */
const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export function parseWholeNumber(text: string): number | undefined {
  if (!CANONICAL_DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
