/**
 * Reading lists a person browses: customers, invoices and payments with filters,
 * a customer's ledger and the audit log. Every list is one business's, in id
 * order (ids are time-ordered; invoices by issue date and number), after a
 * cursor, at most `limit` rows.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import type { Customer, CustomerStatus } from '../core/parties.js';
import type { Invoice, InvoiceStatus } from '../core/invoices.js';
import { type Minor, minor } from '../core/money.js';
import type { CreditMove } from '../core/payments.js';
import { type AuditRecord, toAuditRecord } from './records-repo.js';
import { type PaymentRecord } from './invoices-repo.js';
import { toInvoice } from './invoices-repo.js';
import { toCustomer } from './parties-repo.js';
import type { Database } from './schema.js';
import type { PaymentMethod } from '../core/ledger.js';

type Db = Kysely<Database>;

/** A LIKE pattern matching `text` anywhere, with the pattern characters escaped. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface CustomerFilter {
  readonly status?: CustomerStatus | undefined;
  /** Only customers with an open invoice due before `today`. */
  readonly overdueOn?: CalendarDate | undefined;
  /** Part of the name (any case) or of the phone number. */
  readonly search?: string | undefined;
}

export async function findCustomers(
  db: Db,
  businessId: string,
  filter: CustomerFilter,
  page: { limit: number; afterId?: string | undefined },
): Promise<Customer[]> {
  let query = db.selectFrom('customers').selectAll().where('business_id', '=', businessId);
  if (page.afterId) query = query.where('id', '>', page.afterId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    const digits = filter.search.replace(/[^0-9]/g, '');
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`lower(name) like ${pattern} escape '\\'`,
        ...(digits.length >= 3 ? [sql<SqlBool>`phone like ${`%${digits.replace(/^0/, '')}%`}`] : []),
      ]),
    );
  }
  const overdueOn = filter.overdueOn;
  if (overdueOn)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('invoices')
          .select('invoices.id')
          .whereRef('invoices.business_id', '=', 'customers.business_id')
          .whereRef('invoices.customer_id', '=', 'customers.id')
          .where('invoices.status', '=', 'open')
          .where('invoices.due_date', '<', overdueOn),
      ),
    );
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map(toCustomer);
}

export interface InvoiceFilter {
  readonly status?: InvoiceStatus | undefined;
  readonly customerId?: string | undefined;
  /** Only open invoices due before this date. */
  readonly overdueOn?: CalendarDate | undefined;
  /** Part of the number or of the reference, or of the customer's name or ref (any case). */
  readonly search?: string | undefined;
  /** Issued on or after / on or before these dates. */
  readonly issuedFrom?: CalendarDate | undefined;
  readonly issuedTo?: CalendarDate | undefined;
}

/**
 * Invoices in the order people read them: by issue date, then number (oldest first, or newest
 * first). The cursor is the id of the last invoice of the previous page; the page goes on from
 * its place in that order.
 */
export async function findInvoices(
  db: Db,
  businessId: string,
  filter: InvoiceFilter,
  page: { limit: number; afterId?: string | undefined; newestFirst?: boolean | undefined },
): Promise<Invoice[]> {
  const direction = page.newestFirst ? 'desc' : 'asc';
  let query = db.selectFrom('invoices').selectAll().where('business_id', '=', businessId);
  if (page.afterId) {
    const after = await db
      .selectFrom('invoices')
      .select(['issue_date', 'number'])
      .where('business_id', '=', businessId)
      .where('id', '=', page.afterId)
      .executeTakeFirst();
    if (!after) return [];
    query = query.where((eb) =>
      eb(eb.refTuple('issue_date', 'number'), page.newestFirst ? '<' : '>', eb.tuple(after.issue_date, after.number)),
    );
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.issuedFrom) query = query.where('issue_date', '>=', filter.issuedFrom);
  if (filter.issuedTo) query = query.where('issue_date', '<=', filter.issuedTo);
  if (filter.overdueOn) query = query.where('status', '=', 'open').where('due_date', '<', filter.overdueOn);
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`lower(number) like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(reference) like ${pattern} escape '\\'`,
        // The owner types a customer's name (or ref): their invoices match.
        eb(
          'customer_id',
          'in',
          eb
            .selectFrom('customers')
            .select('customers.id')
            .where('customers.business_id', '=', businessId)
            .where((inner) =>
              inner.or([
                sql<SqlBool>`lower(customers.name) like ${pattern} escape '\\'`,
                sql<SqlBool>`lower(customers.ref) like ${pattern} escape '\\'`,
              ]),
            ),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('issue_date', direction).orderBy('number', direction).limit(page.limit).execute();
  return rows.map(toInvoice);
}

/** The names of these customers, by id. */
export async function customerNamesOf(db: Db, businessId: string, customerIds: readonly string[]): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('business_id', '=', businessId)
    .where('id', 'in', [...new Set(customerIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The names and refs of these customers, by id. */
export async function customerLabelsOf(
  db: Db,
  businessId: string,
  customerIds: readonly string[],
): Promise<Map<string, { name: string; ref: string | null }>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'name', 'ref'])
    .where('business_id', '=', businessId)
    .where('id', 'in', [...new Set(customerIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, ref: row.ref }]));
}

