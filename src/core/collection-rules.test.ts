import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RunCustomer, type RunInvoice, decideCollection } from './collection-run.js';
import { englishFields } from './i18n/catalogue.js';
import { coveredByPending, pendingCover, planErrors, planOutcome, planSchedule, promiseOutcome } from './commitments.js';
import { type CalendarDate, addDays, calendarDate as d } from './dates.js';
import { escalationChange, evaluateLimit, releaseAfterSettlement } from './escalation.js';
import { earlyDiscountDue, feeForPeriod, feePeriodDate, feePeriodsStarted } from './fees.js';
import { type LastReminder, dueStep, ladderSchedule } from './ladder.js';
import type { ContactPoints } from './channel-choice.js';
import { CHANNELS } from './policy.js';

/** Every channel: the business sends on all three. */
const ALL_CHANNELS = new Set(CHANNELS);
/** A customer with a mobile phone and/or an email, no preferences. */
function contactOf(has: { hasPhone: boolean; hasEmail: boolean }): { contact: ContactPoints } {
  return {
    contact: {
      phone: has.hasPhone ? '+6281234567890' : null,
      email: has.hasEmail ? 'budi@example.com' : null,
      preferredChannel: null,
      channelOrder: null,
      optedOut: [],
    },
  };
}
import { type Minor, minor as m } from './money.js';
import {
  type CollectionPolicy,
  type LateFee,
  type ReminderLadder,
  addMonthsClamped,
  defaultPolicy,
  dueDateUnder,
  policyErrors,
  policyFromStored,
} from './policy.js';

const base = defaultPolicy({ defaultTermsDays: 30, overdueBlockDays: 30 });

describe('fee periods', () => {
  it.each([
    // due, grace, period, k, expected date
    ['2026-01-10', 3, 'week', 1, '2026-01-14'],
    ['2026-01-10', 3, 'week', 2, '2026-01-21'],
    ['2026-01-28', 0, 'month', 1, '2026-01-29'],
    ['2026-01-28', 0, 'month', 2, '2026-02-28'],
    ['2026-01-28', 0, 'month', 3, '2026-03-29'],
    ['2028-01-30', 0, 'month', 2, '2028-02-29'],
    ['2026-12-31', 0, 'month', 2, '2027-02-01'],
  ] as const)('due %s grace %i per %s: period %i starts %s', (due, grace, period, k, expected) => {
    expect(feePeriodDate(d(due), grace, period, k)).toBe(expected);
  });

  it.each([
    ['2026-01-10', 3, 'week', '2026-01-13', 0],
    ['2026-01-10', 3, 'week', '2026-01-14', 1],
    ['2026-01-10', 3, 'week', '2026-01-20', 1],
    ['2026-01-10', 3, 'week', '2026-01-21', 2],
    ['2026-01-28', 0, 'month', '2026-02-27', 1],
    ['2026-01-28', 0, 'month', '2026-02-28', 2],
    ['2026-01-28', 0, 'month', '2027-01-29', 13],
  ] as const)('due %s grace %i per %s: on %s, %i periods have started', (due, grace, period, asOf, expected) => {
    expect(feePeriodsStarted(d(due), grace, period, d(asOf))).toBe(expected);
  });

  it('counts agree with the dates for every day of two years', () => {
    let asOf = d('2026-01-01');
    for (let i = 0; i < 730; i++) {
      const count = feePeriodsStarted(d('2026-01-31'), 2, 'month', asOf);
      if (count > 0) expect(feePeriodDate(d('2026-01-31'), 2, 'month', count) <= asOf).toBe(true);
      expect(feePeriodDate(d('2026-01-31'), 2, 'month', count + 1) > asOf).toBe(true);
      asOf =
        addMonthsClamped(asOf, 0) === asOf
          ? (new Date(Date.parse(asOf) + 86_400_000).toISOString().slice(0, 10) as CalendarDate)
          : asOf;
    }
  });
});

describe('fee amounts and caps', () => {
  const rate = (rateBps: number, capAmount: number | null, capShareBps: number | null): LateFee => ({
    kind: 'rate',
    amount: null,
    rateBps,
    period: 'month',
    capAmount: capAmount === null ? null : m(capAmount),
    capShareBps,
  });
  const flat = (amount: number, capAmount: number | null): LateFee => ({
    kind: 'flat',
    amount: m(amount),
    rateBps: null,
    period: 'week',
    capAmount: capAmount === null ? null : m(capAmount),
    capShareBps: null,
  });
  it.each([
    // fee, total, outstanding, feesCharged, expected
    [rate(200, null, null), 1_000_000, 1_000_000, 0, 20_000],
    [rate(200, null, null), 1_000_000, 400_000, 0, 8_000],
    [rate(200, null, null), 1_000_000, 1_020_000, 20_000, 20_000], // fees never earn fees
    [rate(200, 50_000, null), 1_000_000, 1_040_000, 40_000, 10_000], // the absolute cap trims
    [rate(200, null, 500), 1_000_000, 1_040_000, 40_000, 10_000], // 5% share cap
    [rate(200, null, 500), 1_000_000, 1_050_000, 50_000, 0], // cap reached
    [rate(150, null, null), 33_333, 33_333, 0, 500], // half-up: 499.995
    [flat(5_000, null), 20_000, 20_000, 0, 5_000],
    [flat(5_000, 12_000), 20_000, 30_000, 10_000, 2_000],
    [flat(5_000, null), 20_000, 0, 0, 0], // nothing outstanding, nothing charged
    [flat(5_000, null), 20_000, 5_000, 5_000, 0], // only fees left unpaid: no fee on fees
    [rate(200, null, null), 1_000_000, 520_000, 20_000, 10_000], // after a partial payment: 2% of the 500.000 principal left
  ] as const)('%o on total %i outstanding %i after %i charged: %i', (fee, total, outstanding, charged, expected) => {
    expect(
      feeForPeriod(fee as Exclude<LateFee, { kind: 'none' }>, {
        total: m(total),
        outstanding: m(outstanding),
        feesCharged: m(charged),
      }),
    ).toBe(expected);
  });
});

