/**
 * Receivable KPIs for a period, per customer and for the business. Pure: the
 * figures come in as sums the store computed.
 *
 * Billed is what the period added to the receivable other than by collecting:
 * credit sales + late fees charged - early-payment discounts granted (fees and
 * discounts net of their reversals). The receivable holds fees and is lowered by
 * discounts, so the side it is compared with must count them too.
 * - DSO, simple: receivable at the end / billed in the period x days of the period.
 * - DSO, countback: the receivable at the end is matched against what was billed in
 *   the month so far, then in each month before, until it is used up; the days those
 *   bills span are the DSO (a part month counts in proportion). When the history
 *   runs out first, the DSO is the days read and `dsoCountbackExhausted` says so.
 * - CEI (collection effectiveness index): collected / (receivable at the start +
 *   billed - credited - current receivable at the end) x 100, where collected is
 *   the receivable paid with money in the period (payments, and credit applied,
 *   which is money received), credited is what credit notes took off (what was
 *   billed and not owed after all) and current means not yet due. A write-off is
 *   owed and not collected: it lowers the CEI.
 * - Average days to pay and days late: over the invoices settled by payment in the
 *   period, the mean of (settled - issued) and of max(0, settled - due), by count.
 * - Share paid on time: of those invoices, the share settled on or before the due date.
 * - Share over 90 days: of the receivable at the end, the share more than 90 days past due.
 * Ratios are null where their denominator is zero. Ratios and days are rounded to
 * one decimal; money stays in integer minor units.
 */
import { type CalendarDate, daysBetween, daysInMonth } from './dates.js';
import type { Minor } from './money.js';

/** Months the countback looks back at most. */
export const COUNTBACK_MONTHS_MAX = 24;

export interface KpiInput {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly receivableStart: Minor;
  readonly receivableEnd: Minor;
  /** Not yet due at the end of the period. */
  readonly receivableCurrentEnd: Minor;
  /** More than 90 days past due at the end of the period. */
  readonly receivableOver90End: Minor;
  readonly creditSales: Minor;
  /** Late fees charged in the period, net of waivers. */
  readonly feesCharged: Minor;
  /** Early-payment discounts granted in the period. */
  readonly discountsGiven: Minor;
  /** Receivable paid with money in the period: payments and credit applied. */
  readonly collected: Minor;
  /** Receivable taken off by credit notes in the period. */
  readonly credited: Minor;
  /** Billed (sales + fees - discounts) by month, newest first: [the month of `to` up to `to`, the month before, ...]. */
  readonly billedByMonthBack: readonly Minor[];
  /** Invoices settled by payment in the period. */
  readonly settled: readonly { issueDate: CalendarDate; dueDate: CalendarDate; settledOn: CalendarDate }[];
}

export interface Kpis {
  readonly receivableStart: Minor;
  readonly receivableEnd: Minor;
  readonly creditSales: Minor;
  readonly feesCharged: Minor;
  readonly discountsGiven: Minor;
  /** Credit sales + fees charged - discounts given. */
  readonly billed: number;
  /** What the period collected or otherwise cleared: start + billed - end. */
  readonly cleared: number;
  /** Of that, what was paid with money (payments and credit applied). */
  readonly collected: number;
  /** What credit notes took off in the period. */
  readonly credited: number;
  readonly dsoSimple: number | null;
  readonly dsoCountback: number | null;
  /** True when the countback ran out of sales history before the receivable was used up. */
  readonly dsoCountbackExhausted: boolean;
  readonly cei: number | null;
  readonly invoicesSettled: number;
  readonly avgDaysToPay: number | null;
  readonly avgDaysLate: number | null;
  readonly onTimeShare: number | null;
  readonly over90Share: number | null;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** The first day of the month of a date. */
export function monthOf(date: CalendarDate): string {
  return date.slice(0, 7);
}

/** The months of a countback from `to`, newest first: 'YYYY-MM' and the days each contributes. */
export function countbackMonths(to: CalendarDate, count = COUNTBACK_MONTHS_MAX): { month: string; days: number }[] {
  let year = Number(to.slice(0, 4));
  let month = Number(to.slice(5, 7));
  const months = [{ month: monthOf(to), days: Number(to.slice(8, 10)) }];
  while (months.length < count) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    months.push({ month: `${year}-${String(month).padStart(2, '0')}`, days: daysInMonth(year, month) });
  }
  return months;
}

export function dsoCountback(
  receivableEnd: number,
  billedByMonthBack: readonly number[],
  months: readonly { days: number }[],
): { days: number | null; exhausted: boolean } {
  if (receivableEnd <= 0) return { days: 0, exhausted: false };
  let remaining = receivableEnd;
  let days = 0;
  for (let index = 0; index < months.length; index++) {
    // A month whose discounts exceed its bills adds nothing to match against.
    const sales = Math.max(0, billedByMonthBack[index] ?? 0);
    const monthDays = (months[index] as { days: number }).days;
    if (remaining <= sales) return { days: oneDecimal(days + (monthDays * remaining) / sales), exhausted: false };
    remaining -= sales;
    days += monthDays;
  }
  return { days: days === 0 ? null : oneDecimal(days), exhausted: true };
}

export function computeKpis(input: KpiInput): Kpis {
  const periodDays = daysBetween(input.from, input.to) + 1;
  const countback = dsoCountback(
    input.receivableEnd,
    input.billedByMonthBack,
    countbackMonths(input.to, input.billedByMonthBack.length),
  );
  const billed = input.creditSales + input.feesCharged - input.discountsGiven;
  const ceiDenominator = input.receivableStart + billed - input.credited - input.receivableCurrentEnd;
  const cleared = input.receivableStart + billed - input.receivableEnd;
  const settled = input.settled;
  const toPay = settled.map((invoice) => daysBetween(invoice.issueDate, invoice.settledOn));
  const late = settled.map((invoice) => Math.max(0, daysBetween(invoice.dueDate, invoice.settledOn)));
  const mean = (values: readonly number[]) =>
    values.length === 0 ? null : oneDecimal(values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    receivableStart: input.receivableStart,
    receivableEnd: input.receivableEnd,
    creditSales: input.creditSales,
    feesCharged: input.feesCharged,
    discountsGiven: input.discountsGiven,
    billed,
    cleared,
    collected: input.collected,
    credited: input.credited,
    dsoSimple: billed > 0 ? oneDecimal((input.receivableEnd / billed) * periodDays) : null,
    dsoCountback: countback.days,
    dsoCountbackExhausted: countback.exhausted,
    cei: ceiDenominator > 0 ? oneDecimal((input.collected / ceiDenominator) * 100) : null,
    invoicesSettled: settled.length,
    avgDaysToPay: mean(toPay),
    avgDaysLate: mean(late),
    onTimeShare: settled.length === 0 ? null : oneDecimal((late.filter((days) => days === 0).length / settled.length) * 100),
    over90Share: input.receivableEnd > 0 ? oneDecimal((input.receivableOver90End / input.receivableEnd) * 100) : null,
  };
}