/** The numbers of these invoices, by id. */
export async function invoiceNumbersOf(db: Db, businessId: string, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('business_id', '=', businessId)
    .where('id', 'in', [...new Set(invoiceIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** Payments with their allocations, for the ids found by the query. */
async function withAllocations(db: Db, businessId: string, rows: Database['payments'][]): Promise<PaymentRecord[]> {
  if (rows.length === 0) return [];
  const allocations = await db
    .selectFrom('payment_allocations')
    .selectAll()
    .where('business_id', '=', businessId)
    .where(
      'payment_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('payment_id')
    .orderBy('invoice_id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    businessId: row.business_id,
    customerId: row.customer_id,
    amount: minor(row.amount_minor),
    method: row.method as PaymentMethod,
    provider: row.provider,
    date: row.date as CalendarDate,
    reference: row.reference,
    unapplied: minor(row.unapplied_minor),
    createdAt: row.created_at,
    allocations: allocations
      .filter((allocation) => allocation.payment_id === row.id)
      .map((allocation) => ({ invoiceId: allocation.invoice_id, amount: minor(allocation.amount_minor) })),
  }));
}

export async function getPayment(db: Db, businessId: string, paymentId: string): Promise<PaymentRecord | undefined> {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', paymentId)
    .execute();
  return (await withAllocations(db, businessId, rows))[0];
}

/** The ids of the payments carrying this reference (at most `limit`): references are the payer's, not unique. */
export async function paymentIdsByReference(db: Db, businessId: string, reference: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('payments')
    .select('id')
    .where('business_id', '=', businessId)
    .where('reference', '=', reference)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function findPayments(
  db: Db,
  businessId: string,
  filter: { customerId?: string | undefined; invoiceId?: string | undefined },
  page: { limit: number; afterId?: string | undefined },
): Promise<PaymentRecord[]> {
  let query = db.selectFrom('payments').selectAll().where('business_id', '=', businessId);
  if (page.afterId) query = query.where('id', '>', page.afterId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const invoiceId = filter.invoiceId;
  if (invoiceId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('payment_allocations')
          .select('payment_allocations.payment_id')
          .whereRef('payment_allocations.business_id', '=', 'payments.business_id')
          .whereRef('payment_allocations.payment_id', '=', 'payments.id')
          .where('payment_allocations.invoice_id', '=', invoiceId),
      ),
    );
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return withAllocations(db, businessId, rows);
}

export interface LedgerRow {
  readonly entryId: string;
  readonly date: string;
  readonly code: string;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly invoiceId: string | null;
  /** Change of what the customer owes: positive raises it. */
  readonly amount: number;
}

/**
 * A customer's receivable lines in (date, entry) order after a cursor, and the
 * balance owed before the first of them.
 */
export async function customerLedger(
  db: Db,
  businessId: string,
  customerId: string,
  page: { limit: number; after?: { date: string; entryId: string } | undefined },
): Promise<{ opening: number; rows: LedgerRow[] }> {
  const after = page.after;
  let query = db
    .selectFrom('journal_lines')
    .innerJoin('journal_entries', (join) =>
      join
        .onRef('journal_entries.business_id', '=', 'journal_lines.business_id')
        .onRef('journal_entries.id', '=', 'journal_lines.entry_id'),
    )
    .select([
      'journal_lines.entry_id',
      'journal_lines.date',
      'journal_lines.invoice_id',
      'journal_lines.amount_minor',
      'journal_entries.code',
      'journal_entries.source_type',
      'journal_entries.source_id',
    ])
    .where('journal_lines.business_id', '=', businessId)
    .where('journal_lines.customer_id', '=', customerId)
    .where('journal_lines.account', '=', 'receivable');
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('journal_lines.date', '>', after.date),
        eb.and([eb('journal_lines.date', '=', after.date), eb('journal_lines.entry_id', '>', after.entryId)]),
      ]),
    );
  const rows = await query
    .orderBy('journal_lines.date')
    .orderBy('journal_lines.entry_id')
    .orderBy('journal_lines.line_no')
    .limit(page.limit)
    .execute();
  let opening = 0;
  if (after) {
    const before = await db
      .selectFrom('journal_lines')
      .select((eb) => eb.fn.sum<number>('amount_minor').as('total'))
      .where('business_id', '=', businessId)
      .where('customer_id', '=', customerId)
      .where('account', '=', 'receivable')
      .where((eb) =>
        eb.or([eb('date', '<', after.date), eb.and([eb('date', '=', after.date), eb('entry_id', '<=', after.entryId)])]),
      )
      .executeTakeFirst();
    opening = Number(before?.total ?? 0);
  }
  return {
    opening,
    rows: rows.map((row) => ({
      entryId: row.entry_id,
      date: row.date,
      code: row.code,
      sourceType: row.source_type,
      sourceId: row.source_id,
      invoiceId: row.invoice_id,
      amount: Number(row.amount_minor),
    })),
  };
}

export interface AuditFilter {
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  readonly actor?: string | undefined;
  /** Instants, ISO 8601 UTC: from inclusive, to exclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export async function findAudit(
  db: Db,
  businessId: string,
  filter: AuditFilter,
  page: { limit: number; afterId?: string | undefined },
): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll().where('business_id', '=', businessId);
  if (page.afterId) query = query.where('id', '>', page.afterId);
  if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map(toAuditRecord);
}

/**
 * The moves of these customers' credit, in journal order: each payment's leftover
 * (its `customer_credit` line) and each `credit_applied` entry with the invoices it
 * paid. Only credit lines are read, so a customer's long history costs little.
 */
export async function creditMovesOf(
  db: Db,
  businessId: string,
  customerIds: readonly string[],
): Promise<Map<string, CreditMove[]>> {
  const result = new Map<string, CreditMove[]>();
  if (customerIds.length === 0) return result;
  const lines = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .select(['l.customer_id', 'l.amount_minor', 'e.id', 'e.code', 'e.source_id', 'e.date'])
    .where('l.business_id', '=', businessId)
    .where('l.account', '=', 'customer_credit')
    .where('l.customer_id', 'in', customerIds)
    .where('l.amount_minor', '<>', 0)
    .orderBy(sql`coalesce(e.seq, 0)`)
    .orderBy('e.id')
    .execute();
  const appliedIds = lines.filter((line) => line.code === 'credit_applied').map((line) => line.id);
  const paid = new Map<string, { invoiceId: string; amount: Minor }[]>();
  if (appliedIds.length > 0)
    for (const row of await db
      .selectFrom('journal_lines')
      .select(['entry_id', 'invoice_id', 'amount_minor'])
      .where('business_id', '=', businessId)
      .where('entry_id', 'in', appliedIds)
      .where('account', '=', 'receivable')
      .orderBy('entry_id')
      .orderBy('line_no')
      .execute())
      if (row.invoice_id)
        paid.set(row.entry_id, [
          ...(paid.get(row.entry_id) ?? []),
          { invoiceId: row.invoice_id, amount: minor(-row.amount_minor) },
        ]);
  for (const line of lines) {
    const customerId = line.customer_id as string;
    const moves = result.get(customerId) ?? [];
    if (line.code === 'credit_applied')
      moves.push({ kind: 'applied', date: line.date as CalendarDate, allocations: paid.get(line.id) ?? [] });
    else if (line.code === 'payment' && line.amount_minor < 0)
      moves.push({ kind: 'added', paymentId: line.source_id, amount: minor(-line.amount_minor) });
    result.set(customerId, moves);
  }
  return result;
}
