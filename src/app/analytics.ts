/** KPIs for a period and the 12-week collection forecast, per customer and for the business. */
import { bucketFor, bucketsFor } from '../core/aging.js';
import { type CalendarDate, addDays, compareDates, daysBetween, parseCalendarDate } from '../core/dates.js';
import { type Forecast, HISTORY_MAX, buildForecast } from '../core/forecast.js';
import { type KpiInput, type Kpis, COUNTBACK_MONTHS_MAX, computeKpis, countbackMonths } from '../core/kpis.js';
import { type Minor, minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { openPromises, plansOf } from '../store/commitments-repo.js';
import { customerNames } from '../store/parties-repo.js';
import {
  feesAndDiscountsBetween,
  openInvoicesNow,
  openItemsOn,
  receivableByCustomerAsOf,
  collectedBetween,
  salesBetween,
  settledBetween,
} from '../store/report-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { type Text, t } from '../core/i18n/catalogue.js';

/** The default KPI period: the 90 days ending on `to`. */
export const KPI_PERIOD_DAYS_DEFAULT = 90;
/** Settlements looked back at for each customer's pattern of lateness. */
const PATTERN_DAYS = 365;

export interface KpiReport {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  readonly currency: string;
  readonly business: Kpis;
  readonly customers: readonly (Kpis & { customerId: string; name: string })[];
}

function dateOption(text: string | undefined, field: string, errors: Record<string, Text>): CalendarDate | undefined {
  if (text === undefined) return undefined;
  const date = parseCalendarDate(text);
  if (date === undefined) errors[field] = t('field.date');
  return date;
}

/**
 * KPIs from `from` (default: 90 days before `to`) to `to` (default today; a
 * date after today is today). With a customer, only that customer's row.
 */
export async function kpiReport(
  ctx: AppContext,
  business: Business,
  options: { from?: string | undefined; to?: string | undefined; customer?: string | undefined } = {},
): Promise<Result<KpiReport>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const errors: Record<string, Text> = {};
  const today = todayOf(ctx, business);
  const askedTo = dateOption(options.to, 'to', errors);
  const askedFrom = dateOption(options.from, 'from', errors);
  if (Object.keys(errors).length > 0) return invalid(errors);
  const to = askedTo === undefined || compareDates(askedTo, today) > 0 ? today : askedTo;
  const from = askedFrom ?? addDays(to, 1 - KPI_PERIOD_DAYS_DEFAULT);
  if (compareDates(from, to) > 0) return invalid({ from: t('period.from_after_to', { from, to }) });
  const db = ctx.store.db;
  let only: string | undefined;
  if (options.customer !== undefined) {
    const found = await resolveCustomer(db, business.id, options.customer);
    if (!found.ok) return found;
    only = found.value.id;
  }

  const months = countbackMonths(to, COUNTBACK_MONTHS_MAX);
  const firstMonth = `${months[months.length - 1]?.month}-01` as CalendarDate;
  const historyFrom = firstMonth < from ? firstMonth : from;
  const [start, end, open, sales, adjustments, settled, names, collections] = await Promise.all([
    receivableByCustomerAsOf(db, business.id, addDays(from, -1)),
    receivableByCustomerAsOf(db, business.id, to),
    openItemsOn(db, business.id, to),
    salesBetween(db, business.id, historyFrom, to),
    feesAndDiscountsBetween(db, business.id, historyFrom, to),
    settledBetween(db, business.id, from, to),
    customerNames(db, business.id),
    collectedBetween(db, business.id, from, to),
  ]);
  const buckets = bucketsFor([90]);
  interface Gathered {
    receivableStart: Minor;
    receivableEnd: Minor;
    receivableCurrentEnd: Minor;
    receivableOver90End: Minor;
    creditSales: Minor;
    feesCharged: Minor;
    discountsGiven: Minor;
    collected: Minor;
    credited: Minor;
    /** Billed by month ('YYYY-MM'): sales + fees - discounts. */
    billed: Map<string, number>;
    settled: KpiInput['settled'][number][];
  }
  const inputs = new Map<string, Gathered>();
  const inputOf = (customerId: string) => {
    let input = inputs.get(customerId);
    if (!input)
      inputs.set(
        customerId,
        (input = {
          receivableStart: start.get(customerId) ?? minor(0),
          receivableEnd: end.get(customerId) ?? minor(0),
          receivableCurrentEnd: minor(0),
          receivableOver90End: minor(0),
          creditSales: minor(0),
          feesCharged: minor(0),
          discountsGiven: minor(0),
          collected: minor(0),
          credited: minor(0),
          billed: new Map(),
          settled: [],
        }),
      );
    return input;
  };
  const add = (a: Minor, b: number) => minor(a + b);
  for (const customerId of new Set([...start.keys(), ...end.keys()])) inputOf(customerId);
  for (const item of open) {
    const input = inputOf(item.customerId);
    const days = daysBetween(item.dueDate, to);
    if (days <= 0) input.receivableCurrentEnd = add(input.receivableCurrentEnd, item.outstanding);
    else if (bucketFor(buckets, days).key === '90+') input.receivableOver90End = add(input.receivableOver90End, item.outstanding);
  }
  const bill = (input: Gathered, date: CalendarDate, amount: number) =>
    input.billed.set(date.slice(0, 7), (input.billed.get(date.slice(0, 7)) ?? 0) + amount);
  for (const row of sales) {
    const input = inputOf(row.customerId);
    bill(input, row.issueDate, row.total);
    if (row.issueDate >= from) input.creditSales = add(input.creditSales, row.total);
  }
  for (const row of adjustments) {
    const input = inputOf(row.customerId);
    bill(input, row.date, row.fees - row.discounts);
    if (row.date < from) continue;
    input.feesCharged = add(input.feesCharged, row.fees);
    input.discountsGiven = add(input.discountsGiven, row.discounts);
  }
  for (const row of settled) inputOf(row.customerId).settled.push(row);
  for (const row of collections) {
    const input = inputOf(row.customerId);
    input.collected = add(input.collected, row.collected);
    input.credited = add(input.credited, row.credited);
  }

  const rows: (Kpis & { customerId: string; name: string })[] = [];
  const total = {
    from,
    to,
    receivableStart: 0,
    receivableEnd: 0,
    receivableCurrentEnd: 0,
    receivableOver90End: 0,
    creditSales: 0,
    feesCharged: 0,
    discountsGiven: 0,
    collected: 0,
    credited: 0,
    billedByMonthBack: months.map(() => 0),
    settled: [] as KpiInput['settled'][number][],
  };
  for (const [customerId, input] of inputs) {
    const billedByMonthBack = months.map((month) => minor(input.billed.get(month.month) ?? 0));
    total.receivableStart += input.receivableStart;
    total.receivableEnd += input.receivableEnd;
    total.receivableCurrentEnd += input.receivableCurrentEnd;
    total.receivableOver90End += input.receivableOver90End;
    total.creditSales += input.creditSales;
    total.feesCharged += input.feesCharged;
    total.discountsGiven += input.discountsGiven;
    total.collected += input.collected;
    total.credited += input.credited;
    billedByMonthBack.forEach(
      (amount, index) => (total.billedByMonthBack[index] = (total.billedByMonthBack[index] ?? 0) + amount),
    );
    total.settled.push(...input.settled);
    if (only !== undefined && customerId !== only) continue;
    rows.push({
      customerId,
      name: names.get(customerId) ?? customerId,
      ...computeKpis({ ...input, from, to, billedByMonthBack, settled: input.settled }),
    });
  }
  rows.sort((a, b) => b.receivableEnd - a.receivableEnd || (a.customerId < b.customerId ? -1 : 1));
  return ok({
    from,
    to,
    days: daysBetween(from, to) + 1,
    currency: business.currency,
    business: computeKpis({
      ...total,
      receivableStart: minor(total.receivableStart),
      receivableEnd: minor(total.receivableEnd),
      receivableCurrentEnd: minor(total.receivableCurrentEnd),
      receivableOver90End: minor(total.receivableOver90End),
      creditSales: minor(total.creditSales),
      feesCharged: minor(total.feesCharged),
      discountsGiven: minor(total.discountsGiven),
      collected: minor(total.collected),
      credited: minor(total.credited),
      billedByMonthBack: total.billedByMonthBack.map(minor),
    }),
    customers: rows,
  });
}

