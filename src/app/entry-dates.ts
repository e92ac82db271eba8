/**
 * The dates a person gives entries, checked against the business's book
 * (`core/entry-dates.ts` has the rule): never after today; before the book's
 * first day or further back than the business allows only when the person says
 * the old date is meant. The import has its own path: it records history.
 */
import type { Kysely } from 'kysely';
import { type CalendarDate, compareDates, dateInZone } from '../core/dates.js';
import { entryDateErrors } from '../core/entry-dates.js';
import type { Text } from '../core/i18n/catalogue.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { earliestEntryDate } from '../store/journal-repo.js';
import { businessCreatedAt } from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';

/**
 * The business's first day: the day it was created, or the date of its
 * earliest entry when that is older (imported history, or an old date someone
 * confirmed), so later entries may follow the history the book already holds.
 */
export async function businessFirstDay(db: Kysely<Database>, business: Business, today: CalendarDate): Promise<CalendarDate> {
  const createdAt = await businessCreatedAt(db, business.id);
  const created = createdAt === undefined ? today : dateInZone(new Date(createdAt), business.timeZone);
  const earliest = (await earliestEntryDate(db, business.id)) as CalendarDate | undefined;
  return earliest !== undefined && compareDates(earliest, created) < 0 ? earliest : created;
}

/** Checks every date a person gave a write (field name to date; absent ones mean today). */
export async function checkEntryDates(
  ctx: AppContext,
  db: Kysely<Database>,
  business: Business,
  dates: Readonly<Record<string, CalendarDate | undefined>>,
  allowOldDate: boolean | undefined,
): Promise<Result<void>> {
  const given = Object.entries(dates).filter((entry): entry is [string, CalendarDate] => entry[1] !== undefined);
  if (given.length === 0) return ok(undefined);
  const today = todayOf(ctx, business);
  const bounds = {
    today,
    firstDay: await businessFirstDay(db, business, today),
    backdateDaysMax: business.backdateDaysMax,
    allowOldDate: allowOldDate === true,
  };
  const errors = Object.assign({}, ...given.map(([field, date]) => entryDateErrors(field, date, bounds))) as Record<string, Text>;
  return Object.keys(errors).length > 0 ? invalid(errors) : ok(undefined);
}
