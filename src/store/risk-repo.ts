/** Reads for the risk score: what the book said about every customer on a date, in a few grouped queries. */
import type { Kysely } from 'kysely';
import { type CalendarDate, addDays } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface RiskSideFacts {
  readonly brokenPromises: Map<string, CalendarDate[]>;
  readonly reminders: Map<string, CalendarDate[]>;
  readonly openDisputes: Map<string, number>;
  readonly defaultedPlans: Map<string, CalendarDate[]>;
  readonly plansAgreed: Map<string, CalendarDate[]>;
  readonly creditLimits: Map<string, Minor | null>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Promises, reminders, disputes, plans and limits, as known on `asOf` (only what was dated on or before it). */
export async function riskSideFacts(db: Db, businessId: string, asOf: CalendarDate): Promise<RiskSideFacts> {
  const yearBack = addDays(asOf, -365);
  const [promises, reminders, disputes, plans, customers] = await Promise.all([
    db
      .selectFrom('promises')
      .select(['customer_id', 'resolved_on'])
      .where('business_id', '=', businessId)
      .where('status', 'in', ['broken', 'partly_kept'])
      .where('resolved_on', '<=', asOf)
      .where('resolved_on', '>', yearBack)
      .execute(),
    db
      .selectFrom('collection_events')
      .select(['customer_id', 'date'])
      .where('business_id', '=', businessId)
      .where('kind', '=', 'reminder')
      .where('date', '<=', asOf)
      .where('date', '>', addDays(asOf, -60))
      .execute(),
    db
      .selectFrom('disputes')
      .select(['customer_id', 'opened_on', 'closed_on'])
      .where('business_id', '=', businessId)
      .where('opened_on', '<=', asOf)
      .execute(),
    db
      .selectFrom('payment_plans')
      .select(['customer_id', 'status', 'created_on', 'closed_on'])
      .where('business_id', '=', businessId)
      .where('created_on', '<=', asOf)
      .execute(),
    db.selectFrom('customers').select(['id', 'credit_limit_minor']).where('business_id', '=', businessId).execute(),
  ]);
  const facts: RiskSideFacts = {
    brokenPromises: new Map(),
    reminders: new Map(),
    openDisputes: new Map(),
    defaultedPlans: new Map(),
    plansAgreed: new Map(),
    creditLimits: new Map(
      customers.map((row) => [row.id, row.credit_limit_minor === null ? null : minor(row.credit_limit_minor)]),
    ),
  };
  for (const row of promises) push(facts.brokenPromises, row.customer_id, row.resolved_on as CalendarDate);
  for (const row of reminders) push(facts.reminders, row.customer_id, row.date as CalendarDate);
  for (const row of disputes)
    if (row.closed_on === null || row.closed_on > asOf)
      facts.openDisputes.set(row.customer_id, (facts.openDisputes.get(row.customer_id) ?? 0) + 1);
  for (const row of plans) {
    push(facts.plansAgreed, row.customer_id, row.created_on as CalendarDate);
    if (row.status === 'defaulted' && row.closed_on !== null && row.closed_on <= asOf)
      push(facts.defaultedPlans, row.customer_id, row.closed_on as CalendarDate);
  }
  return facts;
}

/** Invoices falling due in (from, to], with how they ended: what `risk evaluate` checks scores against. */
export async function invoicesDueBetween(db: Db, businessId: string, from: CalendarDate, to: CalendarDate) {
  const rows = await db
    .selectFrom('invoices')
    .select(['customer_id', 'due_date', 'settled_on', 'status'])
    .where('business_id', '=', businessId)
    .where('due_date', '>', from)
    .where('due_date', '<=', to)
    .where('status', '<>', 'void')
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    dueDate: row.due_date as CalendarDate,
    settledOn: row.settled_on as CalendarDate | null,
    status: row.status,
  }));
}
