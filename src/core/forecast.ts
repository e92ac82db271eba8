/**
 * The collection forecast: what is expected to come in, week by week, for the
 * next 12 weeks. Pure.
 *
 * - An open invoice is expected on its due date shifted by how late its
 *   customer paid their last invoices (each past lateness is one equally likely
 *   outcome; a customer with fewer than MIN_HISTORY settled invoices borrows the
 *   business's, summed up in BUSINESS_PATTERN_POINTS quantiles). Outcomes already in the past are dropped, since the invoice is
 *   still open: if every outcome is past, the invoice is later than this
 *   customer has ever paid, and it is counted as at risk, not forecast.
 * - A payment plan's open invoices are expected on its instalments' dates
 *   (the unpaid ones: the last instalments, as payments settle the first).
 * - An open promise to pay moves the promised amount of the customer's oldest
 *   items to the promised date.
 * - Disputed invoices are not expected until the dispute is settled.
 * Week 1 starts today. Amounts split in integers (largest remainder), so the
 * weeks, `later`, `atRisk` and `disputed` add up to the open receivable exactly.
 */
import { type CalendarDate, addDays, daysBetween } from './dates.js';
import { type Minor, minor, splitLargestRemainder } from './money.js';

export const FORECAST_WEEKS = 12;
/** Settled invoices a customer needs for their own pattern to be used. */
export const MIN_HISTORY = 3;
/** The most recent settlements that make a customer's pattern. */
export const HISTORY_MAX = 12;

export interface ForecastItem {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly dueDate: CalendarDate;
  readonly outstanding: Minor;
  readonly disputed: boolean;
  readonly planId: string | null;
}

export interface ForecastWeek {
  readonly week: number;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly expected: Minor;
  readonly fromInvoices: Minor;
  readonly fromInstalments: Minor;
  readonly fromPromises: Minor;
}

export interface Forecast {
  readonly asOf: CalendarDate;
  readonly currency: string;
  readonly openReceivable: Minor;
  readonly weeks: readonly ForecastWeek[];
  /** Expected after the 12 weeks. */
  readonly later: Minor;
  /** Overdue past every lateness the customer (or the business) has shown. */
  readonly atRisk: Minor;
  readonly disputed: Minor;
}

type Source = 'fromInvoices' | 'fromInstalments' | 'fromPromises';

/** Outcomes the business's pattern is summed up in (its quantiles), whatever the number of settlements. */
export const BUSINESS_PATTERN_POINTS = 20;

/** `count` evenly spaced quantiles of the values (all of them when there are fewer). */
export function quantiles(values: readonly number[], count: number): number[] {
  if (values.length <= count) return [...values];
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: count }, (_, index) => sorted[Math.floor(((index + 0.5) / count) * sorted.length)] as number);
}

export function buildForecast(args: {
  asOf: CalendarDate;
  currency: string;
  items: readonly ForecastItem[];
  /** Days late (settled - due, may be negative) of settled invoices, by customer, newest first. */
  latenessByCustomer: ReadonlyMap<string, readonly number[]>;
  plans: readonly { id: string; instalments: readonly { dueDate: CalendarDate; amount: Minor }[] }[];
  promises: readonly { customerId: string; promisedDate: CalendarDate; amount: Minor }[];
}): Forecast {
  const { asOf } = args;
  const weeks = Array.from({ length: FORECAST_WEEKS }, (_, index) => ({
    week: index + 1,
    from: addDays(asOf, index * 7),
    to: addDays(asOf, index * 7 + 6),
    fromInvoices: 0,
    fromInstalments: 0,
    fromPromises: 0,
  }));
  let later = 0;
  let atRisk = 0;
  let disputed = 0;
  const place = (date: CalendarDate, amount: number, source: Source) => {
    const index = Math.floor(Math.max(0, daysBetween(asOf, date)) / 7);
    const week = weeks[index];
    if (week) week[source] += amount;
    else later += amount;
  };

  const businessPattern = quantiles(
    [...args.latenessByCustomer.values()].flatMap((values) => values.slice(0, HISTORY_MAX)),
    BUSINESS_PATTERN_POINTS,
  );
  const patternOf = (customerId: string) => {
    const own = args.latenessByCustomer.get(customerId) ?? [];
    return own.length >= MIN_HISTORY ? own.slice(0, HISTORY_MAX) : businessPattern;
  };

  // Promises take the promised amount from the customer's oldest items first.
  const promised = new Map<string, number>();
  for (const promise of args.promises) {
    promised.set(promise.customerId, (promised.get(promise.customerId) ?? 0) + promise.amount);
  }
  const planItems = new Map<string, number>();
  const sorted = [...args.items].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const taken = new Map<string, number>();
  for (const item of sorted) {
    if (item.disputed) {
      disputed += item.outstanding;
      continue;
    }
    let amount: number = item.outstanding;
    const left = promised.get(item.customerId) ?? 0;
    if (left > 0) {
      const moved = Math.min(left, amount);
      promised.set(item.customerId, left - moved);
      taken.set(item.customerId, (taken.get(item.customerId) ?? 0) + moved);
      amount -= moved;
    }
    if (amount === 0) continue;
    if (item.planId !== null) {
      planItems.set(item.planId, (planItems.get(item.planId) ?? 0) + amount);
      continue;
    }
    const outcomes = patternOf(item.customerId)
      .map((lateness) => addDays(item.dueDate, lateness))
      .filter((date) => date >= asOf);
    if (outcomes.length === 0) {
      if (item.dueDate >= asOf) place(item.dueDate, amount, 'fromInvoices');
      else atRisk += amount;
      continue;
    }
    const parts = splitLargestRemainder(
      minor(amount),
      outcomes.map(() => 1),
    );
    outcomes.forEach((date, index) => place(date, parts[index] as number, 'fromInvoices'));
  }
  // What each promise moved, on its date (a customer's promises in the order given).
  for (const promise of args.promises) {
    const available = taken.get(promise.customerId) ?? 0;
    const amount = Math.min(available, promise.amount);
    taken.set(promise.customerId, available - amount);
    place(promise.promisedDate, amount, 'fromPromises');
  }
  // A plan's open amount falls on its last instalments (the first ones are paid first).
  for (const plan of args.plans) {
    let remaining = planItems.get(plan.id) ?? 0;
    planItems.delete(plan.id);
    for (const instalment of [...plan.instalments].reverse()) {
      if (remaining === 0) break;
      const amount = Math.min(remaining, instalment.amount);
      remaining -= amount;
      place(instalment.dueDate, amount, 'fromInstalments');
    }
    // Fees on the covered invoices beyond the schedule fall with the last instalment.
    const last = plan.instalments[plan.instalments.length - 1];
    if (remaining > 0 && last) place(last.dueDate, remaining, 'fromInstalments');
    else if (remaining > 0) later += remaining;
  }
  // Items of plans not given (closed since): expected on their due dates.
  for (const amount of planItems.values()) later += amount;

  const openReceivable = args.items.reduce((sum, item) => sum + item.outstanding, 0);
  return {
    asOf,
    currency: args.currency,
    openReceivable: minor(openReceivable),
    weeks: weeks.map((week) => ({
      week: week.week,
      from: week.from,
      to: week.to,
      expected: minor(week.fromInvoices + week.fromInstalments + week.fromPromises),
      fromInvoices: minor(week.fromInvoices),
      fromInstalments: minor(week.fromInstalments),
      fromPromises: minor(week.fromPromises),
    })),
    later: minor(later),
    atRisk: minor(atRisk),
    disputed: minor(disputed),
  };
}
