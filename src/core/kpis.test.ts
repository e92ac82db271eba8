import { describe, expect, it } from 'vitest';
import { calendarDate as d } from './dates.js';
import { buildForecast } from './forecast.js';
import { computeKpis, countbackMonths, dsoCountback } from './kpis.js';
import { type Minor, minor } from './money.js';

const m = (value: number) => minor(value);

describe('KPIs on a hand-computed month', () => {
  const kpis = computeKpis({
    from: d('2026-03-01'),
    to: d('2026-03-31'),
    receivableStart: m(100_000),
    receivableEnd: m(150_000),
    receivableCurrentEnd: m(60_000),
    receivableOver90End: m(15_000),
    creditSales: m(300_000),
    feesCharged: m(0),
    discountsGiven: m(0),
    collected: m(250_000),
    credited: m(0),
    billedByMonthBack: [m(120_000), m(100_000), m(80_000)],
    settled: [
      { issueDate: d('2026-03-01'), dueDate: d('2026-03-15'), settledOn: d('2026-03-10') },
      { issueDate: d('2026-02-20'), dueDate: d('2026-03-06'), settledOn: d('2026-03-16') },
      { issueDate: d('2026-03-05'), dueDate: d('2026-03-19'), settledOn: d('2026-03-19') },
    ],
  });

  it('DSO simple: 150,000 / 300,000 x 31 days', () => expect(kpis.dsoSimple).toBe(15.5));
  it('DSO countback: all of March (31 days) and 30,000 of February’s 100,000 (28 x 0.3)', () =>
    expect([kpis.dsoCountback, kpis.dsoCountbackExhausted]).toEqual([39.4, false]));
  it('CEI: (100,000 + 300,000 - 150,000) / (100,000 + 300,000 - 60,000)', () => expect(kpis.cei).toBe(73.5));
  it('cleared: start + sales - end', () => expect(kpis.cleared).toBe(250_000));
  it('days to pay (9, 24, 14), days late (0, 10, 0), on time 2 of 3', () =>
    expect([kpis.invoicesSettled, kpis.avgDaysToPay, kpis.avgDaysLate, kpis.onTimeShare]).toEqual([3, 15.7, 3.3, 66.7]));
  it('share over 90 days: 15,000 of 150,000', () => expect(kpis.over90Share).toBe(10));

  it.each([
    // [sales, fees, discounts, end, current end, billed, cleared, CEI]
    { sales: 100_000, fees: 6_000, discounts: 0, end: 106_000, current: 0, billed: 106_000, cleared: 0, cei: 0 },
    { sales: 100_000, fees: 0, discounts: 5_000, end: 0, current: 0, billed: 95_000, cleared: 95_000, cei: 100 },
    { sales: 100_000, fees: 6_000, discounts: 0, end: 0, current: 0, billed: 106_000, cleared: 106_000, cei: 100 },
  ])(
    'billed counts fees and discounts like the receivable does: $sales + $fees - $discounts, CEI $cei',
    ({ sales, fees, discounts, end, current, billed, cleared, cei }) => {
      const kpis = computeKpis({
        from: d('2026-03-01'),
        to: d('2026-03-31'),
        receivableStart: m(0),
        receivableEnd: m(end),
        receivableCurrentEnd: m(current),
        receivableOver90End: m(0),
        creditSales: m(sales),
        feesCharged: m(fees),
        discountsGiven: m(discounts),
        collected: m(cleared),
        credited: m(0),
        billedByMonthBack: [m(billed)],
        settled: [],
      });
      expect([kpis.billed, kpis.cleared, kpis.cei]).toEqual([billed, cleared, cei]);
    },
  );

  it.each([
    // Start 0, sales 100,000, all cleared by the end: how it was cleared decides the CEI.
    { how: 'paid in full', collected: 100_000, credited: 0, cei: 100 },
    { how: 'half paid, half written off', collected: 50_000, credited: 0, cei: 50 },
    { how: 'written off whole', collected: 0, credited: 0, cei: 0 },
    { how: '40,000 credited, 60,000 paid', collected: 60_000, credited: 40_000, cei: 100 },
    { how: 'credited whole', collected: 0, credited: 100_000, cei: null },
  ])('issue 11 (tester): the CEI counts only money collected: $how gives $cei', ({ collected, credited, cei }) => {
    const kpis = computeKpis({
      from: d('2026-03-01'),
      to: d('2026-03-31'),
      receivableStart: m(0),
      receivableEnd: m(0),
      receivableCurrentEnd: m(0),
      receivableOver90End: m(0),
      creditSales: m(100_000),
      feesCharged: m(0),
      discountsGiven: m(0),
      collected: m(collected),
      credited: m(credited),
      billedByMonthBack: [m(100_000)],
      settled: [],
    });
    expect([kpis.cleared, kpis.collected, kpis.cei]).toEqual([100_000, collected, cei]);
  });

  it('gives null where a ratio has nothing to divide by', () => {
    const empty = computeKpis({
      from: d('2026-03-01'),
      to: d('2026-03-31'),
      receivableStart: m(0),
      receivableEnd: m(0),
      receivableCurrentEnd: m(0),
      receivableOver90End: m(0),
      creditSales: m(0),
      feesCharged: m(0),
      discountsGiven: m(0),
      collected: m(0),
      credited: m(0),
      billedByMonthBack: [],
      settled: [],
    });
    expect([empty.dsoSimple, empty.dsoCountback, empty.cei, empty.avgDaysToPay, empty.onTimeShare, empty.over90Share]).toEqual([
      null,
      0,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('DSO countback', () => {
  it('counts the month so far, then whole months back, across a year end and February of a leap year', () => {
    expect(countbackMonths(d('2026-03-10'), 4)).toEqual([
      { month: '2026-03', days: 10 },
      { month: '2026-02', days: 28 },
      { month: '2026-01', days: 31 },
      { month: '2025-12', days: 31 },
    ]);
    expect(countbackMonths(d('2024-03-31'), 2)[1]).toEqual({ month: '2024-02', days: 29 });
  });

  it('says when the sales history runs out before the receivable', () => {
    expect(dsoCountback(500, [100, 100], [{ days: 31 }, { days: 28 }])).toEqual({ days: 59, exhausted: true });
    expect(dsoCountback(50, [100], [{ days: 10 }])).toEqual({ days: 5, exhausted: false });
  });
});

describe('the forecast', () => {
  const forecast = buildForecast({
    asOf: d('2026-03-02'),
    currency: 'IDR',
    items: [
      { invoiceId: 'a1', customerId: 'A', dueDate: d('2026-03-05'), outstanding: m(300), disputed: false, planId: null },
      { invoiceId: 'b1', customerId: 'B', dueDate: d('2026-02-20'), outstanding: m(400), disputed: false, planId: null },
      { invoiceId: 'c1', customerId: 'C', dueDate: d('2026-01-01'), outstanding: m(50), disputed: false, planId: null },
      { invoiceId: 'd1', customerId: 'D', dueDate: d('2026-02-01'), outstanding: m(70), disputed: true, planId: null },
      { invoiceId: 'e1', customerId: 'E', dueDate: d('2026-02-01'), outstanding: m(150), disputed: false, planId: 'P' },
    ],
    latenessByCustomer: new Map([
      ['A', [0, 7, 14]],
      ['B', [1]],
    ]),
    plans: [
      {
        id: 'P',
        instalments: [
          { dueDate: d('2026-03-09'), amount: m(100) },
          { dueDate: d('2026-03-23'), amount: m(100) },
          { dueDate: d('2026-04-06'), amount: m(100) },
        ],
      },
    ],
    promises: [{ customerId: 'A', promisedDate: d('2026-03-16'), amount: m(100) }],
  });
  const week = (n: number) => forecast.weeks[n - 1] as { fromInvoices: Minor; fromInstalments: Minor; fromPromises: Minor };

  it('spreads an invoice over its customer’s past lateness, after the promised part', () => {
    // A's 300 less the 100 promised: 200 over due+0 (week 1), due+7 (week 2), due+14 (week 3).
    expect([week(1).fromInvoices - 400, week(2).fromInvoices, week(3).fromInvoices]).toEqual([67, 67, 66]);
    expect(week(3).fromPromises).toBe(100);
  });

  it('borrows the business pattern for a customer with little history, dropping outcomes already past', () => {
    // B: of due+0, +7, +14 and +1 only 2026-03-06 is still ahead: all 400 in week 1.
    expect(week(1).fromInvoices).toBe(467);
  });

  it('puts an invoice later than every past lateness at risk, and disputed amounts aside', () => {
    expect([forecast.atRisk, forecast.disputed]).toEqual([50, 70]);
  });

  it('expects a plan’s open amount on its last instalments', () => {
    expect([week(4).fromInstalments, week(6).fromInstalments, week(2).fromInstalments]).toEqual([50, 100, 0]);
  });

  it('adds up to the open receivable exactly', () => {
    const expected = forecast.weeks.reduce((sum, w) => sum + w.expected, 0);
    expect(expected + forecast.later + forecast.atRisk + forecast.disputed).toBe(forecast.openReceivable);
    expect(forecast.openReceivable).toBe(970);
  });
});
