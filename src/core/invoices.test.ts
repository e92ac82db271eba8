import { describe, expect, it } from 'vitest';
import { type Text, english } from './i18n/catalogue.js';
import { AssertionFailed } from './assert.js';
import { calendarDate } from './dates.js';
import {
  creditNoteEntry,
  dateErrors,
  formatDocumentNumber,
  issueEntry,
  lineErrors,
  invoiceStatusFor,
  priceLines,
  statusAfterSettlement,
  voidBlockReason,
  writeOffEntry,
} from './invoices.js';
import { lineTotal } from './ledger.js';
import { minor } from './money.js';

const line = (quantityMilli: number, unitPrice: number, discount?: number, taxRateBps?: number) => ({
  description: 'item',
  quantityMilli,
  unitPrice: minor(unitPrice),
  ...(discount === undefined ? {} : { discount: minor(discount) }),
  ...(taxRateBps === undefined ? {} : { taxRateBps }),
});

describe('pricing lines', () => {
  it.each([
    // quantity (thousandths), unit price, discount, tax bps -> amount, tax
    [1000, 50_000, undefined, undefined, 50_000, 0],
    [3000, 12_500, undefined, undefined, 37_500, 0],
    [1500, 100_000, undefined, undefined, 150_000, 0], // 1.5 hours
    [333, 10, undefined, undefined, 3, 0], // 0.333 × 10 = 3.33 -> 3
    [2000, 50_000, 10_000, undefined, 90_000, 0],
    [1000, 100_000, undefined, 1_100, 100_000, 11_000], // PPN 11%
    [1000, 12_345, undefined, 1_100, 12_345, 1_358], // 1357.95 rounds half up
  ])('%d/1000 × %d − %s, tax %s bps: amount %d, tax %d', (quantityMilli, unitPrice, discount, tax, amount, taxAmount) => {
    const totals = priceLines([line(quantityMilli, unitPrice, discount, tax)]);
    expect(totals.lines[0]?.amount).toBe(amount);
    expect(totals.lines[0]?.tax).toBe(taxAmount);
    expect(totals.total).toBe(amount + taxAmount);
  });

  it('adds the lines up', () => {
    const totals = priceLines([line(1000, 30_000), line(2000, 5_000, 1_000, 1_100)]);
    expect(totals.subtotal).toBe(39_000);
    expect(totals.tax).toBe(990);
    expect(totals.total).toBe(39_990);
  });

  it.each([
    [[], 'lines'],
    [[{ ...line(0, 100) }], 'lines[0].quantity'],
    [[{ ...line(1000, -1) }], 'lines[0].unitPrice'],
    [[{ ...line(1000, 100, 101) }], 'lines[0].discount'],
    [[{ ...line(1000, 100, undefined, 10_001) }], 'lines[0].taxRateBps'],
    [[{ ...line(1000, 100), description: '  ' }], 'lines[0].description'],
  ])('names the bad field of %j: %s', (lines, field) => expect(Object.keys(lineErrors(lines))).toContain(field));

  it('refuses to price invalid lines', () => expect(() => priceLines([line(1000, -5)])).toThrow(AssertionFailed));
});

describe('document numbers', () => {
  it.each([
    ['INV', '2026-03-01', 123, 'INV-2026-000123'],
    ['INV', '2027-01-01', 1, 'INV-2027-000001'],
    ['CN', '2026-12-31', 1_000_000, 'CN-2026-1000000'],
  ])('%s %s #%d is %s', (prefix, date, sequence, expected) =>
    expect(formatDocumentNumber(prefix, calendarDate(date), sequence)).toBe(expected),
  );
  it('has no number zero', () =>
    expect(() => formatDocumentNumber('INV', calendarDate('2026-01-01'), 0)).toThrow(AssertionFailed));
});

describe('dates and statuses', () => {
  it('refuses a due date before the issue date', () => {
    expect(dateErrors(calendarDate('2026-03-10'), calendarDate('2026-03-09'))).toHaveProperty('due');
    expect(dateErrors(calendarDate('2026-03-10'), calendarDate('2026-03-10'))).toEqual({});
  });
  it.each([
    [0, 'paid'],
    [1, 'open'],
  ])('outstanding %d is %s', (outstanding, status) => expect(statusAfterSettlement(minor(outstanding))).toBe(status));
  it.each([
    [{ status: 'open', total: 100, outstanding: 100 }, undefined],
    [{ status: 'open', total: 100, outstanding: 40 }, 'already has payments'],
    [{ status: 'paid', total: 100, outstanding: 0 }, 'is paid'],
    [{ status: 'void', total: 100, outstanding: 0 }, 'is voided'],
  ] as const)('void of %j: %s', (invoice, reason) => {
    const blocked = voidBlockReason({
      ...invoice,
      number: 'INV-1',
      total: minor(invoice.total),
      outstanding: minor(invoice.outstanding),
    });
    if (reason === undefined) expect(blocked).toBeUndefined();
    else expect(english(blocked as Text)).toContain(reason);
  });
});

describe('entries', () => {
  const ref = { invoiceId: 'inv_1', customerId: 'cus_1', date: calendarDate('2026-03-01') };
  it('issuing debits the receivable by the total and credits revenue and tax', () => {
    const entry = issueEntry({ ...ref, totals: priceLines([line(1000, 100_000, undefined, 1_100)]), isQuickSale: false });
    expect(lineTotal(entry.lines)).toBe(0);
    expect(entry.lines.find((l) => l.account === 'receivable')?.amount).toBe(111_000);
    expect(entry.lines.find((l) => l.account === 'tax_payable')?.amount).toBe(-11_000);
  });
  it('a quick sale without tax has no tax line', () => {
    const entry = issueEntry({ ...ref, totals: priceLines([line(1000, 5_000)]), isQuickSale: true });
    expect(entry.code).toBe('credit_sale');
    expect(entry.lines.map((l) => l.account)).toEqual(['receivable', 'revenue']);
  });
  it('credit note and write-off credit the receivable of the invoice', () => {
    const note = creditNoteEntry({ ...ref, creditNoteId: 'crn_1', amount: minor(500), reason: 'x' });
    const writeOff = writeOffEntry({ ...ref, outstanding: minor(700), reason: 'x' });
    expect(note.lines.find((l) => l.account === 'receivable')).toMatchObject({ amount: -500, invoiceId: 'inv_1' });
    expect(writeOff.lines.find((l) => l.account === 'bad_debt')?.amount).toBe(700);
  });
});

describe('the one open/paid rule', () => {
  it.each([
    ['open', 0, 'paid'],
    ['open', 1, 'open'],
    ['open', 250_000, 'open'],
    ['paid', 0, 'paid'],
    ['paid', 1, 'open'],
    ['paid', 250_000, 'open'],
    ['void', 0, 'void'],
    ['void', 1, 'void'],
    ['written_off', 0, 'written_off'],
    ['written_off', 1, 'written_off'],
  ] as const)('issue 13 part 1: an invoice %s with %i outstanding is %s', (status, outstanding, expected) => {
    expect(invoiceStatusFor(status, outstanding)).toBe(expected);
  });

  it('issue 13 part 1: a negative outstanding is refused', () => {
    expect(() => invoiceStatusFor('open', -1)).toThrow(AssertionFailed);
  });
});
