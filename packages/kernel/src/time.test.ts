import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp, TIMESTAMP_PATTERN } from './time.js';

describe('parseTimestamp accepts RFC 3339 UTC with at most millisecond precision', () => {
  it.each([
    ['2026-11-28T07:31:53Z', Date.UTC(2026, 10, 28, 7, 31, 53)],
    ['2026-11-28T07:31:53.250Z', Date.UTC(2026, 10, 28, 7, 31, 53, 250)],
    ['2026-11-28T07:31:53.5Z', Date.UTC(2026, 10, 28, 7, 31, 53, 500)],
    ['2026-11-28T07:31:53.05Z', Date.UTC(2026, 10, 28, 7, 31, 53, 50)],
    ['2026-11-28T07:31:53.000Z', Date.UTC(2026, 10, 28, 7, 31, 53)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999Z', -1],
    ['2028-02-29T12:00:00Z', Date.UTC(2028, 1, 29, 12)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['2026-12-31T23:59:59.999Z', Date.UTC(2026, 11, 31, 23, 59, 59, 999)],
    ['2026-04-30T00:00:00Z', Date.UTC(2026, 3, 30)],
  ])('%s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });
});

describe('parseTimestamp rejects everything else', () => {
  it.each([
    ['an impossible day in February', '2026-02-30T00:00:00Z'],
    ['29 February in a common year', '2026-02-29T00:00:00Z'],
    ['29 February in a century year that is not a leap year', '2100-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 00', '2026-00-10T00:00:00Z'],
    ['day 00', '2026-01-00T00:00:00Z'],
    ['day 32', '2026-01-32T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T23:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['no Z', '2026-01-01T00:00:00'],
    ['offset +01:00', '2026-01-01T01:00:00+01:00'],
    ['offset +00:00', '2026-01-01T00:00:00+00:00'],
    ['offset -00:00', '2026-01-01T00:00:00-00:00'],
    ['Z and an offset', '2026-01-01T00:00:00Z+00:00'],
    ['four fractional digits', '2026-01-01T00:00:00.0001Z'],
    ['nine fractional digits', '2026-01-01T00:00:00.000000000Z'],
    ['a dot without digits', '2026-01-01T00:00:00.Z'],
    ['a comma as decimal sign', '2026-01-01T00:00:00,5Z'],
    ['lower-case t', '2026-01-01t00:00:00Z'],
    ['lower-case z', '2026-01-01T00:00:00z'],
    ['a space instead of T', '2026-01-01 00:00:00Z'],
    ['no seconds', '2026-01-01T00:00Z'],
    ['only a date', '2026-01-01'],
    ['a basic-format date', '20260101T000000Z'],
    ['one-digit month', '2026-1-01T00:00:00Z'],
    ['an extended year', '+002026-01-01T00:00:00Z'],
    ['a negative year', '-2026-01-01T00:00:00Z'],
    ['a leading space', ' 2026-01-01T00:00:00Z'],
    ['a trailing newline', '2026-01-01T00:00:00Z\n'],
    ['non-ASCII digits', '٢٠٢٦-01-01T00:00:00Z'],
    ['milliseconds since the epoch', '1767225600000'],
    ['an empty string', ''],
  ])('%s', (_name, text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('agrees with TIMESTAMP_PATTERN on the syntax (the schema uses the pattern)', () => {
    const pattern = new RegExp(TIMESTAMP_PATTERN);
    expect(pattern.test('2026-01-01T00:00:00.123Z')).toBe(true);
    expect(pattern.test('2026-01-01T00:00:00.1234Z')).toBe(false);
    expect(pattern.test('2026-01-01T00:00:00+01:00')).toBe(false);
  });
});

describe('formatTimestamp', () => {
  it('writes milliseconds and Z', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 28, 7, 31, 53, 250))).toBe(
      '2026-11-28T07:31:53.250Z',
    );
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('round-trips through parseTimestamp for any millisecond in years 0000 to 9999', () => {
    const range = fc.integer({
      min: Date.parse('0000-01-01T00:00:00Z'),
      max: Date.parse('9999-12-31T23:59:59.999Z'),
    });
    fc.assert(
      fc.property(range, (ms) => {
        expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseTimestamp agrees with the pattern and the calendar', () => {
  const pattern = new RegExp(TIMESTAMP_PATTERN);
  const firstDay = new Date('0000-01-01T00:00:00.000Z');
  const lastDay = new Date('9999-12-31T23:59:59.999Z');

  it('reads every instant of years 0000-9999 as Date does, at every precision', () => {
    fc.assert(
      fc.property(
        fc.date({ min: firstDay, max: lastDay, noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        (date, precision) => {
          const iso = date.toISOString();
          const text =
            precision === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 20 + precision)}Z`;
          expect(parseTimestamp(text)).toBe(Date.parse(text));
        },
      ),
    );
  });

  it('accepts exactly the strings the published pattern accepts, less days the calendar lacks', () => {
    fc.assert(
      fc.property(fc.stringMatching(pattern), (text) => {
        const [year, month, day] = [text.slice(0, 4), text.slice(5, 7), text.slice(8, 10)].map(
          Number,
        ) as [number, number, number];
        const probe = new Date(0);
        probe.setUTCFullYear(year, month - 1, day);
        const exists = probe.getUTCDate() === day;
        expect(parseTimestamp(text) !== undefined).toBe(exists);
      }),
    );
    for (const text of [
      '2026-11-28T07:31:53',
      '2026-11-28T07:31:53.Z',
      '2026-11-28T07:31:53.1234Z',
      '2026-11-28 07:31:53Z',
      '2026-11-28T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-28T07:31:60Z',
      '+2026-11-28T07:31:53Z',
      '2026-11-28T07:31:5aZ',
      '2026-11-28T07:31:53+00:00',
    ]) {
      expect(pattern.test(text)).toBe(false);
      expect(parseTimestamp(text)).toBeUndefined();
    }
  });
});
