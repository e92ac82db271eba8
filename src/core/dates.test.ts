import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDate,
  dateInZone,
  daysBetween,
  endOfMonthPlus,
  isValidTimeZone,
  parseCalendarDate,
  startOfDateInZone,
} from './dates.js';

describe('parseCalendarDate', () => {
  it.each(['2026-01-31', '2024-02-29', '2026-12-01'])('accepts %s', (text) => expect(parseCalendarDate(text)).toBe(text));
  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', 'tomorrow', ''])(
    'refuses %j',
    (text) => expect(parseCalendarDate(text)).toBeUndefined(),
  );
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-22', 30, '2026-12-22'],
    // A DST change in New York (2026-03-08) or Europe (2026-03-29) does not move calendar dates.
    ['2026-03-07', 2, '2026-03-09'],
    ['2026-03-28', 2, '2026-03-30'],
  ])('%s + %d days = %s', (date, days, expected) => expect(addDays(calendarDate(date), days)).toBe(expected));

  it.each([
    ['2026-01-01', '2026-12-31', 364],
    ['2026-03-07', '2026-03-09', 2],
    ['2026-11-22', '2026-11-01', -21],
  ])('from %s to %s is %d days', (from, to, days) => expect(daysBetween(calendarDate(from), calendarDate(to))).toBe(days));

  it.each([
    ['2026-01-15', 0, '2026-01-31'],
    ['2026-02-10', 15, '2026-03-15'],
    ['2024-02-01', 0, '2024-02-29'],
  ])('end of month of %s + %d = %s', (date, days, expected) => expect(endOfMonthPlus(calendarDate(date), days)).toBe(expected));
});

describe('dates in a business time zone', () => {
  it.each([
    // 17:30 UTC is already the next day in Jakarta (UTC+7).
    ['2026-11-22T17:30:00Z', 'Asia/Jakarta', '2026-11-23'],
    ['2026-11-22T16:59:59Z', 'Asia/Jakarta', '2026-11-22'],
    ['2026-11-22T03:00:00Z', 'America/New_York', '2026-11-21'],
    // Around New York's spring-forward night (2026-03-08, 02:00 -> 03:00 local).
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
  ])('%s is %s in %s', (instant, zone, expected) => expect(dateInZone(new Date(instant), zone)).toBe(expected));

  it.each([
    ['2026-11-22', 'Asia/Jakarta', '2026-11-21T17:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'],
  ])('%s starts at %s in %s', (date, zone, instant) => {
    expect(startOfDateInZone(calendarDate(date), zone).toISOString()).toBe(instant);
  });

  it('knows real zones from made-up ones', () => {
    expect(isValidTimeZone('Asia/Jakarta')).toBe(true);
    expect(isValidTimeZone('Asia/Atlantis')).toBe(false);
  });
});

describe('day arithmetic against the calendar', () => {
  it('agrees with Date for every day from 1900 to 2200', () => {
    let date = calendarDate('1900-01-01');
    let ms = Date.UTC(1900, 0, 1);
    for (let i = 0; i < 300 * 366; i++) {
      expect(date).toBe(new Date(ms).toISOString().slice(0, 10));
      const next = addDays(date, 1);
      expect(daysBetween(date, next)).toBe(1);
      date = next;
      ms += 86_400_000;
    }
  });
});
