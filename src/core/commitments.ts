/**
 * What a customer commits to and reports: payment plans (an open balance
 * restructured into instalments), promises to pay, and payments reported but
 * not yet verified. Each pauses part of the ladder; the outcome of plans and
 * promises is decided from the payments alone, on the day it becomes certain.
 */
import { assert } from './assert.js';
import { type CalendarDate, addDays } from './dates.js';
import { type Minor, MONEY_MAX, fitsMoney, minor, splitEvenly, sumMinor } from './money.js';
import { type OpenItem, allocate } from './payments.js';
import { addMonthsClamped } from './policy.js';
import { type Text, t } from './i18n/catalogue.js';

export const PLAN_FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export type PlanFrequency = (typeof PLAN_FREQUENCIES)[number];
export const INSTALMENTS_MAX = 60;

export interface Instalment {
  readonly seq: number;
  readonly dueDate: CalendarDate;
  readonly amount: Minor;
}

/** The date of instalment `seq` (1-based): the first date, then every week, fortnight or month (clamped to month ends). */
export function instalmentDate(first: CalendarDate, frequency: PlanFrequency, seq: number): CalendarDate {
  if (frequency === 'monthly') return addMonthsClamped(first, seq - 1);
  return addDays(first, (frequency === 'weekly' ? 7 : 14) * (seq - 1));
}

/** Equal instalments by largest remainder (they always sum to the total), or the amounts the parties agreed. */
export function planSchedule(
  total: Minor,
  frequency: PlanFrequency,
  firstDate: CalendarDate,
  shape: { count: number } | { amounts: readonly Minor[] },
): Instalment[] {
  const amounts = 'count' in shape ? splitEvenly(total, shape.count) : shape.amounts;
  assert(sumMinor(amounts) === total, 'instalments must sum to the plan total');
  return amounts.map((amount, i) => ({ seq: i + 1, dueDate: instalmentDate(firstDate, frequency, i + 1), amount }));
}

/** Reasons why a plan cannot be agreed as asked. */
export function planErrors(
  total: Minor,
  shape: { count: number } | { amounts: readonly Minor[] },
  firstDate: CalendarDate,
  today: CalendarDate,
): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (total <= 0) errors.invoices = t('plan.nothing_outstanding');
  if (firstDate < today) errors.firstDate = t('plan.first_date_past', { date: firstDate });
  if ('count' in shape) {
    if (!Number.isSafeInteger(shape.count) || shape.count < 1 || shape.count > INSTALMENTS_MAX)
      errors.instalments = t('plan.count_range', { max: INSTALMENTS_MAX });
    else if (total > 0 && total < shape.count) errors.instalments = t('plan.more_than_units');
    return errors;
  }
  if (shape.amounts.length < 1 || shape.amounts.length > INSTALMENTS_MAX)
    errors.amounts = t('plan.count_range', { max: INSTALMENTS_MAX });
  else if (shape.amounts.some((amount) => !Number.isSafeInteger(amount) || amount <= 0))
    errors.amounts = t('plan.amounts_positive');
  // The sum in BigInt: amounts each within the bound may add up past it, and are then refused by name.
  else if (!fitsMoney(...shape.amounts)) errors.amounts = t('money.sum_past_bound', { max: MONEY_MAX });
  else if (sumMinor(shape.amounts) !== total) errors.amounts = t('plan.amounts_sum', { sum: sumMinor(shape.amounts), total });
  return errors;
}

export type PlanOutcome =
  { readonly outcome: 'completed' } | { readonly outcome: 'defaulted'; readonly missedSeq: number; readonly shortfall: Minor };

/**
 * A plan is completed once what was paid on the covered invoices reaches its
 * total (early payment completes it); it defaults the day after an
 * instalment's grace ends with less paid than the instalments due so far.
 */
export function planOutcome(
  plan: { instalments: readonly Instalment[]; total: Minor; paid: Minor },
  graceDays: number,
  asOf: CalendarDate,
): PlanOutcome | undefined {
  if (plan.paid >= plan.total) return { outcome: 'completed' };
  let due = 0;
  for (const instalment of plan.instalments) {
    due += instalment.amount;
    if (addDays(instalment.dueDate, graceDays) >= asOf) break;
    if (plan.paid < due) return { outcome: 'defaulted', missedSeq: instalment.seq, shortfall: minor(due - plan.paid) };
  }
  return undefined;
}

