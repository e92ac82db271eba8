/**
 * What the collection run reads and writes. Reads follow open items through
 * the (business_id, status, due_date) index, never the whole journal: an
 * as-of date in the past is served by subtracting only the lines posted after
 * it. Writes guard each effect with its derived key (collection_events and
 * outbox are unique on it), so a repeated effect is skipped, not repeated.
 */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import { chunked } from './batches.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface CollectionInvoiceRow {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly total: Minor;
  /** As of the date asked for. */
  readonly outstanding: Minor;
  readonly status: string;
  readonly policyId: string | null;
  readonly feePeriodsDone: number;
  readonly feesCharged: Minor;
  readonly reminderStepsDone: number;
  readonly planId: string | null;
  readonly disputeId: string | null;
  readonly writeOffSuggestedOn: string | null;
}

const INVOICE_COLUMNS = [
  'id',
  'number',
  'customer_id',
  'issue_date',
  'due_date',
  'total_minor',
  'outstanding_minor',
  'status',
  'policy_id',
  'fee_periods_done',
  'fees_charged_minor',
  'reminder_steps_done',
  'plan_id',
  'dispute_id',
  'write_off_suggested_on',
] as const;

type InvoiceColumns = Pick<Database['invoices'], (typeof INVOICE_COLUMNS)[number]>;

function toRow(row: InvoiceColumns, outstanding: number): CollectionInvoiceRow {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    issueDate: row.issue_date as CalendarDate,
    dueDate: row.due_date as CalendarDate,
    total: minor(row.total_minor),
    outstanding: minor(outstanding),
    status: row.status,
    policyId: row.policy_id,
    feePeriodsDone: row.fee_periods_done,
    feesCharged: minor(row.fees_charged_minor),
    reminderStepsDone: row.reminder_steps_done,
    planId: row.plan_id,
    disputeId: row.dispute_id,
    writeOffSuggestedOn: row.write_off_suggested_on,
  };
}

/**
 * The invoices open at the end of a date with what they owed then: the open
 * ones now, corrected by the receivable lines dated after it, plus any closed
 * since that were still open then.
 */
export async function openInvoicesAsOf(db: Db, businessId: string, asOf: CalendarDate): Promise<CollectionInvoiceRow[]> {
  const later = await db
    .selectFrom('journal_lines')
    .select('invoice_id')
    .select((eb) => eb.fn.sum<number>('amount_minor').as('amount'))
    .where('business_id', '=', businessId)
    .where('date', '>', asOf)
    .where('account', '=', 'receivable')
    .where('invoice_id', 'is not', null)
    .groupBy('invoice_id')
    .execute();
  const postedLater = new Map(later.map((row) => [row.invoice_id as string, Number(row.amount)]));
  const open = await db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('issue_date', '<=', asOf)
    .execute();
  const seen = new Set(open.map((row) => row.id));
  const closedSince: InvoiceColumns[] = [];
  for (const ids of chunked([...postedLater.keys()].filter((id) => !seen.has(id))))
    closedSince.push(
      ...(await db
        .selectFrom('invoices')
        .select(INVOICE_COLUMNS)
        .where('business_id', '=', businessId)
        .where('id', 'in', ids)
        .where('issue_date', '<=', asOf)
        .execute()),
    );
  return [...open, ...closedSince]
    .map((row) => toRow(row, row.outstanding_minor - (postedLater.get(row.id) ?? 0)))
    .filter((row) => row.outstanding > 0);
}

export interface CollectionCustomerRow {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly status: string;
  readonly holdSource: string | null;
  readonly escalationPausedUntil: CalendarDate | null;
  readonly creditLimit: Minor | null;
  readonly limitLoweredOn: CalendarDate | null;
  readonly limitRestoredOn: CalendarDate | null;
  readonly limitBeforeLowering: Minor | null;
  readonly remindedOn: string | null;
}

