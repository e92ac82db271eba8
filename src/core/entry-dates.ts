/**
 * Which dates a person may give an entry (a sale, an invoice, a payment, a
 * correction). A date after today cannot be right: an entry records what
 * happened (a scheduled invoice is another feature). A date before the
 * business's first day, or further back than the business allows, is most
 * likely a typo (1999 for 2026), so it needs the person to say it is meant.
 */
import { type Text, t } from './i18n/catalogue.js';
import { type CalendarDate, addDays, compareDates } from './dates.js';

/** How far back an entry may be dated without saying so, unless the business sets its own limit. */
export const DEFAULT_BACKDATE_DAYS_MAX = 366;

export interface EntryDateBounds {
  /** Today in the business's time zone. */
  readonly today: CalendarDate;
  /** The day the business's book starts: its creation day, or its earliest entry if one is older (imported history). */
  readonly firstDay: CalendarDate;
  /** The business's setting: days back from today an entry may be dated without `allowOldDate`. */
  readonly backdateDaysMax: number;
  /** The person said the old date is meant (`--allow-old-date`, `allowOldDate: true`). */
  readonly allowOldDate: boolean;
}

/** Why the date given for `field` cannot be used, as `{ field: reason }`; empty when it can. */
export function entryDateErrors(field: string, date: CalendarDate, bounds: EntryDateBounds): Record<string, Text> {
  const { today, firstDay, backdateDaysMax, allowOldDate } = bounds;
  if (compareDates(date, today) > 0) return { [field]: t('entry_date.after_today', { date, today }) };
  if (allowOldDate) return {};
  if (compareDates(date, firstDay) < 0) return { [field]: t('entry_date.before_first_day', { date, firstDay }) };
  const earliest = addDays(today, -backdateDaysMax);
  if (compareDates(date, earliest) < 0) return { [field]: t('entry_date.too_old', { date, days: backdateDaysMax, today }) };
  return {};
}
