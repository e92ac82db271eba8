/** Reads for the statement of account: one customer's entries over a period, and what was open at its end. */
import { type Kysely, sql } from 'kysely';
import { chunked } from './batches.js';
import type { CalendarDate } from '../core/dates.js';
import type { EntryCode } from '../core/ledger.js';
import { type Minor, minor } from '../core/money.js';
import { notOfVoidedInvoice } from './journal-repo.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
const CUSTOMER_ACCOUNTS = ['receivable', 'customer_credit'] as const;

/** What the customer owed (receivable less credit) at the end of the day before `date`. */
export async function customerBalanceBefore(db: Db, businessId: string, customerId: string, date: CalendarDate): Promise<Minor> {
  const row = await db
    .selectFrom('journal_lines')
    .select((eb) => eb.fn.sum<number>('amount_minor').as('total'))
    .where('business_id', '=', businessId)
    .where('account', 'in', CUSTOMER_ACCOUNTS)
    .where('customer_id', '=', customerId)
    .where('date', '<', date)
    .where(notOfVoidedInvoice('journal_lines'))
    .executeTakeFirst();
  return minor(Number(row?.total ?? 0));
}

export interface CustomerEntryRow {
  readonly entryId: string;
  readonly date: CalendarDate;
  readonly code: EntryCode;
  readonly reversedCode: EntryCode | null;
  readonly memo: string | null;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly invoiceId: string | null;
  /** The entry's change to what the customer owes. */
  readonly amount: Minor;
}

/** The customer's entries dated from `from` to `to`, in the order they were posted. */
export async function customerEntriesBetween(
  db: Db,
  businessId: string,
  customerId: string,
  from: CalendarDate,
  to: CalendarDate,
): Promise<CustomerEntryRow[]> {
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .leftJoin('journal_entries as r', (join) =>
      join.onRef('r.business_id', '=', 'e.business_id').onRef('r.id', '=', 'e.reverses_entry_id'),
    )
    .select(['e.id', 'e.date', 'e.code', 'r.code as reversedCode', 'e.memo', 'e.source_type', 'e.source_id', 'e.created_at'])
    .select((eb) => [eb.fn.sum<number>('l.amount_minor').as('amount'), eb.fn.max('l.invoice_id').as('invoiceId')])
    .where('l.business_id', '=', businessId)
    .where('l.account', 'in', CUSTOMER_ACCOUNTS)
    .where('l.customer_id', '=', customerId)
    .where('l.date', '>=', from)
    .where('l.date', '<=', to)
    .where(notOfVoidedInvoice('l'))
    .groupBy(['e.id', 'e.date', 'e.code', 'r.code', 'e.memo', 'e.source_type', 'e.source_id', 'e.created_at', 'e.seq'])
    .orderBy('e.date')
    .orderBy(sql`coalesce(e.seq, 0)`)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    entryId: row.id,
    date: row.date as CalendarDate,
    code: row.code as EntryCode,
    reversedCode: (row.reversedCode as EntryCode | null) ?? null,
    memo: row.memo,
    sourceType: row.source_type,
    sourceId: row.source_id,
    invoiceId: (row.invoiceId as string | null) ?? null,
    amount: minor(Number(row.amount)),
  }));
}

/** Each of the customer's invoices' outstanding at the end of `asOf` (those issued by then, not zero). */
export async function customerOpenItemsAsOf(db: Db, businessId: string, customerId: string, asOf: CalendarDate) {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('journal_lines as l', (join) =>
      join
        .onRef('l.business_id', '=', 'i.business_id')
        .onRef('l.invoice_id', '=', 'i.id')
        .on('l.account', '=', 'receivable')
        .on('l.date', '<=', asOf),
    )
    .select(['i.id', 'i.number', 'i.reference', 'i.issue_date', 'i.due_date'])
    .select((eb) => eb.fn.sum<number>('l.amount_minor').as('outstanding'))
    .where('i.business_id', '=', businessId)
    .where('i.customer_id', '=', customerId)
    .where('i.issue_date', '<=', asOf)
    .where('i.status', '<>', 'void')
    .groupBy(['i.id', 'i.number', 'i.reference', 'i.issue_date', 'i.due_date'])
    .execute();
  return rows
    .map((row) => ({
      invoiceId: row.id,
      number: row.number,
      reference: row.reference,
      issueDate: row.issue_date as CalendarDate,
      dueDate: row.due_date as CalendarDate,
      outstanding: minor(Number(row.outstanding)),
    }))
    .filter((row) => row.outstanding !== 0);
}