/** The customers the run must look at: those with open items, plus any the policy has escalated or limited. */
export async function customersForRun(
  db: Db,
  businessId: string,
  withOpenItems: ReadonlySet<string>,
): Promise<CollectionCustomerRow[]> {
  const rows = await db
    .selectFrom('customers')
    .select([
      'id',
      'name',
      'phone',
      'email',
      'status',
      'hold_source',
      'escalation_paused_until',
      'credit_limit_minor',
      'limit_lowered_on',
      'limit_restored_on',
      'limit_before_lowering_minor',
      'reminded_on',
    ])
    .where('business_id', '=', businessId)
    .execute();
  return rows
    .filter((row) => withOpenItems.has(row.id) || row.status !== 'active' || row.limit_lowered_on !== null)
    .map((row) => ({
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      status: row.status,
      holdSource: row.hold_source,
      escalationPausedUntil: row.escalation_paused_until as CalendarDate | null,
      creditLimit: row.credit_limit_minor === null ? null : minor(row.credit_limit_minor),
      limitLoweredOn: row.limit_lowered_on as CalendarDate | null,
      limitRestoredOn: row.limit_restored_on as CalendarDate | null,
      limitBeforeLowering: row.limit_before_lowering_minor === null ? null : minor(row.limit_before_lowering_minor),
      remindedOn: row.reminded_on,
    }));
}

/** Customers with an invoice settled on the date (the only days their credit is evaluated). */
export async function customersSettledOn(db: Db, businessId: string, date: CalendarDate): Promise<string[]> {
  // No DISTINCT: with it SQLite prefers the customer index (it sorts by customer) and walks every
  // invoice of the business; without it the settled-on index finds the day's few rows.
  const rows = await db
    .selectFrom('invoices')
    .select('customer_id')
    .where('business_id', '=', businessId)
    .where('settled_on', '=', date)
    .execute();
  return [...new Set(rows.map((row) => row.customer_id))];
}

/** Settlements of the customers from a date to another, oldest first. */
export async function settlementsOf(
  db: Db,
  businessId: string,
  customerIds: readonly string[],
  from: CalendarDate,
  to: CalendarDate,
): Promise<{ customerId: string; settledOn: CalendarDate; dueDate: CalendarDate; policyId: string | null }[]> {
  const result = [];
  for (const ids of chunked(customerIds)) {
    const rows = await db
      .selectFrom('invoices')
      .select(['customer_id', 'settled_on', 'due_date', 'policy_id'])
      .where('business_id', '=', businessId)
      .where('customer_id', 'in', ids)
      .where('settled_on', '>', from)
      .where('settled_on', '<=', to)
      .where('status', '=', 'paid')
      .orderBy('settled_on')
      .orderBy('id')
      .execute();
    result.push(
      ...rows.map((row) => ({
        customerId: row.customer_id,
        settledOn: row.settled_on as CalendarDate,
        dueDate: row.due_date as CalendarDate,
        policyId: row.policy_id,
      })),
    );
  }
  return result;
}

/** Payments of a customer dated within [from, to]. */
export async function paidBetween(db: Db, businessId: string, customerId: string, from: string, to: string): Promise<Minor> {
  const row = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.sum<number>('amount_minor').as('paid'))
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .executeTakeFirst();
  return minor(Number(row?.paid ?? 0));
}

export interface CollectionEvent {
  readonly businessId: string;
  readonly id: string;
  readonly key: string;
  readonly date: string;
  readonly kind: string;
  readonly customerId: string;
  readonly invoiceId: string | null;
  readonly details: Record<string, unknown>;
  readonly actor: string;
  readonly createdAt: string;
}

/** Records an event unless one with its key exists; true when this call recorded it. */
export async function recordEventOnce(db: Db, event: CollectionEvent): Promise<boolean> {
  return (await recordEventsOnce(db, [event])).has(event.key);
}

function eventRow(event: CollectionEvent) {
  return {
    business_id: event.businessId,
    id: event.id,
    key: event.key,
    date: event.date,
    kind: event.kind,
    customer_id: event.customerId,
    invoice_id: event.invoiceId,
    details: JSON.stringify(event.details),
    actor: event.actor,
    created_at: event.createdAt,
  };
}

/** Records many events, skipping those whose key exists; returns the keys this call recorded. */
export async function recordEventsOnce(db: Db, events: readonly CollectionEvent[]): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (const batch of chunked(events, EVENTS_PER_STATEMENT_MAX)) {
    const rows = await db
      .insertInto('collection_events')
      .values(batch.map(eventRow))
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) recorded.add(row.key);
  }
  return recorded;
}

/** Ten columns a row: this many rows stay well under SQLite's bound-parameter limit. */
const EVENTS_PER_STATEMENT_MAX = 500;