/** The part of each instalment still unpaid, paying instalments in order. */
export function unpaidInstalments(instalments: readonly Instalment[], paid: Minor): (Instalment & { unpaid: Minor })[] {
  let left = paid as number;
  const result: (Instalment & { unpaid: Minor })[] = [];
  for (const instalment of instalments) {
    const covered = Math.min(left, instalment.amount);
    left -= covered;
    if (covered < instalment.amount) result.push({ ...instalment, unpaid: minor(instalment.amount - covered) });
  }
  return result;
}

export type PromiseOutcome = 'kept' | 'partly_kept' | 'broken';

/**
 * A promise is kept as soon as the payments since it was made reach its amount;
 * once the promised date and the grace have passed it is partly kept (something
 * came) or broken (nothing did). Until then it is open and pauses reminders.
 */
export function promiseOutcome(
  promise: { promisedDate: CalendarDate; amount: Minor; paid: Minor },
  graceDays: number,
  asOf: CalendarDate,
): PromiseOutcome | undefined {
  if (promise.paid >= promise.amount) return 'kept';
  if (asOf <= addDays(promise.promisedDate, graceDays)) return undefined;
  return promise.paid > 0 ? 'partly_kept' : 'broken';
}

/**
 * The invoices that reported, unverified payments fully cover (spread like a
 * real payment: to the invoice named, else oldest due first). Their fees and
 * reminders wait until the owner verifies or rejects the report.
 */
export function coveredByPending(
  pending: readonly PendingReport[],
  openItems: readonly OpenItem[],
  laterFees: readonly LaterFee[] = [],
): Set<string> {
  const cover = pendingCover(pending, openItems, laterFees);
  return new Set(openItems.filter((item) => (cover.get(item.invoiceId) ?? 0) >= item.outstanding).map((item) => item.invoiceId));
}

export interface PendingReport {
  readonly amount: Minor;
  readonly invoiceId: string | null;
  /** The day the customer says they paid; without it, what is owed now is what they paid against. */
  readonly paidOn?: CalendarDate;
}

/** A late fee charged on an invoice, standing (not waived). */
export interface LaterFee {
  readonly invoiceId: string;
  readonly date: CalendarDate;
  readonly amount: Minor;
}

/**
 * What reported payments cover of each open invoice, spread like a real
 * payment over what each invoice owed on the day the customer says they paid.
 * An invoice a report pays in full on that day has its later fees covered too
 * (verifying takes them back), so a fee charged after the report was made can
 * never make it stop covering the invoice.
 */
export function pendingCover(
  pending: readonly PendingReport[],
  openItems: readonly OpenItem[],
  laterFees: readonly LaterFee[] = [],
): Map<string, Minor> {
  const remaining = new Map(openItems.map((item) => [item.invoiceId, item.outstanding as number]));
  const cover = new Map<string, Minor>();
  for (const report of pending) {
    const feesAfter = new Map<string, number>();
    for (const fee of laterFees)
      if (report.paidOn !== undefined && fee.date > report.paidOn)
        feesAfter.set(fee.invoiceId, (feesAfter.get(fee.invoiceId) ?? 0) + fee.amount);
    const owedThen = (item: OpenItem) => Math.max(0, (remaining.get(item.invoiceId) ?? 0) - (feesAfter.get(item.invoiceId) ?? 0));
    const items = openItems.map((item) => ({ ...item, outstanding: minor(owedThen(item)) }));
    if (items.every((item) => item.outstanding === 0)) break;
    const plan = allocate(report.amount, items, report.invoiceId ?? undefined);
    for (const allocation of plan.allocations) {
      const item = items.find((candidate) => candidate.invoiceId === allocation.invoiceId) as OpenItem;
      const paidInFull = allocation.amount === item.outstanding;
      const covered = paidInFull ? (remaining.get(item.invoiceId) ?? 0) : allocation.amount;
      remaining.set(item.invoiceId, (remaining.get(item.invoiceId) ?? 0) - covered);
      cover.set(item.invoiceId, minor((cover.get(item.invoiceId) ?? 0) + covered));
    }
  }
  return cover;
}
