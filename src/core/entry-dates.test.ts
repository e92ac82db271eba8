import { describe, expect, it } from 'vitest';
import { type Text, english } from './i18n/catalogue.js';
import { calendarDate } from './dates.js';
import { entryDateErrors } from './entry-dates.js';

const bounds = {
  today: calendarDate('2026-12-03'),
  firstDay: calendarDate('2026-01-10'),
  backdateDaysMax: 366,
  allowOldDate: false,
};

describe('issue 11 defect 6: dates that cannot be right are refused', () => {
  it.each([
    // date, allowOldDate, firstDay, expected reason (a fragment) or null when the date is accepted
    ['2026-12-03', false, '2026-01-10', null],
    ['2026-01-10', false, '2026-01-10', null],
    ['2026-12-04', false, '2026-01-10', 'is after today 3 December 2026'],
    ['2027-01-05', true, '2026-01-10', 'date 5 January 2027 is after today 3 December 2026'],
    ['2026-01-09', false, '2026-01-10', "before the business's first day 10 January 2026"],
    ['2026-01-09', true, '2026-01-10', null],
    ['1999-01-01', false, '1990-01-01', 'more than 366 days before today 3 December 2026'],
    ['1999-01-01', true, '1990-01-01', null],
    ['2025-12-02', false, '2020-01-01', null],
    ['2025-12-01', false, '2020-01-01', 'more than 366 days before today'],
  ] as const)('%s (allowOldDate %s, first day %s): %s', (date, allowOldDate, firstDay, reason) => {
    const errors = entryDateErrors('date', calendarDate(date), { ...bounds, allowOldDate, firstDay: calendarDate(firstDay) });
    if (reason === null) expect(errors).toEqual({});
    else expect(english(errors.date as Text)).toContain(reason);
  });

  it('names the field it was given', () => {
    expect(Object.keys(entryDateErrors('issueDate', calendarDate('2027-01-01'), bounds))).toEqual(['issueDate']);
  });
});