export async function eventsOfCustomer(
  db: Db,
  businessId: string,
  customerId: string,
  limit: number,
): Promise<CollectionEvent[]> {
  const rows = await db
    .selectFrom('collection_events')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    businessId: row.business_id,
    id: row.id,
    key: row.key,
    date: row.date,
    kind: row.kind,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    actor: row.actor,
    createdAt: row.created_at,
  }));
}

export interface OutboxMessage {
  readonly businessId: string;
  readonly id: string;
  readonly key: string;
  readonly customerId: string;
  readonly channel: string;
  readonly recipient: string;
  readonly body: string;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
}

/** Queues many messages, skipping those whose key exists; returns the keys this call queued. */
export async function queueMessagesOnce(db: Db, messages: readonly OutboxMessage[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (const batch of chunked(messages, EVENTS_PER_STATEMENT_MAX)) {
    const rows = await db
      .insertInto('outbox')
      .values(
        batch.map((message) => ({
          business_id: message.businessId,
          id: message.id,
          key: message.key,
          customer_id: message.customerId,
          channel: message.channel,
          recipient: message.recipient,
          body: message.body,
          details: JSON.stringify(message.details),
          status: 'queued',
          attempts: 0,
          created_at: message.createdAt,
        })),
      )
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) queued.add(row.key);
  }
  return queued;
}

/** Rows per CASE update of the counters. */
const COUNTERS_PER_STATEMENT_MAX = 200;

/**
 * Moves many invoices' counters forward at once: fee periods passed, fees
 * charged, ladder steps sent. A counter only moves forward.
 */
export async function advanceInvoicesCounters(
  db: Db,
  businessId: string,
  changes: readonly { invoiceId: string; feePeriodsDone?: number; feeCharged?: number; reminderStepsDone?: number }[],
): Promise<void> {
  const cast = (value: number) => sql<number>`cast(${value} as bigint)`;
  for (const batch of chunked(changes, COUNTERS_PER_STATEMENT_MAX)) {
    const column = (pick: (change: (typeof batch)[number]) => number | undefined, name: string) => {
      const rows = batch.filter((change) => pick(change) !== undefined);
      if (rows.length === 0) return undefined;
      return sql<number>`case id ${sql.join(
        rows.map((change) => sql`when ${change.invoiceId} then ${cast(pick(change) as number)}`),
        sql` `,
      )} else ${sql.ref(name)} end`;
    };
    const periods = column((c) => c.feePeriodsDone, 'fee_periods_done');
    const charged = batch.some((c) => c.feeCharged !== undefined)
      ? sql<number>`fees_charged_minor + case id ${sql.join(
          batch
            .filter((c) => c.feeCharged !== undefined)
            .map((c) => sql`when ${c.invoiceId} then ${cast(c.feeCharged as number)}`),
          sql` `,
        )} else 0 end`
      : undefined;
    const steps = column((c) => c.reminderStepsDone, 'reminder_steps_done');
    await db
      .updateTable('invoices')
      .set({
        ...(periods
          ? { fee_periods_done: sql<number>`case when fee_periods_done < ${periods} then ${periods} else fee_periods_done end` }
          : {}),
        ...(charged ? { fees_charged_minor: charged } : {}),
        ...(steps
          ? {
              reminder_steps_done: sql<number>`case when reminder_steps_done < ${steps} then ${steps} else reminder_steps_done end`,
            }
          : {}),
      })
      .where('business_id', '=', businessId)
      .where(
        'id',
        'in',
        batch.map((change) => change.invoiceId),
      )
      .execute();
  }
}

/** Notes the day a reminder went to each of these customers (one message a day at most). */
export async function markReminded(
  db: Db,
  businessId: string,
  customerIds: readonly string[],
  date: string,
  updatedAt: string,
): Promise<void> {
  for (const ids of chunked(customerIds))
    await db
      .updateTable('customers')
      .set({ reminded_on: date, updated_at: updatedAt })
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .execute();
}

