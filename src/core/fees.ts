/**
 * Late fees and early-payment discounts, as the policy writes them. A fee is
 * charged once per period (its period number is part of its idempotency key),
 * never past the cap, and never on the fees already charged; a discount is
 * granted once, when a payment settles the invoice inside the window.
 */
import { storeText, t } from './i18n/catalogue.js';
import { assert } from './assert.js';
import { type CalendarDate, addDays, daysBetween } from './dates.js';
import { type JournalEntryDraft, buildEntry } from './ledger.js';
import { type Minor, applyRateBps, minor, negMinor } from './money.js';
import { type EarlyDiscount, type LateFee, addMonthsClamped } from './policy.js';

/** A run never charges more than this many periods of one invoice at once (a year of weeks, with room). */
export const FEE_PERIODS_PER_RUN_MAX = 60;

/** The date period `k` (1-based) of a late fee is charged: the first day after grace, then every week or month. */
export function feePeriodDate(dueDate: CalendarDate, graceDays: number, period: 'week' | 'month', k: number): CalendarDate {
  assert(Number.isSafeInteger(k) && k >= 1, `fee period must be a positive integer, got ${k}`);
  const first = addDays(dueDate, graceDays + 1);
  return period === 'week' ? addDays(first, 7 * (k - 1)) : addMonthsClamped(first, k - 1);
}

/** How many fee periods have started on or before a date. */
export function feePeriodsStarted(
  dueDate: CalendarDate,
  graceDays: number,
  period: 'week' | 'month',
  asOf: CalendarDate,
): number {
  const first = addDays(dueDate, graceDays + 1);
  const days = daysBetween(first, asOf);
  if (days < 0) return 0;
  if (period === 'week') return Math.floor(days / 7) + 1;
  // Months are uneven: estimate, then step to the exact count (at most a step or two either way).
  let count = Math.floor(days / 31) + 1;
  while (feePeriodDate(dueDate, graceDays, period, count + 1) <= asOf) count++;
  while (count > 0 && feePeriodDate(dueDate, graceDays, period, count) > asOf) count--;
  return count;
}

/** The most fees may add up to on an invoice of this total; null: no cap. */
export function feeCap(fee: Exclude<LateFee, { kind: 'none' }>, total: Minor): Minor | null {
  const caps: Minor[] = [];
  if (fee.capAmount !== null) caps.push(fee.capAmount);
  // A share cap rounds down: the cap must never let fees exceed the written share.
  if (fee.capShareBps !== null) caps.push(applyRateBps(total, fee.capShareBps, 'down'));
  return caps.length === 0 ? null : minor(Math.min(...caps));
}

/**
 * The fee for one period: the flat amount, or the rate of the overdue
 * principal, trimmed to what the cap leaves. The principal is what is
 * outstanding less the fees charged (payments count against the principal
 * first), never more than the invoice total: fees never earn fees, and once
 * only fees are left unpaid no new fee is charged.
 */
export function feeForPeriod(
  fee: Exclude<LateFee, { kind: 'none' }>,
  invoice: { total: Minor; outstanding: Minor; feesCharged: Minor },
): Minor {
  const principal = minor(Math.min(invoice.total, invoice.outstanding - invoice.feesCharged));
  if (principal <= 0) return minor(0);
  const charge = fee.kind === 'flat' ? (fee.amount as Minor) : applyRateBps(principal, fee.rateBps as number);
  const cap = feeCap(fee, invoice.total);
  const room = cap === null ? charge : Math.max(0, cap - invoice.feesCharged);
  return minor(Math.max(0, Math.min(charge, room)));
}

/** The late-fee entry: debit the invoice's receivable, credit late-fee income. */
export function lateFeeEntry(ref: {
  feeId: string;
  invoiceId: string;
  customerId: string;
  date: CalendarDate;
  amount: Minor;
  memo: string;
}): JournalEntryDraft {
  return buildEntry({
    code: 'late_fee',
    date: ref.date,
    sourceType: 'late_fee',
    sourceId: ref.feeId,
    memo: ref.memo,
    lines: [
      { account: 'receivable', amount: ref.amount, customerId: ref.customerId, invoiceId: ref.invoiceId },
      { account: 'late_fee_income', amount: negMinor(ref.amount) },
    ],
  });
}

/**
 * The early-payment discount an invoice would get if it were settled on a date:
 * the rate of its total, rounded down, when the date is within the window from
 * the issue date, no fee was charged and no discount was granted yet; else 0.
 */
export function earlyDiscountDue(
  discount: EarlyDiscount | null,
  invoice: { issueDate: CalendarDate; total: Minor; feesCharged: Minor; discountGranted: Minor },
  paymentDate: CalendarDate,
): Minor {
  if (!discount || invoice.feesCharged > 0 || invoice.discountGranted > 0) return minor(0);
  const age = daysBetween(invoice.issueDate, paymentDate);
  if (age < 0 || age > discount.withinDays) return minor(0);
  return applyRateBps(invoice.total, discount.rateBps, 'down');
}

/** The discount entry: debit discounts given, credit the invoice's receivable. */
export function earlyDiscountEntry(ref: {
  sourceId: string;
  invoiceId: string;
  customerId: string;
  date: CalendarDate;
  amount: Minor;
}): JournalEntryDraft {
  return buildEntry({
    code: 'early_discount',
    date: ref.date,
    sourceType: 'payment',
    sourceId: ref.sourceId,
    memo: storeText(t('discount.memo')),
    lines: [
      { account: 'discounts_given', amount: ref.amount },
      { account: 'receivable', amount: negMinor(ref.amount), customerId: ref.customerId, invoiceId: ref.invoiceId },
    ],
  });
}
