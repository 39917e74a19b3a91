import { describe, expect, it } from 'vitest';
import { ASHA } from '../../test/settlement-test-support.js';
import {
  accountOf,
  currencyOfAccount,
  parseAccount,
  partyOfAccount,
  RAIL_PARTY,
} from './accounts.js';

describe('account ids', () => {
  it('spells an account <party>#<currency> and reads it back', () => {
    const id = accountOf(ASHA.key.did, 'INR');
    expect(id).toBe(`${ASHA.key.did}#INR`);
    expect(partyOfAccount(id)).toBe(ASHA.key.did);
    expect(currencyOfAccount(id)).toBe('INR');
  });

  it('names the rail account and token currencies the same way', () => {
    const id = accountOf(RAIL_PARTY, 'token:in.solar/kwh-credit');
    expect(id).toBe('rail#token:in.solar/kwh-credit');
    expect(parseAccount(id)).toEqual({ party: 'rail', currency: 'token:in.solar/kwh-credit' });
  });

  it('splits at the last #, since no currency contains one', () => {
    expect(parseAccount('a#b#EUR')).toEqual({ party: 'a#b', currency: 'EUR' });
  });

  it('reads no party or currency from ids that are not accounts', () => {
    for (const id of ['', 'INR', '#INR', `${ASHA.key.did}#`, `${ASHA.key.did}#inr`, 'x#EURO']) {
      expect(parseAccount(id)).toBeUndefined();
    }
    expect(() => partyOfAccount('no-currency')).toThrow(/assertion failed/);
    expect(() => currencyOfAccount('#INR')).toThrow(/assertion failed/);
  });

  it('refuses to spell an account without a party or with a bad currency (a caller bug)', () => {
    expect(() => accountOf('', 'INR')).toThrow(/assertion failed/);
    expect(() => accountOf(ASHA.key.did, 'rupees')).toThrow(/assertion failed/);
    expect(() => accountOf(ASHA.key.did, 'IN#R')).toThrow(/assertion failed/);
  });
});