/** Claims a business-day for the scheduler; false when it already ran (or another worker holds it). */
export async function claimRunDay(
  db: Db,
  businessId: string,
  date: string,
  trigger: string,
  createdAt: string,
): Promise<boolean> {
  const result = await db
    .insertInto('collection_runs')
    .values({ business_id: businessId, date, trigger, summary: '{}', created_at: createdAt })
    .onConflict((conflict) => conflict.columns(['business_id', 'date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function saveRunSummary(db: Db, businessId: string, date: string, summary: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('collection_runs')
    .set({ summary: JSON.stringify(summary) })
    .where('business_id', '=', businessId)
    .where('date', '=', date)
    .execute();
}

/** The latest business-day the run has done, if any. */
export async function lastRunDate(db: Db, businessId: string): Promise<CalendarDate | undefined> {
  const row = await db
    .selectFrom('collection_runs')
    .select((eb) => eb.fn.max('date').as('latest'))
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  return (row?.latest as CalendarDate | null | undefined) ?? undefined;
}

export async function runDates(db: Db, businessId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('collection_runs')
    .select('date')
    .where('business_id', '=', businessId)
    .orderBy('date')
    .execute();
  return rows.map((row) => row.date);
}

/** Notes the day the run suggested writing an invoice off (it suggests once). */
export async function markWriteOffSuggested(db: Db, businessId: string, invoiceId: string, date: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ write_off_suggested_on: date })
    .where('business_id', '=', businessId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function updateCustomerCollection(
  db: Db,
  businessId: string,
  customerId: string,
  change: Partial<{
    status: string;
    holdReason: string | null;
    holdSource: string | null;
    escalationPausedUntil: string | null;
    creditLimit: Minor | null;
    limitLoweredOn: string | null;
    limitRestoredOn: string | null;
    limitBeforeLowering: Minor | null;
    remindedOn: string;
  }>,
  updatedAt: string,
): Promise<void> {
  const set: Partial<Database['customers']> = { updated_at: updatedAt };
  if (change.status !== undefined) set.status = change.status;
  if (change.holdReason !== undefined) set.hold_reason = change.holdReason;
  if (change.holdSource !== undefined) set.hold_source = change.holdSource;
  if (change.escalationPausedUntil !== undefined) set.escalation_paused_until = change.escalationPausedUntil;
  if (change.creditLimit !== undefined) set.credit_limit_minor = change.creditLimit;
  if (change.limitLoweredOn !== undefined) set.limit_lowered_on = change.limitLoweredOn;
  if (change.limitRestoredOn !== undefined) set.limit_restored_on = change.limitRestoredOn;
  if (change.limitBeforeLowering !== undefined) set.limit_before_lowering_minor = change.limitBeforeLowering;
  if (change.remindedOn !== undefined) set.reminded_on = change.remindedOn;
  await db.updateTable('customers').set(set).where('business_id', '=', businessId).where('id', '=', customerId).execute();
}

/** The collection columns of some invoices (fees charged, discount granted, policy), for the payment path. */
export async function discountStateOf(
  db: Db,
  businessId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, { policyId: string | null; feesCharged: Minor; discountGranted: Minor }>> {
  const result = new Map<string, { policyId: string | null; feesCharged: Minor; discountGranted: Minor }>();
  for (const ids of chunked(invoiceIds)) {
    const rows = await db
      .selectFrom('invoices')
      .select(['id', 'policy_id', 'fees_charged_minor', 'discount_minor'])
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .execute();
    for (const row of rows)
      result.set(row.id, {
        policyId: row.policy_id,
        feesCharged: minor(row.fees_charged_minor),
        discountGranted: minor(row.discount_minor),
      });
  }
  return result;
}

export async function recordDiscount(db: Db, businessId: string, invoiceId: string, amount: Minor): Promise<void> {
  await db
    .updateTable('invoices')
    .set((eb) => ({ discount_minor: eb('discount_minor', '+', amount) }))
    .where('business_id', '=', businessId)
    .where('id', '=', invoiceId)
    .execute();
}

/** Whether invoices are in a plan or disputed now. */
export async function collectionFlagsOf(
  db: Db,
  businessId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, { planId: string | null; disputeId: string | null }>> {
  const result = new Map<string, { planId: string | null; disputeId: string | null }>();
  for (const ids of chunked(invoiceIds)) {
    const rows = await db
      .selectFrom('invoices')
      .select(['id', 'plan_id', 'dispute_id'])
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) result.set(row.id, { planId: row.plan_id, disputeId: row.dispute_id });
  }
  return result;
}
