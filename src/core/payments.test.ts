import { describe, expect, it } from 'vitest';
import { AssertionFailed } from './assert.js';
import { calendarDate } from './dates.js';
import { lineTotal } from './ledger.js';
import { minor } from './money.js';
import {
  type CreditMove,
  type OpenItem,
  allocate,
  creditApplicationEntry,
  creditApplications,
  creditTrails,
  methodErrors,
  paymentEntry,
} from './payments.js';

const item = (invoiceId: string, dueDate: string, outstanding: number, issueDate = '2026-01-01'): OpenItem => ({
  invoiceId,
  issueDate: calendarDate(issueDate),
  dueDate: calendarDate(dueDate),
  number: invoiceId,
  outstanding: minor(outstanding),
});

const open = [item('b', '2026-02-10', 30_000), item('a', '2026-01-15', 20_000), item('c', '2026-03-01', 50_000)];

describe('allocate', () => {
  it.each([
    // amount, target, expected allocations, unapplied
    [10_000, undefined, [['a', 10_000]], 0],
    [20_000, undefined, [['a', 20_000]], 0],
    [
      35_000,
      undefined,
      [
        ['a', 20_000],
        ['b', 15_000],
      ],
      0,
    ],
    [
      100_000,
      undefined,
      [
        ['a', 20_000],
        ['b', 30_000],
        ['c', 50_000],
      ],
      0,
    ],
    [
      120_000,
      undefined,
      [
        ['a', 20_000],
        ['b', 30_000],
        ['c', 50_000],
      ],
      20_000,
    ],
    [10_000, 'c', [['c', 10_000]], 0],
    [60_000, 'c', [['c', 50_000]], 10_000],
  ] as const)('%d to %s', (amount, target, expected, unapplied) => {
    const plan = allocate(minor(amount), open, target);
    expect(plan.allocations.map((a) => [a.invoiceId, a.amount])).toEqual(expected);
    expect(plan.unapplied).toBe(unapplied);
  });

  it('with nothing open, all of it is credit', () =>
    expect(allocate(minor(5_000), [])).toEqual({ allocations: [], unapplied: 5_000 }));

  it('breaks equal due dates by issue date, then number', () => {
    const tied = [
      item('z', '2026-02-01', 100, '2026-01-02'),
      item('y', '2026-02-01', 100, '2026-01-01'),
      item('x', '2026-02-01', 100, '2026-01-02'),
    ];
    expect(allocate(minor(250), tied).allocations.map((a) => a.invoiceId)).toEqual(['y', 'x', 'z']);
  });

  it('refuses a zero or negative amount as a bug', () => expect(() => allocate(minor(0), open)).toThrow(AssertionFailed));
});

describe('payment entries', () => {
  it('balance with allocations and credit', () => {
    const plan = allocate(minor(120_000), open);
    const entry = paymentEntry({
      paymentId: 'pay_1',
      customerId: 'cus_1',
      date: calendarDate('2026-03-01'),
      method: 'ewallet',
      amount: minor(120_000),
      plan,
    });
    expect(lineTotal(entry.lines)).toBe(0);
    expect(entry.lines[0]).toMatchObject({ account: 'cash:ewallet', amount: 120_000 });
    expect(entry.lines.find((l) => l.account === 'customer_credit')?.amount).toBe(-20_000);
  });
  it('applying credit debits customer credit', () => {
    const entry = creditApplicationEntry({
      sourceType: 'invoice',
      sourceId: 'inv_1',
      customerId: 'cus_1',
      date: calendarDate('2026-03-01'),
      allocations: [{ invoiceId: 'inv_1', amount: minor(700) }],
    });
    expect(entry?.lines[0]).toMatchObject({ account: 'customer_credit', amount: 700 });
    expect(
      creditApplicationEntry({
        sourceType: 'invoice',
        sourceId: 'inv_1',
        customerId: 'cus_1',
        date: calendarDate('2026-03-01'),
        allocations: [],
      }),
    ).toBeUndefined();
  });
});

