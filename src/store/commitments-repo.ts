/** Promises to pay, disputes, reported (unverified) payments and payment plans. */
import type { Kysely } from 'kysely';
import type { Instalment, PlanFrequency } from '../core/commitments.js';
import type { CalendarDate } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface PromiseRecord {
  readonly businessId: string;
  readonly id: string;
  readonly customerId: string;
  readonly promisedDate: CalendarDate;
  readonly amount: Minor;
  readonly channel: string;
  readonly note: string | null;
  readonly status: 'open' | 'kept' | 'partly_kept' | 'broken' | 'cancelled';
  readonly paid: Minor;
  readonly createdOn: CalendarDate;
  readonly resolvedOn: CalendarDate | null;
  readonly createdAt: string;
}

function toPromise(row: Database['promises']): PromiseRecord {
  return {
    businessId: row.business_id,
    id: row.id,
    customerId: row.customer_id,
    promisedDate: row.promised_date as CalendarDate,
    amount: minor(row.amount_minor),
    channel: row.channel,
    note: row.note,
    status: row.status as PromiseRecord['status'],
    paid: minor(row.paid_minor),
    createdOn: row.created_on as CalendarDate,
    resolvedOn: row.resolved_on as CalendarDate | null,
    createdAt: row.created_at,
  };
}

export async function insertPromise(db: Db, promise: PromiseRecord): Promise<void> {
  await db
    .insertInto('promises')
    .values({
      business_id: promise.businessId,
      id: promise.id,
      customer_id: promise.customerId,
      promised_date: promise.promisedDate,
      amount_minor: promise.amount,
      channel: promise.channel,
      note: promise.note,
      status: promise.status,
      paid_minor: promise.paid,
      created_on: promise.createdOn,
      resolved_on: promise.resolvedOn,
      created_at: promise.createdAt,
    })
    .execute();
}

/** Open promises made on or before a date. */
export async function openPromises(
  db: Db,
  businessId: string,
  asOf: CalendarDate,
  customerId?: string,
): Promise<PromiseRecord[]> {
  let query = db
    .selectFrom('promises')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('created_on', '<=', asOf);
  if (customerId !== undefined) query = query.where('customer_id', '=', customerId);
  return (await query.orderBy('id').execute()).map(toPromise);
}

export async function promisesOfCustomer(db: Db, businessId: string, customerId: string): Promise<PromiseRecord[]> {
  const rows = await db
    .selectFrom('promises')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map(toPromise);
}

export async function resolvePromise(
  db: Db,
  businessId: string,
  promiseId: string,
  change: { status: PromiseRecord['status']; paid: Minor; resolvedOn: string },
): Promise<void> {
  await db
    .updateTable('promises')
    .set({ status: change.status, paid_minor: change.paid, resolved_on: change.resolvedOn })
    .where('business_id', '=', businessId)
    .where('id', '=', promiseId)
    .where('status', '=', 'open')
    .execute();
}

export interface DisputeRecord {
  readonly businessId: string;
  readonly id: string;
  readonly invoiceId: string;
  readonly customerId: string;
  readonly reason: string;
  readonly status: 'open' | 'resolved' | 'rejected';
  readonly openedOn: CalendarDate;
  readonly closedOn: CalendarDate | null;
  readonly resolution: string | null;
  readonly creditNoteId: string | null;
  readonly createdAt: string;
}

function toDispute(row: Database['disputes']): DisputeRecord {
  return {
    businessId: row.business_id,
    id: row.id,
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    reason: row.reason,
    status: row.status as DisputeRecord['status'],
    openedOn: row.opened_on as CalendarDate,
    closedOn: row.closed_on as CalendarDate | null,
    resolution: row.resolution,
    creditNoteId: row.credit_note_id,
    createdAt: row.created_at,
  };
}

