import { describe, expect, it } from 'vitest';
import { calendarDate } from './dates.js';
import { minor } from './money.js';
import { reminderText } from './messages.js';

const reminder = (locale: 'id' | 'en') =>
  reminderText({
    businessName: 'Toko Sari',
    customerName: 'Bu Wati',
    currency: 'IDR',
    locale,
    tone: 'firm',
    asOf: calendarDate('2026-12-10'),
    lines: [
      { label: 'INV-2026-000001', instalmentSeq: null, dueDate: calendarDate('2026-12-08'), amount: minor(150_000) },
      { label: '1/3', instalmentSeq: 1, dueDate: calendarDate('2026-12-09'), amount: minor(50_000) },
    ],
    amountDue: minor(200_000),
    paymentInstructions: null,
    lateFee: { kind: 'rate', rateBps: 200, amount: null, period: 'month', capAmount: null, capShareBps: null },
  });

describe('reminder texts', () => {
  it('issue 11 defect 12: a reminder writes 2% and 8 Desember 2026, and labels instalments in its own language', () => {
    const id = reminder('id');
    expect(id).toContain('- INV-2026-000001: Rp 150.000 (jatuh tempo 8 Desember 2026, terlambat 2 hari)');
    expect(id).toContain('- cicilan 1/3: Rp 50.000 (jatuh tempo 9 Desember 2026, terlambat 1 hari)');
    expect(id).toContain('denda 2% per bulan');
    expect(id).not.toMatch(/2\.00%|2026-12-0/);

    const en = reminder('en');
    expect(en).toContain('- INV-2026-000001: Rp 150.000 (due 8 December 2026, 2 days overdue)');
    expect(en).toContain('- instalment 1/3: Rp 50.000 (due 9 December 2026, 1 day overdue)');
    expect(en).toContain('a fee of 2% per month');
    expect(en).not.toMatch(/cicilan|2\.00%|2026-12-0/);
  });

  it('issue 11 (tester): each line says how far it is from its due date, so messages on different days never read the same', () => {
    const on = (asOf: string, locale: 'id' | 'en') =>
      reminderText({
        businessName: 'Toko Sari',
        customerName: 'Bu Wati',
        currency: 'IDR',
        locale,
        tone: 'friendly',
        asOf: calendarDate(asOf),
        lines: [{ label: 'INV-2026-000001', instalmentSeq: null, dueDate: calendarDate('2026-12-08'), amount: minor(100_000) }],
        amountDue: minor(100_000),
        paymentInstructions: null,
        lateFee: { kind: 'none' },
      });
    expect(on('2026-12-05', 'id')).toContain('(jatuh tempo 8 Desember 2026, 3 hari lagi)');
    expect(on('2026-12-08', 'id')).toContain('(jatuh tempo 8 Desember 2026, hari ini)');
    expect(on('2026-12-29', 'id')).toContain('(jatuh tempo 8 Desember 2026, terlambat 21 hari)');
    expect(on('2026-12-07', 'en')).toContain('(due 8 December 2026, in 1 day)');
    expect(on('2026-12-08', 'en')).toContain('(due 8 December 2026, today)');
    expect(on('2026-12-15', 'en')).toContain('(due 8 December 2026, 7 days overdue)');
    const days = ['2026-12-05', '2026-12-08', '2026-12-11', '2026-12-15', '2026-12-22', '2026-12-29'];
    expect(new Set(days.map((day) => on(day, 'id'))).size).toBe(days.length);
  });
});
