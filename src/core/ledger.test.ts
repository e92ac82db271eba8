import { describe, expect, it } from 'vitest';
import { AssertionFailed } from './assert.js';
import { calendarDate } from './dates.js';
import { buildEntry, lineTotal, reverseEntry } from './ledger.js';
import { minor } from './money.js';

const date = calendarDate('2026-01-01');
const meta = { code: 'credit_sale' as const, date, sourceType: 'invoice', sourceId: 'inv_1' };

describe('journal entries', () => {
  it('refuses an unbalanced entry', () =>
    expect(() =>
      buildEntry({
        ...meta,
        lines: [
          { account: 'receivable', amount: minor(100), customerId: 'c' },
          { account: 'revenue', amount: minor(-99) },
        ],
      }),
    ).toThrow(AssertionFailed));
  it('refuses a single line', () =>
    expect(() => buildEntry({ ...meta, lines: [{ account: 'revenue', amount: minor(0) }] })).toThrow(AssertionFailed));
  it('refuses a receivable line without its customer', () =>
    expect(() =>
      buildEntry({
        ...meta,
        lines: [
          { account: 'receivable', amount: minor(100) },
          { account: 'revenue', amount: minor(-100) },
        ],
      }),
    ).toThrow(AssertionFailed));
  it('drops zero lines', () => {
    const entry = buildEntry({
      ...meta,
      lines: [
        { account: 'receivable', amount: minor(100), customerId: 'c' },
        { account: 'revenue', amount: minor(-100) },
        { account: 'tax_payable', amount: minor(0) },
      ],
    });
    expect(entry.lines).toHaveLength(2);
  });
  it('a reversal negates every line and names what it reverses', () => {
    const original = {
      id: 'jnl_1',
      lines: [
        { account: 'receivable' as const, amount: minor(100), customerId: 'c', invoiceId: 'inv_1' },
        { account: 'revenue' as const, amount: minor(-100) },
      ],
    };
    const reversal = reverseEntry(original, date, 'invoice', 'inv_1', 'issued by mistake');
    expect(reversal).toMatchObject({ code: 'reversal', reversesEntryId: 'jnl_1' });
    expect(reversal.lines.map((l) => l.amount)).toEqual([-100, 100]);
    expect(lineTotal([...original.lines, ...reversal.lines])).toBe(0);
  });
});