export async function insertDispute(db: Db, dispute: DisputeRecord): Promise<void> {
  await db
    .insertInto('disputes')
    .values({
      business_id: dispute.businessId,
      id: dispute.id,
      invoice_id: dispute.invoiceId,
      customer_id: dispute.customerId,
      reason: dispute.reason,
      status: dispute.status,
      opened_on: dispute.openedOn,
      closed_on: null,
      resolution: null,
      credit_note_id: null,
      created_at: dispute.createdAt,
    })
    .execute();
  await db
    .updateTable('invoices')
    .set({ dispute_id: dispute.id })
    .where('business_id', '=', dispute.businessId)
    .where('id', '=', dispute.invoiceId)
    .execute();
}

export async function getDispute(db: Db, businessId: string, disputeId: string): Promise<DisputeRecord | undefined> {
  const row = await db
    .selectFrom('disputes')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', disputeId)
    .executeTakeFirst();
  return row && toDispute(row);
}

export async function closeDispute(
  db: Db,
  dispute: DisputeRecord,
  change: { status: 'resolved' | 'rejected'; closedOn: string; resolution: string; creditNoteId: string | null },
): Promise<void> {
  await db
    .updateTable('disputes')
    .set({
      status: change.status,
      closed_on: change.closedOn,
      resolution: change.resolution,
      credit_note_id: change.creditNoteId,
    })
    .where('business_id', '=', dispute.businessId)
    .where('id', '=', dispute.id)
    .execute();
  await db
    .updateTable('invoices')
    .set({ dispute_id: null })
    .where('business_id', '=', dispute.businessId)
    .where('id', '=', dispute.invoiceId)
    .execute();
}

/** The latest day a dispute on each invoice was closed, for those that had one. */
export async function disputesLastClosedOn(
  db: Db,
  businessId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (invoiceIds.length === 0) return result;
  const rows = await db
    .selectFrom('disputes')
    .select(['invoice_id', (eb) => eb.fn.max('closed_on').as('closed_on')])
    .where('business_id', '=', businessId)
    .where('invoice_id', 'in', invoiceIds)
    .where('closed_on', 'is not', null)
    .groupBy('invoice_id')
    .execute();
  for (const row of rows) if (row.closed_on) result.set(row.invoice_id, row.closed_on as string);
  return result;
}

/** Disputes open on a date (opened by then, not closed by then), by invoice. */
export async function disputesOpenOn(db: Db, businessId: string, asOf: CalendarDate): Promise<Set<string>> {
  const rows = await db
    .selectFrom('disputes')
    .select('invoice_id')
    .where('business_id', '=', businessId)
    .where('opened_on', '<=', asOf)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', asOf)]))
    .execute();
  return new Set(rows.map((row) => row.invoice_id));
}

export interface PendingRecord {
  readonly businessId: string;
  readonly id: string;
  readonly customerId: string;
  readonly invoiceId: string | null;
  readonly amount: Minor;
  readonly method: string;
  readonly provider: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly status: 'pending' | 'verified' | 'rejected';
  readonly reportedOn: CalendarDate;
  /** The day the customer says they paid: verifying books the payment on it unless the owner names another. */
  readonly paidOn: CalendarDate;
  readonly resolvedOn: CalendarDate | null;
  readonly paymentId: string | null;
  readonly createdAt: string;
}

function toPending(row: Database['pending_payments']): PendingRecord {
  return {
    businessId: row.business_id,
    id: row.id,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    amount: minor(row.amount_minor),
    method: row.method,
    provider: row.provider,
    reference: row.reference,
    note: row.note,
    status: row.status as PendingRecord['status'],
    reportedOn: row.reported_on as CalendarDate,
    paidOn: (row.paid_on ?? row.reported_on) as CalendarDate,
    resolvedOn: row.resolved_on as CalendarDate | null,
    paymentId: row.payment_id,
    createdAt: row.created_at,
  };
}

