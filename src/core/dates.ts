/**
 * Calendar dates that people mean (issue, due, promise) are `YYYY-MM-DD` strings in
 * the business's time zone. Arithmetic on them is done on the proleptic Gregorian
 * day number, so daylight saving never shifts a due date.
 */
import { TZDate } from '@date-fns/tz';
import { assert } from './assert.js';

declare const calendarDateBrand: unique symbol;
export type CalendarDate = string & { readonly [calendarDateBrand]: 'CalendarDate' };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the date if the text is a real calendar date in YYYY-MM-DD form. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return text as CalendarDate;
}

export function calendarDate(text: string): CalendarDate {
  const date = parseCalendarDate(text);
  assert(date !== undefined, `not a calendar date: ${text}`);
  return date;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with a zone (`2026-12-31T17:00:00Z`, `…+07:00`, seconds optional), or
 * undefined when the text does not name one. Every part must exist as written: `Date` rolls
 * 2027-02-30 over to 2027-03-02 and 24:30 to the next day, which a person never meant.
 */
export function parseInstant(text: string): Date | undefined {
  const parts = ISO_INSTANT.exec(text);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (month === undefined || month < 1 || month > 12 || day === undefined || day < 1) return undefined;
  if (day > daysInMonth(year as number, month)) return undefined;
  if ((hour as number) > 23 || (minute as number) > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Days from 1970-01-01 by the civil calendar (Howard Hinnant's days_from_civil), in plain
// integer arithmetic: the collection run does this for every open item, and a Date per call costs.
function toDayNumber(date: CalendarDate): number {
  let year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month <= 2) year -= 1;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function fromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  assert(Number.isSafeInteger(days), `days must be an integer, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The last day of the month that `date` falls in, plus `days` (terms "end of month + N"). */
export function endOfMonthPlus(date: CalendarDate, days: number): CalendarDate {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const last = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
  return addDays(last as CalendarDate, days);
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar date an instant falls on in a time zone. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const zoned = new TZDate(instant.getTime(), timeZone);
  const year = zoned.getFullYear();
  const month = zoned.getMonth() + 1;
  const day = zoned.getDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

/** The hour of the day (0-23) an instant falls in, in a time zone. */
export function hourInZone(instant: Date, timeZone: string): number {
  return new TZDate(instant.getTime(), timeZone).getHours();
}

/** The instant a calendar date starts (local midnight, or the first moment after a DST gap) in a zone. */
export function startOfDateInZone(date: CalendarDate, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const zoned = new TZDate(year, month - 1, day, 0, 0, 0, timeZone);
  return new Date(zoned.getTime());
}

/** Whether the IANA time zone name is known to this runtime. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