describe('methods and providers', () => {
  it.each([
    ['cash', undefined, {}],
    ['ewallet', 'gopay', {}],
    ['ewallet', undefined, 'provider'],
    ['ewallet', 'paypal', 'provider'],
    ['cash', 'ovo', 'provider'],
  ] as const)('%s with %s', (method, provider, expected) => {
    const errors = methodErrors(method, provider);
    if (typeof expected === 'string') expect(errors).toHaveProperty(expected);
    else expect(errors).toEqual({});
  });
});

describe('issue 11 defect 3: credit applied to open invoices, oldest due first, dated when both existed', () => {
  const moved = (i: OpenItem, lastMovedOn: string) => ({ ...i, lastMovedOn: calendarDate(lastMovedOn) });
  it.each([
    // credit, credit since, items (id, due, outstanding, last moved), expected [date, [[invoice, amount]]]
    [30_000, '2026-01-10', [['a', '2026-01-15', 70_000, '2026-01-05']], [['2026-01-10', [['a', 30_000]]]]],
    [
      60_000,
      '2026-01-10',
      [
        ['b', '2026-02-10', 30_000, '2026-01-20'],
        ['a', '2026-01-15', 20_000, '2026-01-05'],
      ],
      [
        ['2026-01-10', [['a', 20_000]]],
        ['2026-01-20', [['b', 30_000]]],
      ],
    ],
    [500, '2026-01-10', [['a', '2026-01-15', 500, '2026-01-01']], [['2026-01-10', [['a', 500]]]]],
    [0, '2026-01-10', [['a', '2026-01-15', 500, '2026-01-01']], []],
  ] as const)('%i of credit since %s over %o', (credit, since, items, expected) => {
    const entries = creditApplications({
      customerId: 'cus_1',
      credit: minor(credit),
      creditSince: calendarDate(since),
      openItems: items.map(([id, due, outstanding, last]) => moved(item(id, due, outstanding), last)),
    });
    expect(
      entries.map((entry) => [
        entry.date,
        entry.lines.filter((line) => line.account === 'receivable').map((line) => [line.invoiceId, -line.amount]),
      ]),
    ).toEqual(expected);
    for (const entry of entries) {
      expect(entry.code).toBe('credit_applied');
      expect(lineTotal(entry.lines)).toBe(0);
    }
  });
});

describe('issue 11 (tester): what became of each payment left over, first in, first out', () => {
  const added = (paymentId: string, amount: number): CreditMove => ({ kind: 'added', paymentId, amount: minor(amount) });
  const applied = (date: string, ...allocations: [string, number][]): CreditMove => ({
    kind: 'applied',
    date: calendarDate(date),
    allocations: allocations.map(([invoiceId, amount]) => ({ invoiceId, amount: minor(amount) })),
  });
  it.each([
    ['applied at once', [added('p1', 10_000), applied('2026-01-05', ['a', 10_000])], { p1: [[['a', 10_000, '2026-01-05']], 0] }],
    [
      'kept, then partly used by a later invoice',
      [added('p1', 20_000), applied('2026-01-07', ['c', 15_000])],
      { p1: [[['c', 15_000, '2026-01-07']], 5_000] },
    ],
    ['nothing used', [added('p1', 20_000)], { p1: [[], 20_000] }],
    [
      'the older leftover is spent first, an application split across two payments',
      [added('p1', 5_000), added('p2', 8_000), applied('2026-02-01', ['a', 7_000]), applied('2026-02-03', ['b', 4_000])],
      {
        p1: [[['a', 5_000, '2026-02-01']], 0],
        p2: [
          [
            ['a', 2_000, '2026-02-01'],
            ['b', 4_000, '2026-02-03'],
          ],
          2_000,
        ],
      },
    ],
    [
      'one application over two invoices',
      [added('p1', 9_000), applied('2026-03-01', ['a', 4_000], ['b', 5_000])],
      {
        p1: [
          [
            ['a', 4_000, '2026-03-01'],
            ['b', 5_000, '2026-03-01'],
          ],
          0,
        ],
      },
    ],
  ] as const)('%s', (_name, moves, expected) => {
    const trails = creditTrails(moves);
    expect(
      Object.fromEntries(
        [...trails].map(([paymentId, trail]) => [
          paymentId,
          [trail.applied.map((a) => [a.invoiceId, a.amount, a.date]), trail.remaining],
        ]),
      ),
    ).toEqual(expected);
  });
});
