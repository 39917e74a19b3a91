import { describe, expect, it } from 'vitest';
import { parseWholeNumber } from './whole-number.js';

describe('parseWholeNumber', () => {
  it('reads canonical decimals up to Number.MAX_SAFE_INTEGER', () => {
    expect(parseWholeNumber('0')).toBe(0);
    expect(parseWholeNumber('42')).toBe(42);
    expect(parseWholeNumber(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    '',
    '-1',
    '+1',
    '01',
    '1.5',
    '1e3',
    ' 1',
    'abc',
    '9007199254740992',
    '99999999999999999',
  ])('refuses %j', (text) => {
    expect(parseWholeNumber(text)).toBeUndefined();
  });
});
