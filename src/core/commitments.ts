/**
 * What a customer commits to and reports: payment plans (an open balance
 * restructured into instalments), promises to pay, and payments reported but
 * not yet verified. Each pauses part of the ladder; the outcome of plans and
 * promises is decided from the payments alone, on the day it becomes certain.
 */
import { assert } from './assert.js';
import { type CalendarDate, addDays } from './dates.js';
import { type Minor, minor, splitEvenly, sumMinor } from './money.js';
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
 * real payment: to the invoice named, else oldest due first). Their reminders
 * wait until the owner verifies or rejects the report.
 */
export function coveredByPending(
  pending: readonly { amount: Minor; invoiceId: string | null }[],
  openItems: readonly OpenItem[],
): Set<string> {
  const remaining = new Map(openItems.map((item) => [item.invoiceId, item]));
  for (const report of pending) {
    const items = [...remaining.values()];
    if (items.length === 0) break;
    const plan = allocate(report.amount, items, report.invoiceId ?? undefined);
    for (const allocation of plan.allocations) {
      const item = remaining.get(allocation.invoiceId) as OpenItem;
      remaining.set(item.invoiceId, { ...item, outstanding: minor(item.outstanding - allocation.amount) });
    }
  }
  return new Set(
    openItems.filter((item) => (remaining.get(item.invoiceId)?.outstanding ?? 0) === 0).map((item) => item.invoiceId),
  );
}