export async function insertPending(db: Db, pending: PendingRecord): Promise<void> {
  await db
    .insertInto('pending_payments')
    .values({
      business_id: pending.businessId,
      id: pending.id,
      customer_id: pending.customerId,
      invoice_id: pending.invoiceId,
      amount_minor: pending.amount,
      method: pending.method,
      provider: pending.provider,
      reference: pending.reference,
      note: pending.note,
      status: pending.status,
      reported_on: pending.reportedOn,
      paid_on: pending.paidOn,
      resolved_on: null,
      payment_id: null,
      created_at: pending.createdAt,
    })
    .execute();
}

export async function getPending(db: Db, businessId: string, pendingId: string): Promise<PendingRecord | undefined> {
  const row = await db
    .selectFrom('pending_payments')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', pendingId)
    .executeTakeFirst();
  return row && toPending(row);
}

/** Reports waiting for the owner on a date: reported by then and not resolved by then. */
export async function pendingOn(db: Db, businessId: string, asOf: CalendarDate): Promise<PendingRecord[]> {
  const rows = await db
    .selectFrom('pending_payments')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('reported_on', '<=', asOf)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb('resolved_on', '>', asOf)]))
    .orderBy('id')
    .execute();
  return rows.map(toPending);
}

/** A customer's reports still waiting for the owner, in the order they were made. */
export async function pendingOfCustomer(db: Db, businessId: string, customerId: string): Promise<PendingRecord[]> {
  const rows = await db
    .selectFrom('pending_payments')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  return rows.map(toPending);
}

export async function resolvePending(
  db: Db,
  pending: PendingRecord,
  change: { status: 'verified' | 'rejected'; resolvedOn: string; paymentId: string | null; paidOn?: string },
): Promise<void> {
  await db
    .updateTable('pending_payments')
    .set({
      status: change.status,
      resolved_on: change.resolvedOn,
      payment_id: change.paymentId,
      // The day the owner found it was paid, when it differs from the day reported.
      ...(change.paidOn === undefined ? {} : { paid_on: change.paidOn }),
    })
    .where('business_id', '=', pending.businessId)
    .where('id', '=', pending.id)
    .execute();
}

export interface PlanRecord {
  readonly businessId: string;
  readonly id: string;
  readonly customerId: string;
  readonly status: 'active' | 'completed' | 'defaulted';
  readonly frequency: PlanFrequency;
  readonly total: Minor;
  readonly invoiceIds: readonly string[];
  readonly note: string | null;
  readonly createdOn: CalendarDate;
  readonly closedOn: CalendarDate | null;
  readonly createdAt: string;
  readonly instalments: readonly (Instalment & { stepsDone: number })[];
}

export async function insertPlan(db: Db, plan: PlanRecord): Promise<void> {
  await db
    .insertInto('payment_plans')
    .values({
      business_id: plan.businessId,
      id: plan.id,
      customer_id: plan.customerId,
      status: plan.status,
      frequency: plan.frequency,
      total_minor: plan.total,
      invoice_ids: JSON.stringify(plan.invoiceIds),
      note: plan.note,
      created_on: plan.createdOn,
      closed_on: null,
      created_at: plan.createdAt,
    })
    .execute();
  await db
    .insertInto('plan_instalments')
    .values(
      plan.instalments.map((instalment) => ({
        business_id: plan.businessId,
        plan_id: plan.id,
        seq: instalment.seq,
        due_date: instalment.dueDate,
        amount_minor: instalment.amount,
        reminder_steps_done: 0,
      })),
    )
    .execute();
  await db
    .updateTable('invoices')
    .set({ plan_id: plan.id })
    .where('business_id', '=', plan.businessId)
    .where('id', 'in', plan.invoiceIds)
    .execute();
}

