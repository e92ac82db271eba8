import { describe, expect, it } from 'vitest';
import { bucketFor, bucketsFor, buildAging, filterAging, parseBucketBounds } from './aging.js';
import { type Text, english } from './i18n/catalogue.js';
import { calendarDate } from './dates.js';
import { minor } from './money.js';

describe('buckets', () => {
  it('default bounds give the contract keys', () =>
    expect(bucketsFor([30, 60, 90]).map((b) => b.key)).toEqual(['current', '1-30', '31-60', '61-90', '90+']));
  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [90, '61-90'],
    [91, '90+'],
    [4000, '90+'],
  ])('%d days past due is %s', (days, key) => expect(bucketFor(bucketsFor([30, 60, 90]), days).key).toBe(key));
  it.each([
    ['7,14', [7, 14]],
    ['30, 60, 90', [30, 60, 90]],
    ['60,30', 'strictly ascending'],
    ['0,30', 'positive'],
    ['a,b', 'positive'],
    ['', 'positive'],
  ])('parses %j', (text, expected) => {
    const parsed = parseBucketBounds(text);
    if (Array.isArray(expected)) expect(parsed).toEqual(expected);
    else expect(english(parsed as Text)).toContain(expected);
  });
});

describe('buildAging', () => {
  it('sorts each item into its bucket and adds up per customer and in total', () => {
    const report = buildAging({
      asOf: calendarDate('2026-11-22'),
      currency: 'IDR',
      bounds: [30, 60, 90],
      customerNames: new Map([
        ['cus_a', 'Ani'],
        ['cus_b', 'Bayu'],
      ]),
      items: [
        { customerId: 'cus_a', dueDate: calendarDate('2026-11-30'), outstanding: minor(10_000) },
        { customerId: 'cus_a', dueDate: calendarDate('2026-10-01'), outstanding: minor(20_000) }, // 52 days
        { customerId: 'cus_b', dueDate: calendarDate('2026-06-01'), outstanding: minor(5_000) }, // 174 days
        { customerId: 'cus_b', dueDate: calendarDate('2026-11-21'), outstanding: minor(0) },
      ],
    });
    expect(report.totals).toEqual({
      outstanding: 35_000,
      byBucket: { current: 10_000, '1-30': 0, '31-60': 20_000, '61-90': 0, '90+': 5_000 },
    });
    expect(report.customers.map((c) => [c.name, c.outstanding])).toEqual([
      ['Ani', 30_000],
      ['Bayu', 5_000],
    ]);
  });
});

describe('filtering the aging report', () => {
  it('keeps whole customers and totals only what it keeps', () => {
    const report = buildAging({
      asOf: calendarDate('2026-03-31'),
      currency: 'IDR',
      bounds: [30, 60, 90],
      items: [
        { customerId: 'a', dueDate: calendarDate('2026-03-01'), outstanding: minor(1000) },
        { customerId: 'a', dueDate: calendarDate('2026-04-10'), outstanding: minor(500) },
        { customerId: 'b', dueDate: calendarDate('2026-01-01'), outstanding: minor(200) },
      ],
      customerNames: new Map(),
    });
    const big = filterAging(report, (row) => row.outstanding >= 1000);
    expect(big.customers.map((row) => row.customerId)).toEqual(['a']);
    expect(big.totals).toEqual({ outstanding: 1500, byBucket: { current: 500, '1-30': 1000, '31-60': 0, '61-90': 0, '90+': 0 } });
    expect(filterAging(report, () => false).totals.outstanding).toBe(0);
    expect(filterAging(report, () => true).totals).toEqual(report.totals);
  });
});