/** The next 12 weeks of expected collections, from today. */
export async function forecastReport(ctx: AppContext, business: Business): Promise<Result<Forecast>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const db = ctx.store.db;
  const today = todayOf(ctx, business);
  const [items, settled, plans, promises] = await Promise.all([
    openInvoicesNow(db, business.id),
    settledBetween(db, business.id, addDays(today, -PATTERN_DAYS), today),
    plansOf(db, business.id, { status: 'active' }),
    openPromises(db, business.id, today),
  ]);
  const lateness = new Map<string, { settledOn: CalendarDate; days: number }[]>();
  for (const row of settled) {
    const list = lateness.get(row.customerId) ?? [];
    list.push({ settledOn: row.settledOn, days: daysBetween(row.dueDate, row.settledOn) });
    lateness.set(row.customerId, list);
  }
  const latenessByCustomer = new Map(
    [...lateness].map(([customerId, list]) => [
      customerId,
      list
        .sort((a, b) => (a.settledOn > b.settledOn ? -1 : a.settledOn < b.settledOn ? 1 : 0))
        .slice(0, HISTORY_MAX)
        .map((entry) => entry.days),
    ]),
  );
  return ok(
    buildForecast({
      asOf: today,
      currency: business.currency,
      items,
      latenessByCustomer,
      plans: plans.map((plan) => ({ id: plan.id, instalments: plan.instalments })),
      promises: promises.map((promise) => ({
        customerId: promise.customerId,
        promisedDate: promise.promisedDate,
        amount: minor(Math.max(0, promise.amount - promise.paid)),
      })),
    }),
  );
}