/** Document names by id: invoice numbers, credit-note numbers, payment references (or the method). */
export async function documentNames(
  db: Db,
  businessId: string,
  ids: { invoices: readonly string[]; creditNotes: readonly string[]; payments: readonly string[] },
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const batch of chunked(ids.invoices, 500))
    for (const row of await db
      .selectFrom('invoices')
      .select(['id', 'number'])
      .where('business_id', '=', businessId)
      .where('id', 'in', batch)
      .execute())
      names.set(row.id, row.number);
  for (const batch of chunked(ids.creditNotes, 500))
    for (const row of await db
      .selectFrom('credit_notes')
      .select(['id', 'number'])
      .where('business_id', '=', businessId)
      .where('id', 'in', batch)
      .execute())
      names.set(row.id, row.number);
  for (const batch of chunked(ids.payments, 500))
    for (const row of await db
      .selectFrom('payments')
      .select(['id', 'reference', 'method'])
      .where('business_id', '=', businessId)
      .where('id', 'in', batch)
      .execute())
      names.set(row.id, row.reference ?? row.method);
  return names;
}

export interface InvoiceEntryRow {
  readonly entryId: string;
  readonly date: CalendarDate;
  readonly code: EntryCode;
  readonly reversedCode: EntryCode | null;
  readonly memo: string | null;
  readonly sourceType: string;
  readonly sourceId: string;
  /** The entry's change to what is owed on the invoice (its receivable lines naming it). */
  readonly amount: Minor;
}

/** Every entry that changed what is owed on one invoice (its issue, payments, credit, fees, corrections, a void), in posting order. */
export async function invoiceEntries(db: Db, businessId: string, invoiceId: string): Promise<InvoiceEntryRow[]> {
  const rows = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .leftJoin('journal_entries as r', (join) =>
      join.onRef('r.business_id', '=', 'e.business_id').onRef('r.id', '=', 'e.reverses_entry_id'),
    )
    .select(['e.id', 'e.date', 'e.code', 'r.code as reversedCode', 'e.memo', 'e.source_type', 'e.source_id', 'e.created_at'])
    .select((eb) => eb.fn.sum<number>('l.amount_minor').as('amount'))
    .where('l.business_id', '=', businessId)
    .where('l.account', '=', 'receivable')
    .where('l.invoice_id', '=', invoiceId)
    .groupBy(['e.id', 'e.date', 'e.code', 'r.code', 'e.memo', 'e.source_type', 'e.source_id', 'e.created_at', 'e.seq'])
    .orderBy('e.date')
    .orderBy(sql`coalesce(e.seq, 0)`)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    entryId: row.id,
    date: row.date as CalendarDate,
    code: row.code as EntryCode,
    reversedCode: (row.reversedCode as EntryCode | null) ?? null,
    memo: row.memo,
    sourceType: row.source_type,
    sourceId: row.source_id,
    amount: minor(Number(row.amount)),
  }));
}

/** The PO references of invoices by id (only those that have one). */
export async function invoiceReferences(db: Db, businessId: string, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  for (const batch of chunked(invoiceIds, 500))
    for (const row of await db
      .selectFrom('invoices')
      .select(['id', 'reference'])
      .where('business_id', '=', businessId)
      .where('id', 'in', batch)
      .where('reference', 'is not', null)
      .execute())
      references.set(row.id, row.reference as string);
  return references;
}
