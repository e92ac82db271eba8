/**
 * Invoices: lines, totals, numbers, and the journal entries that issue and
 * correct them. An issued amount is never edited; corrections are credit notes,
 * write-offs and voids, each its own entry.
 */
import { assert } from './assert.js';
import { type CalendarDate, addDays, compareDates, yearOf } from './dates.js';
import { type JournalEntryDraft, buildEntry } from './ledger.js';
import {
  type Bps,
  type Minor,
  MONEY_MAX,
  applyRateBps,
  fitsMoney,
  minor,
  negMinor,
  roundDiv,
  subMinor,
  sumMinor,
} from './money.js';
import { type Text, t } from './i18n/catalogue.js';

export const INVOICE_STATUSES = ['open', 'paid', 'void', 'written_off'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Quantities are kept in thousandths so that 1.5 hours is exact: 1500. */
export const QUANTITY_SCALE = 1000;
export const LINES_PER_INVOICE_MAX = 200;

export interface LineInput {
  readonly description: string;
  /** Thousandths of a unit. */
  readonly quantityMilli: number;
  readonly unitPrice: Minor;
  readonly discount?: Minor | undefined;
  readonly taxRateBps?: Bps | undefined;
}

export interface PricedLine extends LineInput {
  readonly discount: Minor;
  readonly taxRateBps: Bps | undefined;
  /** quantity × unit price − discount, before tax. */
  readonly amount: Minor;
  readonly tax: Minor;
}

export interface InvoiceTotals {
  readonly lines: readonly PricedLine[];
  readonly subtotal: Minor;
  readonly tax: Minor;
  readonly total: Minor;
}

/** Reasons per field why the lines cannot be priced, keyed `lines[i].field`. */
export function lineErrors(lines: readonly LineInput[]): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (lines.length === 0) errors.lines = t('invoice.no_lines');
  if (lines.length > LINES_PER_INVOICE_MAX) errors.lines = t('invoice.lines_max', { max: LINES_PER_INVOICE_MAX });
  lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    if (line.description.trim().length === 0) errors[`${at}.description`] = t('field.not_empty');
    if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli <= 0)
      errors[`${at}.quantity`] = t('field.positive_quantity');
    if (!Number.isSafeInteger(line.unitPrice) || line.unitPrice < 0) errors[`${at}.unitPrice`] = t('invoice.non_negative');
    const discount = line.discount ?? 0;
    if (!Number.isSafeInteger(discount) || discount < 0) errors[`${at}.discount`] = t('invoice.non_negative');
    const tax = line.taxRateBps;
    if (tax !== undefined && (!Number.isSafeInteger(tax) || tax < 0 || tax > 10_000))
      errors[`${at}.taxRateBps`] = t('invoice.tax_bps');
    if (errors[`${at}.quantity`] || errors[`${at}.unitPrice`] || errors[`${at}.discount`]) return;
    // In BigInt: quantity × unit price may pass the bound, and must be refused, not rounded.
    const gross = roundHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPrice), BigInt(QUANTITY_SCALE));
    if (gross > BigInt(MONEY_MAX)) {
      errors[`${at}.unitPrice`] = t('invoice.line_past_bound', { max: MONEY_MAX });
      return;
    }
    if (discount > gross) errors[`${at}.discount`] = t('invoice.discount_over_gross');
    else if (tax !== undefined && !errors[`${at}.taxRateBps`]) {
      const net = minor(Number(gross) - discount);
      if (!fitsMoney(net, applyRateBps(net, tax))) errors[`${at}.taxRateBps`] = t('invoice.line_past_bound', { max: MONEY_MAX });
    }
  });
  if (Object.keys(errors).length === 0 && !fitsMoney(...lines.map(lineTotal)))
    errors.lines = t('invoice.total_past_bound', { max: MONEY_MAX });
  return errors;
}

/** quantity × unit price rounded half up, exactly, whatever its size. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** A checked line's amount plus its tax, exactly. */
function lineTotal(line: LineInput): bigint {
  const gross = roundHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPrice), BigInt(QUANTITY_SCALE));
  const net = minor(Number(gross) - (line.discount ?? 0));
  return BigInt(net) + BigInt(line.taxRateBps === undefined ? 0 : applyRateBps(net, line.taxRateBps));
}

/** Prices valid lines: amount = round(quantity × unit price) − discount; tax per line, half-up. */
export function priceLines(lines: readonly LineInput[]): InvoiceTotals {
  assert(Object.keys(lineErrors(lines)).length === 0, 'priceLines needs valid lines');
  const priced = lines.map((line): PricedLine => {
    const gross = roundDiv(BigInt(line.quantityMilli) * BigInt(line.unitPrice), BigInt(QUANTITY_SCALE));
    const discount = line.discount ?? minor(0);
    const amount = subMinor(gross, discount);
    const tax = line.taxRateBps === undefined ? minor(0) : applyRateBps(amount, line.taxRateBps);
    return { ...line, discount, taxRateBps: line.taxRateBps, amount, tax };
  });
  const subtotal = sumMinor(priced.map((line) => line.amount));
  const tax = sumMinor(priced.map((line) => line.tax));
  return { lines: priced, subtotal, tax, total: minor(subtotal + tax) };
}

