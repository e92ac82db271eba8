/** Invoices, their lines, credit notes, payments and allocations. */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import type { Invoice, InvoiceLine, InvoiceStatus, PricedLine } from '../core/invoices.js';
import { type Minor, minor } from '../core/money.js';
import type { OpenItem, Payment } from '../core/payments.js';
import type { Database, InvoicesTable } from './schema.js';

type Db = Kysely<Database>;

export function toInvoice(row: InvoicesTable): Invoice {
  return {
    id: row.id,
    businessId: row.business_id,
    number: row.number,
    customerId: row.customer_id,
    issueDate: row.issue_date as CalendarDate,
    dueDate: row.due_date as CalendarDate,
    reference: row.reference,
    currency: row.currency,
    subtotal: minor(row.subtotal_minor),
    tax: minor(row.tax_minor),
    total: minor(row.total_minor),
    outstanding: minor(row.outstanding_minor),
    status: row.status as InvoiceStatus,
    isQuickSale: row.is_quick_sale === 1,
    overrideReason: row.override_reason,
    createdAt: row.created_at,
    policyId: row.policy_id,
  };
}

/**
 * Inserts an invoice with outstanding 0: posting its issue entry raises the
 * outstanding. `counters`: the fee periods and reminder steps that count as
 * done when it is entered (a back-dated invoice; see core/entry-counters).
 */
export async function insertInvoice(
  db: Db,
  invoice: Invoice,
  lines: readonly PricedLine[],
  counters: { feePeriodsDone: number; reminderStepsDone: number } = { feePeriodsDone: 0, reminderStepsDone: 0 },
): Promise<void> {
  await db
    .insertInto('invoices')
    .values({
      business_id: invoice.businessId,
      id: invoice.id,
      number: invoice.number,
      customer_id: invoice.customerId,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate,
      reference: invoice.reference,
      currency: invoice.currency,
      subtotal_minor: invoice.subtotal,
      tax_minor: invoice.tax,
      total_minor: invoice.total,
      outstanding_minor: 0,
      status: invoice.status,
      is_quick_sale: invoice.isQuickSale ? 1 : 0,
      override_reason: invoice.overrideReason,
      created_at: invoice.createdAt,
      policy_id: invoice.policyId,
      fee_periods_done: counters.feePeriodsDone,
      fees_charged_minor: 0,
      discount_minor: 0,
      reminder_steps_done: counters.reminderStepsDone,
    })
    .execute();
  await db
    .insertInto('invoice_lines')
    .values(
      lines.map((line, index) => ({
        business_id: invoice.businessId,
        invoice_id: invoice.id,
        line_no: index + 1,
        description: line.description,
        quantity_milli: line.quantityMilli,
        unit_price_minor: line.unitPrice,
        discount_minor: line.discount,
        tax_rate_bps: line.taxRateBps ?? null,
        amount_minor: line.amount,
        tax_minor: line.tax,
      })),
    )
    .execute();
}

export async function getInvoice(db: Db, businessId: string, invoiceId: string): Promise<Invoice | undefined> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  return row && toInvoice(row);
}

/** The invoice with this number (`INV-2026-000123`, or an imported number): numbers are unique per business. */
export async function findInvoiceByNumber(db: Db, businessId: string, number: string): Promise<Invoice | undefined> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row && toInvoice(row);
}

function toLine(row: Database['invoice_lines']): InvoiceLine {
  return {
    description: row.description,
    quantityMilli: row.quantity_milli,
    unitPrice: minor(row.unit_price_minor),
    discount: minor(row.discount_minor),
    taxRateBps: row.tax_rate_bps,
    amount: minor(row.amount_minor),
    tax: minor(row.tax_minor),
  };
}

export async function getInvoiceLines(db: Db, businessId: string, invoiceId: string): Promise<InvoiceLine[]> {
  return (await getInvoiceLinesOf(db, businessId, [invoiceId])).get(invoiceId) ?? [];
}