describe('early-payment discount window', () => {
  const discount = { rateBps: 500, withinDays: 10 };
  it.each([
    ['2026-03-01', 0, 0, 5_000],
    ['2026-03-11', 0, 0, 5_000],
    ['2026-03-12', 0, 0, 0], // one day late
    ['2026-02-28', 0, 0, 0], // before issue
    ['2026-03-05', 1_000, 0, 0], // a fee was charged
    ['2026-03-05', 0, 5_000, 0], // already granted
  ] as const)('paid %s (fees %i, granted %i): %i', (paidOn, fees, granted, expected) => {
    const invoice = { issueDate: d('2026-03-01'), total: m(100_000), feesCharged: m(fees), discountGranted: m(granted) };
    expect(earlyDiscountDue(discount, invoice, d(paidOn))).toBe(expected);
  });
  it('rounds down: 5% of 33.333 is 1.666', () => {
    expect(
      earlyDiscountDue(
        discount,
        { issueDate: d('2026-03-01'), total: m(33_333), feesCharged: m(0), discountGranted: m(0) },
        d('2026-03-02'),
      ),
    ).toBe(1_666);
  });
});

describe('payment terms', () => {
  it.each([
    [{ basis: 'net', days: 30 }, '2026-01-31', '2026-03-02'],
    [{ basis: 'end_of_month', days: 0 }, '2026-02-10', '2026-02-28'],
    [{ basis: 'end_of_month', days: 15 }, '2028-02-10', '2028-03-15'],
    [{ basis: 'end_of_month', days: 10 }, '2026-12-31', '2027-01-10'],
  ] as const)('%o from %s: due %s', (terms, issued, due) => {
    expect(dueDateUnder(terms, d(issued))).toBe(due);
  });
});

describe('the reminder ladder', () => {
  const ladder = base.reminders;
  it('schedules the steps, then weekly repeats up to the limit', () => {
    const offsets = ladderSchedule(ladder, d('2026-02-28')).map((point) => point.offsetDays);
    expect(offsets).toEqual([-3, 0, 3, 7, 14, 21, 28, 35, 42, 49, 56, 63]);
  });
  it.each([
    // due, issued, stepsDone, asOf, expected offset or null
    ['2026-03-01', '2026-02-01', 0, '2026-02-25', null],
    ['2026-03-01', '2026-02-01', 0, '2026-02-26', -3], // across the end of February
    ['2028-03-01', '2028-02-01', 0, '2028-02-27', -3], // leap year: 29 days in February
    ['2028-03-01', '2028-02-01', 0, '2028-02-26', null],
    ['2026-03-01', '2026-02-01', 1, '2026-02-27', null], // already sent
    ['2026-03-01', '2026-02-01', 1, '2026-03-01', 0],
    ['2026-03-01', '2026-02-01', 1, '2026-03-06', 3], // downtime: the latest missed step, once
    ['2026-03-01', '2026-02-01', 3, '2026-03-06', null],
    ['2026-03-01', '2026-03-01', 0, '2026-03-01', null], // never on the day of the sale
    ['2026-03-01', '2026-03-01', 0, '2026-03-02', null], // the due-day step fell on the sale day
    ['2026-03-01', '2026-03-01', 0, '2026-03-04', 3],
    ['2026-03-01', '2026-02-01', 11, '2026-05-03', 63],
    ['2026-03-01', '2026-02-01', 12, '2026-06-30', null], // the repeat limit
  ] as const)('due %s issued %s after %i steps, on %s: step %s', (due, issued, done, asOf, expected) => {
    const step = dueStep(ladder, { dueDate: d(due), startedOn: d(issued), stepsDone: done }, d(asOf));
    expect(step?.offsetDays ?? null).toBe(expected);
  });
});

