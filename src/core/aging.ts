/**
 * The aging report: what each customer owes on a date, by how many days it is
 * past due. The caller supplies outstanding amounts as of that date, so the
 * report for a past date is what the book said that day.
 */
import { type CalendarDate, daysBetween } from './dates.js';
import { type Minor, minor } from './money.js';
import { type Text, t } from './i18n/catalogue.js';

export interface AgingBucket {
  readonly key: string;
  /** Days past due, inclusive; `current` is fromDays null (not yet due). */
  readonly fromDays: number | null;
  readonly toDays: number | null;
}

export const DEFAULT_BUCKET_BOUNDS = [30, 60, 90] as const;
export const BUCKETS_MAX = 12;

/** Parses "30,60,90" into ascending positive bounds, or returns why it cannot. */
export function parseBucketBounds(text: string): number[] | Text {
  const parts = text.split(',').map((part) => part.trim());
  const bounds = parts.map(Number);
  if (parts.some((part) => !/^\d+$/.test(part)) || bounds.some((bound) => bound <= 0)) return t('aging.bounds_format');
  if (bounds.length > BUCKETS_MAX) return t('aging.bounds_max', { max: BUCKETS_MAX });
  for (let i = 1; i < bounds.length; i++)
    if ((bounds[i] as number) <= (bounds[i - 1] as number)) return t('aging.bounds_ascending');
  return bounds;
}

/** current, 1-30, 31-60, 61-90, 90+ for bounds 30,60,90. */
export function bucketsFor(bounds: readonly number[]): AgingBucket[] {
  const buckets: AgingBucket[] = [{ key: 'current', fromDays: null, toDays: 0 }];
  let from = 1;
  for (const bound of bounds) {
    buckets.push({ key: `${from}-${bound}`, fromDays: from, toDays: bound });
    from = bound + 1;
  }
  const last = bounds[bounds.length - 1] ?? 0;
  buckets.push({ key: `${last}+`, fromDays: last + 1, toDays: null });
  return buckets;
}

/** The bucket a number of days past due falls in (zero or less is current). */
export function bucketFor(buckets: readonly AgingBucket[], daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return buckets[0] as AgingBucket;
  for (const bucket of buckets.slice(1)) if (bucket.toDays === null || daysPastDue <= bucket.toDays) return bucket;
  return buckets[buckets.length - 1] as AgingBucket;
}

export interface AgingItem {
  readonly customerId: string;
  readonly dueDate: CalendarDate;
  readonly outstanding: Minor;
}

export interface AgingRow {
  readonly customerId: string;
  readonly name: string;
  readonly outstanding: Minor;
  readonly byBucket: Record<string, Minor>;
}

export interface AgingReport {
  readonly asOf: CalendarDate;
  readonly currency: string;
  readonly buckets: readonly AgingBucket[];
  readonly totals: { outstanding: Minor; byBucket: Record<string, Minor> };
  readonly customers: readonly AgingRow[];
}

function emptyBuckets(buckets: readonly AgingBucket[]): Record<string, Minor> {
  return Object.fromEntries(buckets.map((bucket) => [bucket.key, minor(0)]));
}

/** Keeps the customers a filter accepts; the totals are then those of the customers kept. */
export function filterAging(report: AgingReport, keep: (row: AgingRow) => boolean): AgingReport {
  const customers = report.customers.filter(keep);
  const byBucket = emptyBuckets(report.buckets);
  let outstanding = 0;
  for (const row of customers) {
    outstanding += row.outstanding;
    for (const [key, amount] of Object.entries(row.byBucket)) byBucket[key] = minor((byBucket[key] ?? 0) + amount);
  }
  return { ...report, totals: { outstanding: minor(outstanding), byBucket }, customers };
}

/** Builds the report from each open item's outstanding on the as-of date; customers sorted by outstanding, largest first. */
export function buildAging(args: {
  asOf: CalendarDate;
  currency: string;
  bounds: readonly number[];
  items: readonly AgingItem[];
  customerNames: ReadonlyMap<string, string>;
}): AgingReport {
  const buckets = bucketsFor(args.bounds);
  const rows = new Map<string, { outstanding: number; byBucket: Record<string, Minor> }>();
  const totals = { outstanding: 0, byBucket: emptyBuckets(buckets) };
  for (const item of args.items) {
    if (item.outstanding === 0) continue;
    const key = bucketFor(buckets, daysBetween(item.dueDate, args.asOf)).key;
    let row = rows.get(item.customerId);
    if (!row) rows.set(item.customerId, (row = { outstanding: 0, byBucket: emptyBuckets(buckets) }));
    row.outstanding += item.outstanding;
    row.byBucket[key] = minor((row.byBucket[key] ?? 0) + item.outstanding);
    totals.outstanding += item.outstanding;
    totals.byBucket[key] = minor((totals.byBucket[key] ?? 0) + item.outstanding);
  }
  const customers = [...rows.entries()]
    .map(([customerId, row]) => ({
      customerId,
      name: args.customerNames.get(customerId) ?? customerId,
      outstanding: minor(row.outstanding),
      byBucket: row.byBucket,
    }))
    .sort((a, b) => b.outstanding - a.outstanding || (a.customerId < b.customerId ? -1 : 1));
  return {
    asOf: args.asOf,
    currency: args.currency,
    buckets,
    totals: { outstanding: minor(totals.outstanding), byBucket: totals.byBucket },
    customers,
  };
}
