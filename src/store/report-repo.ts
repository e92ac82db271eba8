/**
 * Reads for the reports (KPIs, forecast, risk): sums grouped by customer, in
 * one statement each, whatever the number of customers.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import { openItemsOfBusiness, outstandingAsOf } from './invoices-repo.js';
import { latestEntryDate, notOfVoidedInvoice } from './journal-repo.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * Each customer's receivable (not their credit) at the end of a date: today's
 * balance less the receivable lines dated after the date, so the cost follows
 * what happened since, not the whole history.
 */
export async function receivableByCustomerAsOf(db: Db, businessId: string, asOf: CalendarDate): Promise<Map<string, Minor>> {
  const [balances, later] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['id', 'balance_minor'])
      .where('business_id', '=', businessId)
      .where('balance_minor', '<>', 0)
      .execute(),
    db
      .selectFrom('journal_lines')
      .select('customer_id')
      .select((eb) => eb.fn.sum<number>('amount_minor').as('total'))
      .where('business_id', '=', businessId)
      .where('date', '>', asOf)
      .where('account', '=', 'receivable')
      .where(notOfVoidedInvoice('journal_lines'))
      .groupBy('customer_id')
      .execute(),
  ]);
  const result = new Map<string, number>(balances.map((row) => [row.id, Number(row.balance_minor)]));
  for (const row of later) {
    const id = row.customer_id as string;
    result.set(id, (result.get(id) ?? 0) - Number(row.total));
  }
  return new Map([...result].filter(([, amount]) => amount !== 0).map(([id, amount]) => [id, minor(amount)]));
}

/**
 * The open items as the book stood at the end of a date: the open-invoice
 * projection when nothing is dated after it, else each invoice's lines up to it.
 */
export async function openItemsOn(
  db: Db,
  businessId: string,
  date: CalendarDate,
): Promise<{ customerId: string; dueDate: CalendarDate; outstanding: Minor }[]> {
  const latest = await latestEntryDate(db, businessId);
  return latest === undefined || latest <= date ? openItemsOfBusiness(db, businessId) : outstandingAsOf(db, businessId, date);
}

/** Credit sales: invoices (not voided) issued from a date to a date, with their customer and total. */
export async function salesBetween(
  db: Db,
  businessId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<{ customerId: string; issueDate: CalendarDate; total: Minor }[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['customer_id', 'issue_date', 'total_minor'])
    .where('business_id', '=', businessId)
    .where('issue_date', '>=', from)
    .where('issue_date', '<=', to)
    .where('status', '<>', 'void')
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    issueDate: row.issue_date as CalendarDate,
    total: minor(row.total_minor),
  }));
}

/**
 * Late fees charged and early-payment discounts granted from a date to a date,
 * as the receivable lines of the entries that touch those income accounts: a
 * fee is positive, a discount negative, and a reversal (a waived fee) counts
 * against what it reverses.
 */
export async function feesAndDiscountsBetween(
  db: Db,
  businessId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<{ customerId: string; date: CalendarDate; fees: Minor; discounts: Minor }[]> {
  const rows = await db
    .selectFrom('journal_lines as x')
    .innerJoin('journal_lines as r', (join) =>
      join.onRef('r.business_id', '=', 'x.business_id').onRef('r.entry_id', '=', 'x.entry_id'),
    )
    .select(['r.customer_id', 'r.date', 'x.account'])
    .select((eb) => eb.fn.sum<number>('r.amount_minor').as('total'))
    .where('x.business_id', '=', businessId)
    .where('x.account', 'in', ['late_fee_income', 'discounts_given'])
    .where('x.date', '>=', from)
    .where('x.date', '<=', to)
    .where('r.account', '=', 'receivable')
    .groupBy(['r.customer_id', 'r.date', 'x.account'])
    .execute();
  return rows.map((row) => {
    const total = Number(row.total);
    return {
      customerId: row.customer_id as string,
      date: row.date as CalendarDate,
      fees: minor(row.account === 'late_fee_income' ? total : 0),
      discounts: minor(row.account === 'discounts_given' ? -total : 0),
    };
  });
}

/**
 * From a date to a date, per customer: the receivable collected with money (the
 * lines of payments and of credit applied, which is money received before) and
 * the receivable lowered by credit notes (a correction of what was billed).
 * Write-offs are neither: they were owed and not collected.
 */
export async function collectedBetween(
  db: Db,
  businessId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<{ customerId: string; collected: Minor; credited: Minor }[]> {
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select(['l.customer_id', 'e.code'])
    .select((eb) => eb.fn.sum<number>('l.amount_minor').as('total'))
    .where('l.business_id', '=', businessId)
    .where('l.account', '=', 'receivable')
    .where('l.date', '>=', from)
    .where('l.date', '<=', to)
    .where('e.code', 'in', ['payment', 'credit_applied', 'credit_note'])
    .groupBy(['l.customer_id', 'e.code'])
    .execute();
  const byCustomer = new Map<string, { collected: number; credited: number }>();
  for (const row of rows) {
    const figures = byCustomer.get(row.customer_id as string) ?? { collected: 0, credited: 0 };
    if (row.code === 'credit_note') figures.credited -= Number(row.total);
    else figures.collected -= Number(row.total);
    byCustomer.set(row.customer_id as string, figures);
  }
  return [...byCustomer].map(([customerId, figures]) => ({
    customerId,
    collected: minor(figures.collected),
    credited: minor(figures.credited),
  }));
}

export interface SettledInvoiceRow {
  readonly customerId: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly settledOn: CalendarDate;
  readonly total: Minor;
}

/** Invoices settled by payment (status paid) from a date to a date. */
export async function settledBetween(
  db: Db,
  businessId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<SettledInvoiceRow[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['customer_id', 'issue_date', 'due_date', 'settled_on', 'total_minor'])
    .where('business_id', '=', businessId)
    .where('settled_on', '>=', from)
    .where('settled_on', '<=', to)
    .where('status', '=', 'paid')
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    issueDate: row.issue_date as CalendarDate,
    dueDate: row.due_date as CalendarDate,
    settledOn: row.settled_on as CalendarDate,
    total: minor(row.total_minor),
  }));
}

export interface OpenInvoiceRow {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly dueDate: CalendarDate;
  readonly outstanding: Minor;
  readonly disputed: boolean;
  readonly planId: string | null;
}

/** Every open invoice now, from the projection, with its dispute and plan. */
export async function openInvoicesNow(db: Db, businessId: string): Promise<OpenInvoiceRow[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'customer_id', 'due_date', 'outstanding_minor', 'dispute_id', 'plan_id'])
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('outstanding_minor', '<>', 0)
    .execute();
  return rows.map((row) => ({
    invoiceId: row.id,
    customerId: row.customer_id,
    dueDate: row.due_date as CalendarDate,
    outstanding: minor(row.outstanding_minor),
    disputed: row.dispute_id !== null,
    planId: row.plan_id,
  }));
}
