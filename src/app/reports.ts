/** The aging report and the ledger verification. */
import { type AgingReport, DEFAULT_BUCKET_BOUNDS, buildAging, filterAging, parseBucketBounds } from '../core/aging.js';
import { CUSTOMER_STATUSES, normalizeTag } from '../core/parties.js';
import { parseCalendarDate } from '../core/dates.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { openItemsOn } from '../store/report-repo.js';
import { customerNames, customerStatuses, customerTags } from '../store/parties-repo.js';
import { type Discrepancy, findDiscrepancies, journalCounts } from '../store/verify-repo.js';
import { answersOfScope } from '../store/records-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { type Text, t } from '../core/i18n/catalogue.js';

/**
 * Aging on a date (after today: today's book aged to that date; before the
 * first entry, nothing is owed): only entries dated on or before it count. When nothing is
 * dated after it, the open-invoice projection gives the same figures without
 * reading the journal.
 */
export async function agingReport(
  ctx: AppContext,
  business: Business,
  options: {
    asOf?: string | undefined;
    buckets?: string | undefined;
    status?: string | undefined;
    tag?: string | undefined;
    minAmount?: number | undefined;
  } = {},
): Promise<Result<AgingReport>> {
  // A date after today ages today's book to that date: what will be overdue by then if nothing is paid.
  const asOf = options.asOf === undefined ? todayOf(ctx, business) : parseCalendarDate(options.asOf);
  const bounds = options.buckets === undefined ? [...DEFAULT_BUCKET_BOUNDS] : parseBucketBounds(options.buckets);
  const errors: Record<string, Text> = {};
  if (asOf === undefined) errors.asOf = t('field.date');
  if (!Array.isArray(bounds)) errors.buckets = bounds;
  if (options.status !== undefined && !(CUSTOMER_STATUSES as readonly string[]).includes(options.status))
    errors.status = t('field.one_of', { values: CUSTOMER_STATUSES });
  const tag = options.tag === undefined ? undefined : normalizeTag(options.tag);
  if (tag !== undefined && 'reason' in tag) errors.tag = tag.reason;
  if (options.minAmount !== undefined && !(Number.isSafeInteger(options.minAmount) && options.minAmount >= 0))
    errors.minAmount = t('field.non_negative_amount');
  if (asOf === undefined || !Array.isArray(bounds) || Object.keys(errors).length > 0) return invalid(errors);

  const db = ctx.store.db;
  const items = await openItemsOn(db, business.id, asOf);
  const report = buildAging({
    asOf,
    currency: business.currency,
    bounds,
    items,
    customerNames: await customerNames(db, business.id),
  });
  if (options.status === undefined && options.minAmount === undefined && tag === undefined) return ok(report);
  // Filters keep whole customers: by their status and tags now, and by what they owed on the date.
  const statuses = options.status === undefined ? undefined : await customerStatuses(db, business.id);
  const tags = tag === undefined ? undefined : await customerTags(db, business.id);
  const wanted = tag !== undefined && 'tag' in tag ? tag.tag : undefined;
  return ok(
    filterAging(
      report,
      (row) =>
        (statuses === undefined || statuses.get(row.customerId) === options.status) &&
        (tags === undefined || (tags.get(row.customerId) ?? []).includes(wanted as string)) &&
        (options.minAmount === undefined || row.outstanding >= options.minAmount),
    ),
  );
}

export interface VerifyReport {
  ok: boolean;
  businessId: string;
  entries: number;
  receivable: number;
  problems: Discrepancy[];
}

/** Recomputes every projection from the journal; ok only if all agree. */
export async function verifyLedger(ctx: AppContext, business: Business): Promise<Result<VerifyReport>> {
  const problems = await findDiscrepancies(ctx.store.db, business.id);
  const counts = await journalCounts(ctx.store.db, business.id);
  return ok({ ok: problems.length === 0, businessId: business.id, ...counts, problems });
}

/** The stored answers of a business's commands, by idempotency key (the crash check reads them). */
export async function answersByIdempotencyKey(ctx: AppContext, businessId: string): Promise<Map<string, string>> {
  return answersOfScope(ctx.store.db, businessId);
}
