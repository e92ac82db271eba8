/**
 * What the collection run reads. Reads follow open items through the
 * (business_id, status, due_date) index, never the whole journal: an as-of
 * date in the past is served by subtracting only the lines posted after it.
 * What the run writes (events, messages, counters, the day claim) is in
 * collection-effects-repo.ts.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import type { Locale } from '../core/parties.js';
import type { Channel } from '../core/policy.js';
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
        // Only paid ones: a voided invoice was never owed, and a written-off one is closed for good; a catch-up
        // day before either must not charge it (its fee would sit on an invoice no one collects).
        .where('status', '=', 'paid')
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
  readonly reminderFingerprint: string | null;
  readonly preferredChannel: Channel | null;
  readonly channelOrder: readonly Channel[] | null;
  readonly optedOut: readonly Channel[];
  /** The customer's language for messages; null: the business's. */
  readonly locale: Locale | null;
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
      'reminder_fingerprint',
      'preferred_channel',
      'channel_order',
      'opted_out',
      'locale',
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
      reminderFingerprint: row.reminder_fingerprint,
      preferredChannel: row.preferred_channel as Channel | null,
      channelOrder: row.channel_order === null ? null : (JSON.parse(row.channel_order) as Channel[]),
      optedOut: JSON.parse(row.opted_out || '[]') as Channel[],
      locale: row.locale as Locale | null,
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