/** Plans by status (active ones for the run), with their instalments. */
export async function plansOf(
  db: Db,
  businessId: string,
  filter: { status?: PlanRecord['status']; customerId?: string; planId?: string },
): Promise<PlanRecord[]> {
  let query = db.selectFrom('payment_plans').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.planId) query = query.where('id', '=', filter.planId);
  const plans = await query.orderBy('id').execute();
  if (plans.length === 0) return [];
  const instalments = await db
    .selectFrom('plan_instalments')
    .selectAll()
    .where('business_id', '=', businessId)
    .where(
      'plan_id',
      'in',
      plans.map((plan) => plan.id),
    )
    .orderBy('plan_id')
    .orderBy('seq')
    .execute();
  return plans.map((plan) => ({
    businessId: plan.business_id,
    id: plan.id,
    customerId: plan.customer_id,
    status: plan.status as PlanRecord['status'],
    frequency: plan.frequency as PlanFrequency,
    total: minor(plan.total_minor),
    invoiceIds: JSON.parse(plan.invoice_ids) as string[],
    note: plan.note,
    createdOn: plan.created_on as CalendarDate,
    closedOn: plan.closed_on as CalendarDate | null,
    createdAt: plan.created_at,
    instalments: instalments
      .filter((row) => row.plan_id === plan.id)
      .map((row) => ({
        seq: row.seq,
        dueDate: row.due_date as CalendarDate,
        amount: minor(row.amount_minor),
        stepsDone: row.reminder_steps_done,
      })),
  }));
}

/** Closes a plan: its invoices leave it and the normal ladder (and fees) take them back. */
export async function closePlan(
  db: Db,
  businessId: string,
  planId: string,
  status: 'completed' | 'defaulted',
  closedOn: string,
): Promise<void> {
  await db
    .updateTable('payment_plans')
    .set({ status, closed_on: closedOn })
    .where('business_id', '=', businessId)
    .where('id', '=', planId)
    .execute();
  await db
    .updateTable('invoices')
    .set({ plan_id: null })
    .where('business_id', '=', businessId)
    .where('plan_id', '=', planId)
    .execute();
}

export async function advanceInstalmentSteps(
  db: Db,
  businessId: string,
  planId: string,
  seq: number,
  stepsDone: number,
): Promise<void> {
  await db
    .updateTable('plan_instalments')
    .set({ reminder_steps_done: stepsDone })
    .where('business_id', '=', businessId)
    .where('plan_id', '=', planId)
    .where('seq', '=', seq)
    .where('reminder_steps_done', '<', stepsDone)
    .execute();
}

/** Reported payments, newest first: by status and customer, at most `limit`. */
export async function findPending(
  db: Db,
  businessId: string,
  filter: { status?: PendingRecord['status'] | undefined; customerId?: string | undefined; reference?: string | undefined },
  limit: number,
): Promise<PendingRecord[]> {
  let query = db.selectFrom('pending_payments').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.reference !== undefined) query = query.where('reference', '=', filter.reference);
  return (await query.orderBy('id', 'desc').limit(limit).execute()).map(toPending);
}

/** Disputes, newest first: by status, customer and invoice, at most `limit`. */
export async function findDisputes(
  db: Db,
  businessId: string,
  filter: { status?: DisputeRecord['status'] | undefined; customerId?: string | undefined; invoiceId?: string | undefined },
  limit: number,
): Promise<DisputeRecord[]> {
  let query = db.selectFrom('disputes').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.invoiceId) query = query.where('invoice_id', '=', filter.invoiceId);
  return (await query.orderBy('id', 'desc').limit(limit).execute()).map(toDispute);
}

/** Promises to pay, by promised date: by status and customer, at most `limit`. */
export async function findPromises(
  db: Db,
  businessId: string,
  filter: { status?: PromiseRecord['status'] | undefined; customerId?: string | undefined },
  limit: number,
): Promise<PromiseRecord[]> {
  let query = db.selectFrom('promises').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return (await query.orderBy('promised_date').orderBy('id').limit(limit).execute()).map(toPromise);
}
