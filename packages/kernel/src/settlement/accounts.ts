/**
 * Ledger account ids: one account per party and currency, spelled `<party>#<currency>`, so the
 * ledger, the payout plan and the settlement transfers name an account the same way. A party is
 * a DID or a reserved name; a currency never contains `#`, so the last `#` separates the two.
 */
import { CURRENCY_PATTERN } from '../invariants/k7-receipt-schema.js';
import { assert } from '../result.js';

/** The outside world: money leaves to it on payout and enters from it on deposit. */
export const RAIL_PARTY = 'rail';

const ACCOUNT_SEPARATOR = '#';
const CURRENCY_REGEX = new RegExp(CURRENCY_PATTERN);

export interface AccountName {
  readonly party: string;
  readonly currency: string;
}

/** The account of `party` in `currency`; an empty party or an invalid currency is a caller bug. */
export function accountOf(party: string, currency: string): string {
  assert(party.length > 0, 'an account names a party');
  assert(CURRENCY_REGEX.test(currency), `${currency} is a currency`);
  return `${party}${ACCOUNT_SEPARATOR}${currency}`;
}

/** Party and currency of an account id, or undefined when it is not `<party>#<currency>`. */
export function parseAccount(id: string): AccountName | undefined {
  const separator = id.lastIndexOf(ACCOUNT_SEPARATOR);
  if (separator < 1) return undefined;
  const currency = id.slice(separator + 1);
  if (!CURRENCY_REGEX.test(currency)) return undefined;
  return { party: id.slice(0, separator), currency };
}

/** The party of an id made by accountOf (use parseAccount for ids from outside). */
export function partyOfAccount(id: string): string {
  const name = parseAccount(id);
  assert(name !== undefined, `${id} is an account id made by accountOf`);
  return name.party;
}

/** The currency of an id made by accountOf (use parseAccount for ids from outside). */
export function currencyOfAccount(id: string): string {
  const name = parseAccount(id);
  assert(name !== undefined, `${id} is an account id made by accountOf`);
  return name.currency;
}
