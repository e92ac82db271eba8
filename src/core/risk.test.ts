import { describe, expect, it } from 'vitest';
import { type CalendarDate, addDays, calendarDate } from './dates.js';
import { minor } from './money.js';
import { type RiskFacts, areaUnderCurve, lateShareBaseline, riskLevel, scoreRisk } from './risk.js';

const asOf = calendarDate('2026-06-30');
const before = (days: number): CalendarDate => addDays(asOf, -days);
const none: RiskFacts = {
  customerId: 'c',
  settled: [],
  open: [],
  brokenPromiseDates: [],
  reminderDates: [],
  creditLimit: null,
  openDisputes: 0,
  defaultedPlanDates: [],
  planAgreedDates: [],
};
const signs = (facts: Partial<RiskFacts>) =>
  Object.fromEntries(scoreRisk({ ...none, ...facts }, asOf).reasons.map((reason) => [reason.sign, reason.points]));
/** Invoices paid `lateness` days after due, one a month, oldest first. */
const paid = (...lateness: number[]) =>
  lateness.map((days, index) => ({
    dueDate: before(30 * (lateness.length - index) + 40),
    settledOn: before(30 * (lateness.length - index) + 40 - days),
  }));

describe('the risk score', () => {
  it('is 0 and low for a customer with nothing against them', () => {
    expect(scoreRisk(none, asOf)).toEqual({ customerId: 'c', score: 0, level: 'low', reasons: [] });
    expect(signs({ settled: paid(0, -2, 0, 0) })).toEqual({});
  });

  it.each([
    [5, {}],
    [8, { overdue_now: 8 }],
    [31, { overdue_now: 16 }],
    [61, { overdue_now: 25 }],
  ])('counts an item %i days overdue', (days, expected) => {
    expect(signs({ open: [{ dueDate: before(days), outstanding: minor(1_000) }] })).toEqual(expected);
  });

  it('sees usual lateness, a late share and paying later and later', () => {
    expect(signs({ settled: paid(0, 0, 0, 12, 14, 16) })).toEqual({ usually_late: 8, paying_later: 12, late_share: 8 });
    expect(signs({ settled: paid(40, 40, 40) })).toEqual({ usually_late: 16, late_share: 15 });
  });

  it('counts broken promises of the last 180 days, reminders ignored while overdue, disputes, plans and the limit', () => {
    expect(signs({ brokenPromiseDates: [before(10), before(100), before(200)] })).toEqual({ broken_promises: 20 });
    expect(signs({ brokenPromiseDates: [before(10)] })).toEqual({ broken_promises: 10 });
    const overdue = [{ dueDate: before(3), outstanding: minor(950) }];
    expect(signs({ open: overdue, reminderDates: [before(1), before(20)] })).toEqual({ ignored_reminders: 10 });
    expect(signs({ open: overdue, reminderDates: [before(1), before(90)] })).toEqual({});
    expect(signs({ open: overdue, creditLimit: minor(1_000) })).toEqual({ limit_nearly_used: 8 });
    expect(signs({ open: overdue, creditLimit: minor(900) })).toEqual({ limit_nearly_used: 12 });
    expect(signs({ openDisputes: 1 })).toEqual({ open_dispute: 8 });
    expect(signs({ defaultedPlanDates: [before(100)], planAgreedDates: [before(150)] })).toEqual({
      defaulted_plan: 20,
      asked_new_terms: 8,
    });
    expect(signs({ defaultedPlanDates: [before(400)], planAgreedDates: [before(200)] })).toEqual({});
  });

  it('caps at 100, names each reason in words, riskiest reason first, in the business language', () => {
    const worst = scoreRisk(
      {
        ...none,
        settled: paid(0, 0, 0, 40, 45, 50),
        open: [{ dueDate: before(90), outstanding: minor(2_000) }],
        brokenPromiseDates: [before(5), before(6)],
        reminderDates: [before(1), before(8)],
        creditLimit: minor(1_000),
        openDisputes: 1,
        defaultedPlanDates: [before(30)],
        planAgreedDates: [before(60)],
      },
      asOf,
      'id',
    );
    expect([worst.score, worst.level]).toEqual([100, 'high']);
    expect(worst.reasons[0]).toEqual({ sign: 'overdue_now', points: 25, text: 'ada tagihan terlambat 90 hari' });
    expect(scoreRisk({ ...none, openDisputes: 2 }, asOf).reasons[0]?.text).toBe('2 open disputes');
    expect([riskLevel(24), riskLevel(25), riskLevel(49), riskLevel(50)]).toEqual(['low', 'medium', 'medium', 'high']);
  });

  it('the baseline is the share of invoices paid late', () => {
    expect(lateShareBaseline({ ...none, settled: paid(0, 3, 0, 9) })).toBe(50);
    expect(lateShareBaseline(none)).toBe(0);
  });
});

describe('the area under the curve', () => {
  it.each([
    [
      [
        { score: 9, late: true },
        { score: 1, late: false },
      ],
      1,
    ],
    [
      [
        { score: 1, late: true },
        { score: 9, late: false },
      ],
      0,
    ],
    [
      [
        { score: 5, late: true },
        { score: 5, late: false },
      ],
      0.5,
    ],
    // Late: 8 and 4; on time: 6, 2, 2. Pairs won: 8>6, 8>2, 8>2, 4>2, 4>2 = 5 of 6.
    [
      [
        { score: 8, late: true },
        { score: 4, late: true },
        { score: 6, late: false },
        { score: 2, late: false },
        { score: 2, late: false },
      ],
      0.833,
    ],
  ])('%j gives %d', (scored, expected) => expect(areaUnderCurve(scored)).toBe(expected));

  it('is null without both kinds', () => expect(areaUnderCurve([{ score: 1, late: true }])).toBeNull());
});
