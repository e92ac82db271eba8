import { describe, expect, it } from 'vitest';
import { type CreditCheckInput, checkCredit } from './credit-check.js';
import { calendarDate } from './dates.js';
import { minor } from './money.js';
import { render } from './i18n/catalogue.js';

const base: CreditCheckInput = {
  status: 'active',
  holdReason: null,
  creditLimit: minor(500_000),
  balance: minor(400_000),
  credit: minor(0),
  openItems: [{ dueDate: calendarDate('2026-11-30'), outstanding: minor(400_000) }],
  saleAmount: minor(50_000),
  today: calendarDate('2026-11-22'),
  overdueBlockDays: 30,
};

describe('checkCredit', () => {
  it.each([
    ['within the limit', {}, 'allow', undefined],
    ['exactly at the limit', { saleAmount: minor(100_000) }, 'allow', undefined],
    ['one rupiah over', { saleAmount: minor(100_001) }, 'refuse', 'credit_limit_exceeded'],
    ['no limit at all', { creditLimit: null, saleAmount: minor(10_000_000) }, 'allow', undefined],
    ['limit zero: no credit', { creditLimit: minor(0), balance: minor(0), openItems: [] }, 'refuse', 'credit_limit_exceeded'],
    [
      'credit held lowers exposure',
      { balance: minor(0), credit: minor(100_000), openItems: [], saleAmount: minor(600_000) },
      'allow',
      undefined,
    ],
    ['on hold', { status: 'on_hold', holdReason: 'bounced transfer' }, 'refuse', 'customer_on_hold'],
    ['in collection', { status: 'in_collection' }, 'refuse', 'customer_on_hold'],
    ['written off', { status: 'written_off' }, 'refuse', 'customer_on_hold'],
    [
      'overdue 30 days is still allowed',
      { openItems: [{ dueDate: calendarDate('2026-10-23'), outstanding: minor(400_000) }] },
      'allow',
      undefined,
    ],
    [
      'overdue 31 days is blocked',
      { openItems: [{ dueDate: calendarDate('2026-10-22'), outstanding: minor(400_000) }] },
      'refuse',
      'customer_on_hold',
    ],
    [
      'overdue rule off',
      { overdueBlockDays: null, openItems: [{ dueDate: calendarDate('2025-01-01'), outstanding: minor(1) }] },
      'allow',
      undefined,
    ],
    ['hold beats limit', { status: 'on_hold', saleAmount: minor(1_000_000) }, 'refuse', 'customer_on_hold'],
    ['override with reason', { saleAmount: minor(200_000), overrideReason: 'pays every Friday' }, 'override', undefined],
    [
      'blank override reason does not count',
      { saleAmount: minor(200_000), overrideReason: '   ' },
      'refuse',
      'credit_limit_exceeded',
    ],
  ] as const)('%s', (_name, change, decision, code) => {
    const result = checkCredit({ ...base, ...change } as CreditCheckInput);
    expect(result.decision).toBe(decision);
    if (code) expect(result.decision === 'refuse' && result.code).toBe(code);
  });

  it('gives the numbers with a refusal', () => {
    const result = checkCredit({ ...base, saleAmount: minor(135_000) });
    expect(result).toMatchObject({
      decision: 'refuse',
      code: 'credit_limit_exceeded',
      shortfall: 35_000,
      figures: { limit: 500_000, exposure: 400_000, exposureAfterSale: 535_000 },
    });
  });

  it('reports overdue days and amount', () => {
    const result = checkCredit({
      ...base,
      openItems: [
        { dueDate: calendarDate('2026-11-01'), outstanding: minor(100_000) },
        { dueDate: calendarDate('2026-11-15'), outstanding: minor(50_000) },
        { dueDate: calendarDate('2026-12-01'), outstanding: minor(250_000) },
      ],
    });
    expect(result.figures).toMatchObject({ overdueDays: 21, overdueAmount: 150_000 });
  });

  it('issue 11 (tester): a refusal for an overdue bill says so, not that the customer is on hold (a released customer read it)', () => {
    const result = checkCredit({ ...base, today: calendarDate('2027-01-10') });
    expect(result.decision === 'refuse' && result.code).toBe('customer_on_hold');
    const text = result.decision === 'refuse' ? render(result.text, { language: 'id', currency: 'IDR' }) : '';
    expect(text).toBe(
      'tidak ada kredit baru selama ada tagihan terlambat 41 hari (batas usaha 30 hari): tagih dulu, atau pemilik menjual dengan --override-reason',
    );
    expect(text).not.toContain('ditahan');
  });
});