/** The due date from the issue date and the terms in days. */
export function dueDateFromTerms(issueDate: CalendarDate, termsDays: number): CalendarDate {
  return addDays(issueDate, termsDays);
}

/** Reasons why issue and due dates do not fit together. */
export function dateErrors(issueDate: CalendarDate, dueDate: CalendarDate): Record<string, Text> {
  return compareDates(dueDate, issueDate) < 0 ? { due: t('invoice.due_before_issue', { due: dueDate, issue: issueDate }) } : {};
}

/** `INV-2026-000123`: the prefix, the year of the issue date, and the business's gap-free sequence. */
export function formatDocumentNumber(prefix: string, issueDate: CalendarDate, sequence: number): string {
  assert(Number.isSafeInteger(sequence) && sequence > 0, `sequence must be positive, got ${sequence}`);
  return `${prefix}-${yearOf(issueDate)}-${String(sequence).padStart(6, '0')}`;
}

/**
 * THE rule "open or paid" (decision 0016), the only place it is written: an
 * invoice that is open or paid follows its outstanding (nothing left: paid;
 * anything left: open); a void or written-off invoice keeps its status. The
 * store derives its SQL from this function (store/effects-writer.ts
 * `statusFollowingSql`), evaluated over every status and both kinds of outstanding.
 */
export function invoiceStatusFor(status: InvoiceStatus, outstanding: Minor | number): InvoiceStatus {
  assert(outstanding >= 0, `outstanding must not be negative, got ${outstanding}`);
  if (status !== 'open' && status !== 'paid') return status;
  return outstanding === 0 ? 'paid' : 'open';
}

/** Invoice status after its outstanding changed through a payment or credit. */
export function statusAfterSettlement(outstanding: Minor): InvoiceStatus {
  return invoiceStatusFor('open', outstanding);
}

interface IssueRef {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly date: CalendarDate;
}

/** Issuing: debit the customer's receivable, credit revenue and tax payable. */
export function issueEntry(ref: IssueRef & { totals: InvoiceTotals; isQuickSale: boolean; memo?: string }): JournalEntryDraft {
  const { totals } = ref;
  return buildEntry({
    code: ref.isQuickSale ? 'credit_sale' : 'invoice',
    date: ref.date,
    sourceType: 'invoice',
    sourceId: ref.invoiceId,
    memo: ref.memo,
    lines: [
      { account: 'receivable', amount: totals.total, customerId: ref.customerId, invoiceId: ref.invoiceId },
      { account: 'revenue', amount: negMinor(totals.subtotal) },
      { account: 'tax_payable', amount: negMinor(totals.tax) },
    ],
  });
}

/** A credit note reduces what the customer owes on one invoice and the revenue it earned. */
export function creditNoteEntry(ref: IssueRef & { creditNoteId: string; amount: Minor; reason: string }): JournalEntryDraft {
  return buildEntry({
    code: 'credit_note',
    date: ref.date,
    sourceType: 'credit_note',
    sourceId: ref.creditNoteId,
    memo: ref.reason,
    lines: [
      { account: 'revenue', amount: ref.amount },
      { account: 'receivable', amount: negMinor(ref.amount), customerId: ref.customerId, invoiceId: ref.invoiceId },
    ],
  });
}

/** A write-off moves what is still outstanding to bad debt. */
export function writeOffEntry(ref: IssueRef & { outstanding: Minor; reason: string }): JournalEntryDraft {
  return buildEntry({
    code: 'write_off',
    date: ref.date,
    sourceType: 'invoice',
    sourceId: ref.invoiceId,
    memo: ref.reason,
    lines: [
      { account: 'bad_debt', amount: ref.outstanding },
      { account: 'receivable', amount: negMinor(ref.outstanding), customerId: ref.customerId, invoiceId: ref.invoiceId },
    ],
  });
}

/** Why an invoice cannot take a correction (credit note, write-off) now, or undefined if it can. */
export function notOpenReason(invoice: { status: InvoiceStatus; number: string }): Text | undefined {
  return invoice.status === 'open' ? undefined : t('invoice.not_open', { number: invoice.number, status: invoice.status });
}

/** Why an invoice cannot be voided: only an open invoice nothing has been paid or credited on can be. */
export function voidBlockReason(invoice: {
  status: InvoiceStatus;
  number: string;
  total: Minor;
  outstanding: Minor;
}): Text | undefined {
  const notOpen = notOpenReason(invoice);
  if (notOpen) return notOpen;
  if (invoice.outstanding !== invoice.total) return t('invoice.has_payments', { number: invoice.number });
  return undefined;
}

export interface InvoiceLine {
  readonly description: string;
  readonly quantityMilli: number;
  readonly unitPrice: Minor;
  readonly discount: Minor;
  readonly taxRateBps: Bps | null;
  readonly amount: Minor;
  readonly tax: Minor;
}

export interface Invoice {
  readonly id: string;
  readonly businessId: string;
  readonly number: string;
  readonly customerId: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly reference: string | null;
  readonly currency: string;
  readonly subtotal: Minor;
  readonly tax: Minor;
  readonly total: Minor;
  readonly outstanding: Minor;
  readonly status: InvoiceStatus;
  readonly isQuickSale: boolean;
  readonly overrideReason: string | null;
  readonly createdAt: string;
  /** The collection policy version the invoice was issued under (fees, discount, grace). */
  readonly policyId: string | null;
}