describe('payment plans', () => {
  it('splits into equal parts by largest remainder, monthly dates clamp to month ends', () => {
    const plan = planSchedule(m(100_000), 'monthly', d('2026-01-31'), { count: 3 });
    expect(plan.map((i) => i.amount)).toEqual([33_334, 33_333, 33_333]);
    expect(plan.map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(planSchedule(m(10), 'fortnightly', d('2026-01-01'), { count: 2 }).map((i) => i.dueDate)).toEqual([
      '2026-01-01',
      '2026-01-15',
    ]);
  });
  it.each([
    [100, { count: 3 }, '2026-05-01', {}],
    [100, { count: 0 }, '2026-05-01', { instalments: 'must be 1 to 60 instalments' }],
    [2, { count: 3 }, '2026-05-01', { instalments: 'more instalments than units of money owed' }],
    [100, { amounts: [50, 40] }, '2026-05-01', { amounts: 'the instalments add up to 90, but the balance they cover is 100' }],
    [100, { amounts: [50, 50] }, '2026-04-30', { firstDate: 'the first instalment 30 April 2026 is in the past' }],
  ] as const)('total %i as %o from %s: %o', (total, shape, first, expected) => {
    const asMinor = 'count' in shape ? shape : { amounts: shape.amounts.map((a) => m(a)) };
    expect(englishFields(planErrors(m(total), asMinor, d(first), d('2026-05-01')))).toEqual(expected);
  });
  const instalments = planSchedule(m(90), 'weekly', d('2026-05-01'), { count: 3 });
  it.each([
    [0, '2026-05-04', undefined], // first instalment's grace (3 days) not over
    [0, '2026-05-05', { outcome: 'defaulted', missedSeq: 1, shortfall: 30 }],
    [30, '2026-05-12', { outcome: 'defaulted', missedSeq: 2, shortfall: 30 }],
    [60, '2026-05-12', undefined],
    [90, '2026-05-02', { outcome: 'completed' }], // paying early completes it
  ] as const)('paid %i on %s: %o', (paid, asOf, expected) => {
    expect(planOutcome({ instalments, total: m(90), paid: m(paid) }, 3, d(asOf))).toEqual(expected);
  });
});

describe('promises to pay', () => {
  it.each([
    [0, '2026-05-10', undefined],
    [0, '2026-05-13', undefined], // grace
    [0, '2026-05-14', 'broken'],
    [40, '2026-05-14', 'partly_kept'],
    [100, '2026-05-02', 'kept'],
    [120, '2026-05-20', 'kept'],
  ] as const)('paid %i, on %s: %s', (paid, asOf, expected) => {
    expect(promiseOutcome({ promisedDate: d('2026-05-10'), amount: m(100), paid: m(paid) }, 3, d(asOf))).toBe(expected);
  });
});

describe('reported payments', () => {
  const items = [
    { invoiceId: 'a', issueDate: d('2026-01-01'), dueDate: d('2026-01-10'), number: 'A', outstanding: m(100) },
    { invoiceId: 'b', issueDate: d('2026-01-05'), dueDate: d('2026-01-20'), number: 'B', outstanding: m(50) },
  ];
  it.each([
    [[{ amount: 100, invoiceId: null }], ['a']],
    [[{ amount: 120, invoiceId: null }], ['a']],
    [[{ amount: 150, invoiceId: null }], ['a', 'b']],
    [[{ amount: 50, invoiceId: 'b' }], ['b']],
    [[{ amount: 99, invoiceId: null }], []],
  ] as const)('%o covers %o', (pending, expected) => {
    expect(
      [
        ...coveredByPending(
          pending.map((p) => ({ ...p, amount: m(p.amount) })),
          items,
        ),
      ].sort(),
    ).toEqual(expected);
  });
});

describe('issue 11 defect 2: what a reported payment covers, on the day it was paid', () => {
  // A: 100 owed on the day paid, a fee of 5 charged after; B: 50, no fee.
  const items = [
    { invoiceId: 'a', issueDate: d('2026-01-01'), dueDate: d('2026-01-10'), number: 'A', outstanding: m(105) },
    { invoiceId: 'b', issueDate: d('2026-01-05'), dueDate: d('2026-01-20'), number: 'B', outstanding: m(50) },
  ];
  const fees = [{ invoiceId: 'a', date: d('2026-01-19'), amount: m(5) }];
  it.each([
    // reports (amount, invoice, paid on), expected cover of a and b
    [[{ amount: 100, invoiceId: null, paidOn: '2026-01-10' }], { a: 105 }], // the later fee is covered too
    [[{ amount: 100, invoiceId: null, paidOn: '2026-01-20' }], { a: 100 }], // the fee was owed by then
    [[{ amount: 100, invoiceId: null }], { a: 100 }], // no day: what is owed now
    [[{ amount: 60, invoiceId: null, paidOn: '2026-01-10' }], { a: 60 }], // in part: fees stand on the rest
    [[{ amount: 150, invoiceId: null, paidOn: '2026-01-10' }], { a: 105, b: 50 }],
    [[{ amount: 50, invoiceId: 'b', paidOn: '2026-01-10' }], { b: 50 }],
    [
      [
        { amount: 40, invoiceId: null, paidOn: '2026-01-10' },
        { amount: 60, invoiceId: null, paidOn: '2026-01-10' },
      ],
      { a: 105 },
    ],
  ] as const)('%o covers %o', (reports, expected) => {
    const pending = reports.map((r) => ({
      amount: m(r.amount),
      invoiceId: r.invoiceId,
      ...('paidOn' in r ? { paidOn: d(r.paidOn) } : {}),
    }));
    const cover = pendingCover(pending, items, fees);
    expect(Object.fromEntries(cover)).toEqual(expected);
    const full = items.filter((i) => ((expected as Record<string, number>)[i.invoiceId] ?? 0) >= i.outstanding);
    expect([...coveredByPending(pending, items, fees)].sort()).toEqual(full.map((i) => i.invoiceId));
  });
});

describe('issue 11 defect 10: a hold lifted by the payment that clears it', () => {
  const escalation = {
    holdAfterDaysOverdue: 7,
    holdAboveOverdue: null,
    inCollectionAfterDays: 60,
    suggestWriteOffAfterDays: null,
  };
  const heldByPolicy = { status: 'on_hold', holdSource: 'policy', escalationPausedUntil: null } as const;
  it.each([
    [heldByPolicy, 0, 0, 'release'],
    [heldByPolicy, 7, 1_000, 'release'], // what is left is within the policy
    [heldByPolicy, 8, 1_000, undefined],
    [{ status: 'in_collection', holdSource: 'policy', escalationPausedUntil: null }, 0, 0, 'release'],
    [{ status: 'on_hold', holdSource: 'owner', escalationPausedUntil: null }, 0, 0, undefined], // the owner's hold stays
    [{ status: 'active', holdSource: null, escalationPausedUntil: null }, 30, 1_000, undefined], // never a new hold
  ] as const)('%o, %i days and %i overdue: %s', (state, days, amount, expected) => {
    const change = releaseAfterSettlement(escalation, state, { overdueDays: days, overdueAmount: m(amount) }, d('2026-06-01'));
    expect(change?.action).toBe(expected);
  });
});

describe('escalations', () => {
  const escalation = {
    holdAfterDaysOverdue: 30,
    holdAboveOverdue: m(500_000),
    inCollectionAfterDays: 90,
    suggestWriteOffAfterDays: 180,
  };
  const active = { status: 'active', holdSource: null, escalationPausedUntil: null } as const;
  const heldByPolicy = { status: 'on_hold', holdSource: 'policy', escalationPausedUntil: null } as const;
  it.each([
    [active, 30, 1_000, undefined],
    [active, 31, 1_000, 'hold'],
    [active, 5, 600_000, 'hold'],
    [active, 91, 1_000, 'in_collection'],
    [heldByPolicy, 10, 1_000, 'release'],
    [heldByPolicy, 40, 1_000, undefined],
    [{ status: 'on_hold', holdSource: 'owner', escalationPausedUntil: null }, 0, 0, undefined], // only the owner lifts it
    [{ ...active, escalationPausedUntil: d('2026-06-10') }, 60, 0, undefined], // the owner reversed it
    [{ status: 'written_off', holdSource: null, escalationPausedUntil: null }, 200, 0, undefined],
  ] as const)('%o, %i days and %i overdue: %s', (state, days, amount, expected) => {
    const change = escalationChange(escalation, state, { overdueDays: days, overdueAmount: m(amount) }, d('2026-06-01'));
    expect(change?.action).toBe(expected);
  });
});

describe('credit evaluation', () => {
  const evaluation = { latePaymentsMax: 2, windowDays: 90, lowerToBps: 5000, restoreAfterOnTimePayments: 2 };
  const late = (on: string) => ({ settledOn: d(on), dueDate: d('2026-01-01'), graceDays: 3 });
  const onTime = (on: string) => ({ settledOn: d(on), dueDate: d(on), graceDays: 3 });
  const unlowered = {
    effectiveLimit: m(1_000_000) as Minor | null,
    limitLoweredOn: null,
    limitBeforeLowering: null,
    limitRestoredOn: null,
  };
  it.each([
    [unlowered, [late('2026-03-01')], '2026-03-01', undefined],
    [unlowered, [late('2026-03-01'), late('2026-03-20')], '2026-03-20', { kind: 'lower', to: 500_000 }],
    [unlowered, [late('2026-03-01'), late('2026-03-20')], '2026-03-21', undefined], // only on a day something settled
    [unlowered, [late('2025-11-01'), late('2026-03-20')], '2026-03-20', undefined], // outside the window
    [{ ...unlowered, effectiveLimit: null }, [late('2026-03-01'), late('2026-03-20')], '2026-03-20', undefined], // no limit to halve
    [{ ...unlowered, limitRestoredOn: d('2026-03-01') }, [late('2026-03-01'), late('2026-03-20')], '2026-03-20', undefined], // judged before the restore
  ] as const)('%o after %o on %s: %o', (state, settlements, asOf, expected) => {
    const change = evaluateLimit(evaluation, state, settlements, d(asOf));
    expect(change && { kind: change.kind, to: change.to }).toEqual(expected);
  });
  it('zero means no new credit even without a limit, and restores after a run of on-time payments', () => {
    const zero = evaluateLimit(
      { ...evaluation, lowerToBps: 0 },
      { ...unlowered, effectiveLimit: null },
      [late('2026-03-01'), late('2026-03-20')],
      d('2026-03-20'),
    );
    expect(zero?.to).toBe(0);
    const lowered = {
      effectiveLimit: m(500_000),
      limitLoweredOn: d('2026-03-20'),
      limitBeforeLowering: m(1_000_000),
      limitRestoredOn: null,
    };
    expect(evaluateLimit(evaluation, lowered, [onTime('2026-04-01')], d('2026-04-01'))).toBeUndefined();
    expect(evaluateLimit(evaluation, lowered, [late('2026-04-01'), onTime('2026-04-09')], d('2026-04-09'))).toBeUndefined();
    expect(evaluateLimit(evaluation, lowered, [onTime('2026-04-01'), onTime('2026-04-09')], d('2026-04-09'))).toMatchObject({
      kind: 'restore',
      to: 1_000_000,
    });
  });
});

describe('stored policy versions', () => {
  it('a version written before minGapDays existed reads with the default of 3 days; a written one is kept', () => {
    const { minGapDays: _, ...older } = base.reminders;
    expect(policyFromStored({ ...base, reminders: older } as CollectionPolicy).reminders.minGapDays).toBe(3);
    const written = { ...base, reminders: { ...base.reminders, minGapDays: 5 } };
    expect(policyFromStored(written)).toBe(written);
  });
});

describe('policy validation', () => {
  const withFee = (lateFee: LateFee): CollectionPolicy => ({ ...base, lateFee });
  it.each([
    [base, {}],
    [{ ...base, graceDays: -1 }, { graceDays: 'must be a whole number of days from 0 to 3650' }],
    [
      withFee({ kind: 'flat', amount: null, rateBps: null, period: 'week', capAmount: null, capShareBps: null }),
      { 'lateFee.amount': 'a flat fee needs a positive amount' },
    ],
    [
      withFee({ kind: 'flat', amount: m(5_000), rateBps: null, period: 'week', capAmount: m(1_000), capShareBps: null }),
      { 'lateFee.capAmount': 'is smaller than one fee: no fee could ever be charged' },
    ],
    [
      withFee({ kind: 'rate', amount: null, rateBps: 0, period: 'month', capAmount: null, capShareBps: 20_000 }),
      {
        'lateFee.rateBps': 'a rate fee needs 1 to 10000 basis points',
        'lateFee.capShareBps': 'must be 1 to 10000 basis points or null',
      },
    ],
    [
      { ...base, reminders: { ...base.reminders, steps: [base.reminders.steps[1]!, base.reminders.steps[0]!] } },
      { 'reminders.steps[1].offsetDays': 'steps must be in order: -3 does not come after 0' },
    ],
    [
      { ...base, reminders: { ...base.reminders, steps: [{ offsetDays: 0, tone: 'firm', channels: [] }] } },
      { 'reminders.steps[0].channels': 'needs at least one channel' },
    ],
    [
      { ...base, reminders: { ...base.reminders, minGapDays: 0 } },
      { 'reminders.minGapDays': 'must be a whole number of days from 1 to 31' },
    ],
    [
      { ...base, escalation: { ...base.escalation, holdAfterDaysOverdue: 60, inCollectionAfterDays: 30 } },
      { 'escalation.inCollectionAfterDays': 'must not come before the hold (60 days)' },
    ],
  ] as const)('%#: %o', (policy, expected) => {
    expect(englishFields(policyErrors(policy as CollectionPolicy))).toEqual(expected);
  });
});

/**
 * The reminder rule, played day by day on the pure decision: each row is a
 * customer's invoices (due n days after day 0, 2026-03-10), the payments they
 * make, and the days they get a message (or, unreachable, the days the owner is
 * told to call). Counters move as the app moves them: every step that came due
 * advances, whether its message went out, was held back, or could not be sent.
 */
describe('issue 11 defect 1: one message per step of the lead item, only when something changed, never within the minimum gap', () => {
  const DAY0 = d('2026-03-10');
  interface Row {
    readonly invoices: readonly { id: string; due: number; amount?: number; issued?: number }[];
    readonly payments?: Readonly<Record<number, readonly [string, number][]>>;
    readonly ladder?: Partial<ReminderLadder>;
    readonly contact?: { hasPhone: boolean; hasEmail: boolean };
    readonly lateFee?: CollectionPolicy['lateFee'];
  }
  function play(row: Row, lastDay = 40) {
    const policy: CollectionPolicy = {
      ...base,
      graceDays: 0,
      lateFee: row.lateFee ?? { kind: 'none' },
      reminders: { ...base.reminders, ...row.ladder },
    };
    const invoices = new Map(
      row.invoices.map((invoice) => [
        invoice.id,
        {
          id: invoice.id,
          number: invoice.id,
          customerId: 'c',
          issueDate: addDays(DAY0, invoice.issued ?? -40),
          dueDate: addDays(DAY0, invoice.due),
          total: m(invoice.amount ?? 100_000),
          outstanding: m(invoice.amount ?? 100_000),
          policyId: 'p',
          feePeriodsDone: 0,
          feesCharged: m(0),
          reminderStepsDone: 0,
          planId: null,
          isDisputed: false,
          writeOffSuggested: false,
        } satisfies RunInvoice,
      ]),
    );
    let lastReminder: LastReminder | null = null;
    const sent: {
      day: number;
      step: number;
      items: string;
      amountDue: number;
      fingerprint: string;
      lead: string;
      /** What the customer reads: the step and tone, each line with its amount. */
      words: string;
    }[] = [];
    const unreachable: { day: number; reason: string }[] = [];
    for (let n = -10; n <= lastDay; n++) {
      const asOf = addDays(DAY0, n);
      for (const [id, amount] of row.payments?.[n] ?? []) {
        const invoice = invoices.get(id)!;
        invoices.set(id, { ...invoice, outstanding: m(invoice.outstanding - amount) });
      }
      const customer: RunCustomer = {
        id: 'c',
        status: 'active',
        holdSource: null,
        escalationPausedUntil: null,
        policyId: 'p',
        ...contactOf(row.contact ?? { hasPhone: true, hasEmail: false }),
        lastReminder,
        limit: { effectiveLimit: null, limitLoweredOn: null, limitBeforeLowering: null, limitRestoredOn: null },
        settlements: [],
      };
      const decision = decideCollection({
        asOf,
        sendReminders: true,
        policies: new Map([['p', policy]]),
        customers: [customer],
        invoices: [...invoices.values()].filter((invoice) => invoice.outstanding > 0 && invoice.issueDate <= asOf),
        plans: [],
        promises: [],
        coveredByPending: new Set(),
        configuredChannels: ALL_CHANNELS,
      });
      for (const reminder of decision.reminders) {
        sent.push({
          day: n,
          step: reminder.step,
          items: reminder.lines.map((line) => line.label).join(''),
          amountDue: reminder.amountDue,
          fingerprint: reminder.fingerprint,
          lead: reminder.lead ? `${reminder.lead.itemKey}@${reminder.lead.index}` : '',
          words: `${reminder.step} ${reminder.tone} ${reminder.lines.map((line) => `${line.label}=${line.amount}`).join(',')}`,
        });
        lastReminder = { on: asOf, fingerprint: reminder.fingerprint };
      }
      for (const notice of decision.unreachable) {
        unreachable.push({ day: n, reason: notice.reason });
        lastReminder = { on: asOf, fingerprint: notice.fingerprint };
      }
      const advances = [...decision.reminders, ...decision.unreachable, ...decision.suppressedReminders].flatMap(
        (r) => r.advance,
      );
      for (const { itemKey, stepsDone } of advances) {
        const invoice = invoices.get(itemKey)!;
        invoices.set(itemKey, { ...invoice, reminderStepsDone: Math.max(invoice.reminderStepsDone, stepsDone) });
      }
      for (const fee of decision.fees) {
        const invoice = invoices.get(fee.invoiceId)!;
        invoices.set(fee.invoiceId, {
          ...invoice,
          outstanding: m(invoice.outstanding + fee.amount),
          feesCharged: m(invoice.feesCharged + fee.amount),
        });
      }
      for (const { invoiceId, periodsDone } of decision.feeProgress) {
        invoices.set(invoiceId, { ...invoices.get(invoiceId)!, feePeriodsDone: periodsDone });
      }
    }
    return { sent, unreachable };
  }
  const daysOf = (row: Row, lastDay?: number) => play(row, lastDay).sent.map((message) => message.day);

  it.each([
    // why, invoices, expected message days (day 0 = the first due date)
    ['one invoice: the ladder as written', [{ id: 'A', due: 0 }], [-3, 0, 3, 7, 14, 21, 28, 35]],
    // B's -3 (day -2) comes within the gap; on day 0 A's due date leads and lists both; B's due date on
    // day 1 says nothing new (same step, items and amounts as day 0); B's +3, +7... repeat A's step.
    [
      'two invoices a day apart',
      [
        { id: 'A', due: 0 },
        { id: 'B', due: 1 },
      ],
      [-3, 0, 3, 7, 14, 21, 28, 35],
    ],
    [
      'four invoices due on four consecutive days',
      [
        { id: 'A', due: 0 },
        { id: 'B', due: 1 },
        { id: 'C', due: 2 },
        { id: 'D', due: 3 },
      ],
      [-3, 0, 3, 7, 14, 21, 28, 35],
    ],
    // B's -3 (day 0) rides on A's due-date message; B's due date (day 3) on A's +3; B's +3 (day 6)
    // repeats A's step with the same amounts: nothing new.
    [
      'two invoices three days apart',
      [
        { id: 'A', due: 0 },
        { id: 'B', due: 3 },
      ],
      [-3, 0, 3, 7, 14, 21, 28, 35],
    ],
    // Y is sold on day 8 due on day 9: it comes due 2 days after A's +7 (held back: the gap); its later
    // steps are not the lead's and it is no longer newly due, so A's +14 (day 14) is the next message, listing Y.
    [
      'a new sale while an older invoice is overdue',
      [
        { id: 'A', due: 0 },
        { id: 'Y', due: 9, issued: 8 },
      ],
      [-3, 0, 3, 7, 14, 21, 28, 35],
    ],
  ] as const)('%s', (_why, invoices, expected) => {
    expect(daysOf({ invoices })).toEqual(expected);
  });

  // Found by a user: with a weekly late fee, every younger invoice's step changed the amounts, so the oldest
  // invoice's step went out again every 3 days (+21 on three days), and two messages a week apart said the same.
  it('a weekly late fee does not make the steps of a younger item repeat the lead step', () => {
    const weekly = { kind: 'flat', amount: m(1_000), rateBps: null, period: 'week', capAmount: null, capShareBps: null } as const;
    const { sent } = play(
      {
        invoices: [
          { id: 'A', due: 0 },
          { id: 'B', due: 4 },
          { id: 'C', due: 8 },
        ],
        lateFee: weekly,
      },
      35,
    );
    // A's steps lead: -3, 0, 3, 7, 14, 21, 28, 35. B comes due on day 4 (1 day after A's +3: held back),
    // C on day 8 (1 day after A's +7: held back). B's and C's later steps change amounts (fees) but send nothing.
    expect(sent.map((message) => [message.day, message.lead])).toEqual([
      [-3, 'A@1'],
      [0, 'A@2'],
      [3, 'A@3'],
      [7, 'A@4'],
      [14, 'A@5'],
      [21, 'A@6'],
      [28, 'A@7'],
      [35, 'A@8'],
    ]);
    expect(new Set(sent.map((message) => message.fingerprint)).size).toBe(sent.length);
  });

  it('an item that comes due while an older one leads waits for the next step of the lead; when the ladder of the lead item ends, the next item leads', () => {
    // One repeat: A's ladder ends with +14 on day 14. B comes due on day 10 (A leads at +7: nothing new to say) and
    // is listed on day 14; then B leads: its +7 (day 17) says less than the +14 three days before (held back), its
    // +14 (day 24) comes a repeat interval after it, and the customer is told no more.
    const { sent } = play({
      invoices: [
        { id: 'A', due: 0 },
        { id: 'B', due: 10, issued: 8 },
      ],
      ladder: { repeatsMax: 1 },
    });
    expect(sent.map((message) => [message.day, message.step, message.items, message.lead])).toEqual([
      [-3, -3, 'A', 'A@1'],
      [0, 0, 'A', 'A@2'],
      [3, 3, 'A', 'A@3'],
      [7, 7, 'A', 'A@4'],
      [14, 14, 'AB', 'A@5'],
      [24, 14, 'AB', 'B@5'],
    ]);
  });

  it('the last step of four invoices due on consecutive days goes out once (found by a tester: +63 twice)', () => {
    const invoices = ['A', 'B', 'C', 'D'].map((id, i) => ({ id, due: i }));
    expect(daysOf({ invoices }, 75)).toEqual([-3, 0, 3, 7, 14, 21, 28, 35, 42, 49, 56, 63]);
  });

  it('after the lead is paid, the next item does not send a milder step the day after a firmer one', () => {
    // A is paid on day 4, the day after its +3 (firm); B is due that day. Before: a friendly due-date message for B
    // one day after the firm one. Now B's steps wait until one says more (+7 on day 11), a week on.
    const { sent } = play({
      invoices: [
        { id: 'A', due: 0 },
        { id: 'B', due: 4, issued: 1 },
      ],
      payments: { 4: [['A', 100_000]] },
    });
    expect(sent.map((message) => [message.day, message.step, message.items])).toEqual([
      [-3, -3, 'A'],
      [0, 0, 'A'],
      [3, 3, 'A'],
      [11, 7, 'B'],
      [18, 14, 'B'],
      [25, 21, 'B'],
      [32, 28, 'B'],
      [39, 35, 'B'],
    ]);
  });

  it('when the lead item is paid, the next item leads with its own next step', () => {
    // A is paid on day 9; B (due day 2) then leads: its +14 on day 16 is its first step as the lead.
    const { sent } = play({
      invoices: [
        { id: 'A', due: 0 },
        { id: 'B', due: 2 },
      ],
      payments: { 9: [['A', 100_000]] },
    });
    expect(sent.map((message) => [message.day, message.items, message.lead])).toEqual([
      [-3, 'A', 'A@1'],
      [0, 'AB', 'A@2'],
      [3, 'AB', 'A@3'],
      [7, 'AB', 'A@4'],
      [16, 'B', 'B@5'],
      [23, 'B', 'B@6'],
      [30, 'B', 'B@7'],
      [37, 'B', 'B@8'],
    ]);
  });

  it('a partial payment sends nothing on its own: the next step of the lead says the new amount', () => {
    const invoices = [
      { id: 'A', due: 0 },
      { id: 'B', due: 3 },
    ];
    // 40.000 paid on day 5: B's +3 (day 6) is not the lead's step (before issue 11's second round it re-sent
    // A's +3 with the new total); A's +7 on day 7 carries it.
    const paid = play({ invoices, payments: { 5: [['A', 40_000]] } }).sent;
    expect(paid.map((message) => [message.day, message.step, message.amountDue])).toEqual([
      [-3, -3, 100_000],
      [0, 0, 200_000],
      [3, 3, 200_000],
      [7, 7, 160_000],
      [14, 14, 160_000],
      [21, 21, 160_000],
      [28, 28, 160_000],
      [35, 35, 160_000],
    ]);
  });

  it('the due-date reminder is exempt from the gap; another step within the gap is skipped, not sent late', () => {
    const steps = (offsets: readonly number[]) =>
      offsets.map((offsetDays) => ({ offsetDays, tone: 'friendly' as const, channels: ['whatsapp' as const] }));
    // -1 then 0: the due date comes a day after, and is sent.
    expect(daysOf({ invoices: [{ id: 'A', due: 0 }], ladder: { steps: steps([-1, 0, 5]), repeatsMax: 0 } })).toEqual([-1, 0, 5]);
    // -1 then +1: two days apart, the +1 step is held back and never sent later; +5 is.
    expect(daysOf({ invoices: [{ id: 'A', due: 0 }], ladder: { steps: steps([-1, 1, 5]), repeatsMax: 0 } })).toEqual([-1, 5]);
    // A gap of 1 day lets every step through.
    expect(
      daysOf({ invoices: [{ id: 'A', due: 0 }], ladder: { steps: steps([-1, 1, 5]), repeatsMax: 0, minGapDays: 1 } }),
    ).toEqual([-1, 1, 5]);
  });

  it('never two messages with the same words or the same step of the lead item, never two within the gap unless the second is the due date', () => {
    const invoiceArb = fc.record({
      due: fc.integer({ min: -5, max: 20 }),
      age: fc.integer({ min: 0, max: 30 }),
      amount: fc.integer({ min: 1, max: 9 }),
    });
    const paymentArb = fc.record({
      day: fc.integer({ min: -10, max: 40 }),
      invoice: fc.nat(4),
      amount: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(
        fc.array(invoiceArb, { minLength: 1, maxLength: 5 }),
        fc.array(paymentArb, { maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (drawn, paymentsDrawn, minGapDays, withFee) => {
          const invoices = drawn.map((invoice, i) => ({
            id: String.fromCharCode(65 + i),
            due: invoice.due,
            issued: invoice.due - invoice.age,
            amount: invoice.amount * 10_000,
          }));
          const payments: Record<number, [string, number][]> = {};
          const left = new Map(invoices.map((invoice) => [invoice.id, invoice.amount]));
          for (const payment of [...paymentsDrawn].sort((a, b) => a.day - b.day)) {
            const id = invoices[payment.invoice % invoices.length]!.id;
            const amount = Math.min(payment.amount * 10_000, left.get(id)!);
            if (amount === 0 || payment.day < invoices.find((invoice) => invoice.id === id)!.issued) continue;
            left.set(id, left.get(id)! - amount);
            (payments[payment.day] ??= []).push([id, amount]);
          }
          const lateFee = withFee
            ? ({ kind: 'flat', amount: m(1_000), rateBps: null, period: 'week', capAmount: null, capShareBps: null } as const)
            : undefined;
          const { sent } = play({ invoices, payments, ladder: { minGapDays }, ...(lateFee && { lateFee }) });
          expect(new Set(sent.map((message) => message.words)).size).toBe(sent.length);
          expect(new Set(sent.map((message) => message.lead)).size).toBe(sent.length);
          for (let i = 1; i < sent.length; i++) {
            const [previous, next] = [sent[i - 1]!, sent[i]!];
            expect(next.fingerprint).not.toBe(previous.fingerprint);
            const days = next.day - previous.day;
            expect(days).toBeGreaterThanOrEqual(1);
            if (days < minGapDays)
              expect({ step: next.step, previousStep0: previous.step === 0 }).toEqual({ step: 0, previousStep0: false });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('issue 11 defect 8: a customer the step cannot reach is listed for the owner to call, once per step', () => {
  it.each([
    [{ hasPhone: false, hasEmail: false }, ['whatsapp', 'sms', 'email'], 'no_phone_or_email'],
    [{ hasPhone: true, hasEmail: false }, ['email'], 'no_channel_for_step'],
    [{ hasPhone: false, hasEmail: true }, ['whatsapp', 'sms'], 'no_channel_for_step'],
  ] as const)('%o with a ladder on %o: %s', (contact, channels, reason) => {
    const policy: CollectionPolicy = {
      ...base,
      reminders: { ...base.reminders, steps: base.reminders.steps.map((step) => ({ ...step, channels })) },
    };
    const customer: RunCustomer = {
      id: 'c',
      status: 'active',
      holdSource: null,
      escalationPausedUntil: null,
      policyId: 'p',
      ...contactOf(contact),
      lastReminder: null,
      limit: { effectiveLimit: null, limitLoweredOn: null, limitBeforeLowering: null, limitRestoredOn: null },
      settlements: [],
    };
    const invoice: RunInvoice = {
      id: 'A',
      number: 'INV-1',
      customerId: 'c',
      issueDate: d('2026-02-01'),
      dueDate: d('2026-03-10'),
      total: m(100_000),
      outstanding: m(100_000),
      policyId: 'p',
      feePeriodsDone: 0,
      feesCharged: m(0),
      reminderStepsDone: 1,
      planId: null,
      isDisputed: false,
      writeOffSuggested: false,
    };
    const decision = decideCollection({
      asOf: d('2026-03-10'),
      sendReminders: true,
      policies: new Map([['p', policy]]),
      customers: [customer],
      invoices: [invoice],
      plans: [],
      promises: [],
      coveredByPending: new Set(),
      configuredChannels: ALL_CHANNELS,
    });
    expect(decision.reminders).toEqual([]);
    expect(decision.unreachable.map((u) => [u.customerId, u.reason, u.step, u.amountDue])).toEqual([['c', reason, 0, 100_000]]);
    // The step counts as done (the owner was told), so tomorrow does not list it again.
    expect(decision.unreachable[0]?.advance).toEqual([{ itemKey: 'A', stepsDone: 2 }]);
  });
});

describe('issue 11 defect 2: a reported payment holds back escalation of what it covers, and releases nothing', () => {
  const policy: CollectionPolicy = {
    ...base,
    escalation: { ...base.escalation, holdAfterDaysOverdue: 5 },
  };
  const customer = (status: 'active' | 'on_hold'): RunCustomer => ({
    id: 'c',
    status,
    holdSource: status === 'active' ? null : 'policy',
    escalationPausedUntil: null,
    policyId: 'p',
    ...contactOf({ hasPhone: true, hasEmail: false }),
    lastReminder: null,
    limit: { effectiveLimit: null, limitLoweredOn: null, limitBeforeLowering: null, limitRestoredOn: null },
    settlements: [],
  });
  const invoice: RunInvoice = {
    id: 'A',
    number: 'INV-1',
    customerId: 'c',
    issueDate: d('2026-02-01'),
    dueDate: d('2026-03-01'),
    total: m(100_000),
    outstanding: m(100_000),
    policyId: 'p',
    feePeriodsDone: 0,
    feesCharged: m(0),
    reminderStepsDone: 9,
    planId: null,
    isDisputed: false,
    writeOffSuggested: false,
  };
  it.each([
    // status, covered by a report, expected change
    ['active', false, 'hold'],
    ['active', true, undefined],
    ['on_hold', true, undefined],
  ] as const)('%s, covered %s: %s', (status, covered, expected) => {
    const decision = decideCollection({
      asOf: d('2026-03-10'),
      sendReminders: false,
      policies: new Map([['p', policy]]),
      customers: [customer(status)],
      invoices: [invoice],
      plans: [],
      promises: [],
      coveredByPending: new Set(covered ? ['A'] : []),
      configuredChannels: ALL_CHANNELS,
    });
    expect(decision.holds[0]?.action).toBe(expected);
  });
});