/** The lines of several invoices, by invoice id. */
export async function getInvoiceLinesOf(
  db: Db,
  businessId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, InvoiceLine[]>> {
  const byInvoice = new Map<string, InvoiceLine[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('invoice_id', 'in', invoiceIds)
    .orderBy('invoice_id')
    .orderBy('line_no')
    .execute();
  for (const row of rows) {
    const lines = byInvoice.get(row.invoice_id) ?? [];
    lines.push(toLine(row));
    byInvoice.set(row.invoice_id, lines);
  }
  return byInvoice;
}

/** A customer's open invoices (the status index makes this cost follow open items, not history). */
export async function openInvoicesOfCustomer(db: Db, businessId: string, customerId: string): Promise<Invoice[]> {
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  return rows.map(toInvoice);
}

export function toOpenItem(invoice: Invoice): OpenItem {
  return {
    invoiceId: invoice.id,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    number: invoice.number,
    outstanding: invoice.outstanding,
  };
}

export async function setInvoiceStatus(db: Db, businessId: string, invoiceId: string, status: InvoiceStatus): Promise<void> {
  await db.updateTable('invoices').set({ status }).where('business_id', '=', businessId).where('id', '=', invoiceId).execute();
}

/** A payment as recorded (core/payments.ts). */
export type PaymentRecord = Payment;

export async function insertCreditNote(
  db: Db,
  note: {
    businessId: string;
    id: string;
    number: string;
    invoiceId: string;
    customerId: string;
    amount: Minor;
    reason: string;
    date: CalendarDate;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('credit_notes')
    .values({
      business_id: note.businessId,
      id: note.id,
      number: note.number,
      invoice_id: note.invoiceId,
      customer_id: note.customerId,
      amount_minor: note.amount,
      reason: note.reason,
      date: note.date,
      created_at: note.createdAt,
    })
    .execute();
}

/** Every open invoice's outstanding now, from the projection (no journal read). */
export async function openItemsOfBusiness(
  db: Db,
  businessId: string,
): Promise<{ customerId: string; dueDate: CalendarDate; outstanding: Minor }[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['customer_id', 'due_date', 'outstanding_minor'])
    .where('business_id', '=', businessId)
    // A literal, not a parameter: the planner may then read the partial index of open invoices alone.
    .where(sql.ref('status'), '=', sql.lit('open'))
    .where('outstanding_minor', '<>', 0)
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    dueDate: row.due_date as CalendarDate,
    outstanding: minor(row.outstanding_minor),
  }));
}

/**
 * Each invoice's outstanding as it stood at the end of a date: the sum of its
 * receivable lines dated on or before it. Only invoices issued by then count,
 * and of those only the ones not settled by then: an invoice whose receivable
 * reached zero on or before the date (settled_on) and stayed there owed nothing
 * that day, so its lines are not read. Cost follows what was open on the date.
 */
export async function outstandingAsOf(
  db: Db,
  businessId: string,
  asOf: CalendarDate,
): Promise<{ invoiceId: string; customerId: string; dueDate: CalendarDate; outstanding: Minor }[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('journal_lines as l', (join) =>
      join
        .onRef('l.business_id', '=', 'i.business_id')
        .onRef('l.invoice_id', '=', 'i.id')
        .on('l.account', '=', 'receivable')
        .on('l.date', '<=', asOf),
    )
    .select(['i.id as invoiceId', 'i.customer_id as customerId', 'i.due_date as dueDate'])
    .select((eb) => eb.fn.sum<number>('l.amount_minor').as('outstanding'))
    .where('i.business_id', '=', businessId)
    .where('i.issue_date', '<=', asOf)
    // A voided invoice never existed, on any day.
    .where('i.status', '<>', 'void')
    .where((eb) => eb.or([eb('i.settled_on', 'is', null), eb('i.settled_on', '>', asOf)]))
    .groupBy(['i.id', 'i.customer_id', 'i.due_date'])
    .execute();
  return rows
    .map((row) => ({
      invoiceId: row.invoiceId,
      customerId: row.customerId,
      dueDate: row.dueDate as CalendarDate,
      outstanding: minor(Number(row.outstanding)),
    }))
    .filter((row) => row.outstanding !== 0);
}

/**
 * A customer's invoices as they stood at the end of a date, with what each owed
 * then (its receivable lines up to that day), among those not voided or written
 * off since: those open that day, whether open or paid now. For what a payment
 * made that day would have met.
 */
export async function owedByCustomerOn(
  db: Db,
  businessId: string,
  customerId: string,
  date: CalendarDate,
): Promise<(OpenItem & { status: InvoiceStatus; settledOn: CalendarDate | null })[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('journal_lines as l', (join) =>
      join.onRef('l.business_id', '=', 'i.business_id').onRef('l.invoice_id', '=', 'i.id'),
    )
    .select(['i.id', 'i.issue_date', 'i.due_date', 'i.number', 'i.status', 'i.settled_on'])
    .select((eb) => eb.fn.sum<number>('l.amount_minor').as('owed'))
    .where('i.business_id', '=', businessId)
    .where('i.customer_id', '=', customerId)
    .where('i.issue_date', '<=', date)
    .where('i.status', 'in', ['open', 'paid'])
    .where('l.account', '=', 'receivable')
    .where('l.date', '<=', date)
    .groupBy(['i.id', 'i.issue_date', 'i.due_date', 'i.number', 'i.status', 'i.settled_on'])
    .execute();
  return rows
    .filter((row) => Number(row.owed) > 0)
    .map((row) => ({
      invoiceId: row.id,
      issueDate: row.issue_date as CalendarDate,
      dueDate: row.due_date as CalendarDate,
      number: row.number,
      outstanding: minor(Number(row.owed)),
      status: row.status as InvoiceStatus,
      settledOn: row.settled_on as CalendarDate | null,
    }));
}
