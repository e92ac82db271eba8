/** Lists a person browses: invoices, payments, a customer's ledger and the audit log. */
import { z } from 'zod';
import { INVOICE_STATUSES } from '../core/invoices.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import type { Kysely } from 'kysely';
import { type CreditTrail, creditTrails } from '../core/payments.js';
import {
  creditMovesOf,
  customerLabelsOf,
  customerLedger,
  customerNamesOf,
  findAudit,
  findInvoices,
  findPayments,
  invoiceNumbersOf,
} from '../store/browse-repo.js';
import { type PaymentRecord, getInvoiceLinesOf } from '../store/invoices-repo.js';
import type { Database } from '../store/schema.js';
import type { AuditRecord } from '../store/records-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { resolveInvoiceId, resolvePayment } from './lookups.js';
import { NAME_LENGTH_MAX, calendarDateField, pageLimit, parseInput, textField } from './validate.js';
import { parseInstant } from '../core/dates.js';
import { type InvoiceView, type PaymentView, invoiceView, paymentView } from './views.js';
import { t } from '../core/i18n/catalogue.js';

const cursor = z.string().max(100, 'must be a cursor from a previous page').optional();
/** Searched for as it is stored: under the text rule (NFC, invisible characters stripped, trimmed). */
const search = textField(NAME_LENGTH_MAX).optional();
const objectId = textField(100).optional();
/** A customer (id or ref) or an invoice (id or number) a list is filtered by. */
const namedObject = textField(NAME_LENGTH_MAX).optional();

const invoiceListSchema = z
  .object({
    limit: pageLimit,
    after: cursor,
    status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }).optional(),
    customerId: namedObject,
    overdue: z.boolean({ error: 'must be true or false' }).optional(),
    search,
    from: calendarDateField.optional(),
    to: calendarDateField.optional(),
    order: z.enum(['oldest', 'newest'], { error: 'must be oldest or newest' }).default('oldest'),
  })
  .strict();

/**
 * A page of invoices with their lines by issue date, then number, oldest first (or newest
 * first), filtered by status, customer (id or ref), overdue, issue dates and a search in the
 * number, the reference and the customer's name or ref.
 */
export async function listInvoices(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof invoiceListSchema> = {},
): Promise<Result<{ invoices: InvoiceView[]; nextCursor: string | null }>> {
  const parsed = parseInput(invoiceListSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, overdue, from, to, order, ...filter } = parsed.value;
  if (overdue === false && filter.status === undefined) return invalid({ overdue: t('browse.overdue_false') });
  if (from && to && from > to) return invalid({ to: t('browse.to_before_from', { from }) });
  const named = await resolveNamedObjects(ctx, business, filter);
  if (!named.ok) return named;
  const rows = await findInvoices(
    ctx.store.db,
    business.id,
    { ...filter, ...named.value, overdueOn: overdue ? todayOf(ctx, business) : undefined, issuedFrom: from, issuedTo: to },
    { limit: limit + 1, afterId: after, newestFirst: order === 'newest' },
  );
  const pageRows = rows.slice(0, limit);
  const lines = await getInvoiceLinesOf(
    ctx.store.db,
    business.id,
    pageRows.map((invoice) => invoice.id),
  );
  return ok({
    invoices: pageRows.map((invoice) => invoiceView(invoice, lines.get(invoice.id) ?? [])),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

const paymentListSchema = z.object({ limit: pageLimit, after: cursor, customerId: namedObject, invoiceId: namedObject }).strict();

/** A page of payments with their allocations, oldest first. */
export async function listPayments(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof paymentListSchema> = {},
): Promise<Result<{ payments: PaymentView[]; nextCursor: string | null }>> {
  const parsed = parseInput(paymentListSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, ...filter } = parsed.value;
  const named = await resolveNamedObjects(ctx, business, filter);
  if (!named.ok) return named;
  const rows = await findPayments(ctx.store.db, business.id, named.value, { limit: limit + 1, afterId: after });
  const pageRows = rows.slice(0, limit);
  return ok({
    payments: await paymentViews(ctx.store.db, business.id, pageRows),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

/**
 * The ids of the customer (id or ref) and invoice (id or number) a filter
 * names. One of another business (or none) is not_found, not an empty list.
 */
async function resolveNamedObjects(
  ctx: AppContext,
  business: Business,
  filter: { customerId?: string | undefined; invoiceId?: string | undefined },
): Promise<Result<{ customerId?: string; invoiceId?: string }>> {
  const ids: { customerId?: string; invoiceId?: string } = {};
  if (filter.customerId !== undefined) {
    const customer = await resolveCustomer(ctx.store.db, business.id, filter.customerId);
    if (!customer.ok) return customer;
    ids.customerId = customer.value.id;
  }
  if (filter.invoiceId !== undefined) {
    const invoiceId = await resolveInvoiceId(ctx.store.db, business.id, filter.invoiceId);
    if (!invoiceId.ok) return invoiceId;
    ids.invoiceId = invoiceId.value;
  }
  return ok(ids);
}

/** One payment, by id or by its reference (when one payment carries it). */
export async function showPayment(ctx: AppContext, business: Business, idOrReference: string): Promise<Result<PaymentView>> {
  const payment = await resolvePayment(ctx.store.db, business.id, idOrReference);
  return payment.ok ? ok((await paymentViews(ctx.store.db, business.id, [payment.value]))[0] as PaymentView) : payment;
}

/**
 * Payments as people read them: what each paid directly, what its leftover paid as
 * credit (first in, first out over the customer's credit), what is still credit, with
 * invoice numbers. Only customers of payments that left something over are traced.
 */
export async function paymentViews(
  db: Kysely<Database>,
  businessId: string,
  payments: readonly PaymentRecord[],
): Promise<PaymentView[]> {
  const traced = [...new Set(payments.filter((payment) => payment.unapplied > 0).map((payment) => payment.customerId))];
  const trails = new Map<string, CreditTrail>();
  for (const moves of (await creditMovesOf(db, businessId, traced)).values())
    for (const [paymentId, trail] of creditTrails(moves)) trails.set(paymentId, trail);
  const numbers = await invoiceNumbersOf(db, businessId, [
    ...payments.flatMap((payment) => payment.allocations.map((allocation) => allocation.invoiceId)),
    ...[...trails.values()].flatMap((trail) => trail.applied.map((applied) => applied.invoiceId)),
  ]);
  return payments.map((payment) => paymentView(payment, trails.get(payment.id), numbers));
}

/** The names of the customers of these invoices, by customer id (for lists printed as tables). */
export async function customerNamesFor(
  ctx: AppContext,
  business: Business,
  invoices: readonly { customerId: string }[],
): Promise<Map<string, string>> {
  return customerNamesOf(
    ctx.store.db,
    business.id,
    invoices.map((invoice) => invoice.customerId),
  );
}

/** What people call the customers and invoices a result names by id: names (with ref) and numbers. */
export interface PeopleNames {
  readonly customers: ReadonlyMap<string, { name: string; ref: string | null }>;
  readonly invoices: ReadonlyMap<string, string>;
}

/** The names and refs of these customers and the numbers of these invoices, for a result people read. */
export async function peopleNames(
  ctx: AppContext,
  business: Business,
  ids: { customerIds?: readonly string[]; invoiceIds?: readonly string[] },
): Promise<PeopleNames> {
  return {
    customers: await customerLabelsOf(ctx.store.db, business.id, ids.customerIds ?? []),
    invoices: await invoiceNumbersOf(ctx.store.db, business.id, ids.invoiceIds ?? []),
  };
}

export interface LedgerView {
  customerId: string;
  /** What the customer owed before the first entry of this page. */
  opening: number;
  entries: {
    entryId: string;
    date: string;
    code: string;
    sourceType: string;
    sourceId: string;
    invoiceId: string | null;
    amount: number;
    /** What the customer owed after this entry. */
    balance: number;
  }[];
  /** What the customer owes now (the projection; equals the last running balance on the last page). */
  balance: number;
  nextCursor: string | null;
}

const ledgerSchema = z
  .object({
    customer: z.string().min(1).max(NAME_LENGTH_MAX),
    limit: pageLimit,
    after: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}\.[a-z]{3}_[0-9a-z]+$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();

/** A customer's receivable entries in date order with the running balance. */
export async function customerLedgerView(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof ledgerSchema>,
): Promise<Result<LedgerView>> {
  const parsed = parseInput(ledgerSchema, input);
  if (!parsed.ok) return parsed;
  const customer = await resolveCustomer(ctx.store.db, business.id, parsed.value.customer);
  if (!customer.ok) return customer;
  const { limit, after } = parsed.value;
  const afterKey = after === undefined ? undefined : { date: after.slice(0, 10), entryId: after.slice(11) };
  const page = await customerLedger(ctx.store.db, business.id, customer.value.id, { limit: limit + 1, after: afterKey });
  const rows = page.rows.slice(0, limit);
  let running = page.opening;
  const entries = rows.map((row) => {
    running += row.amount;
    return { ...row, balance: running };
  });
  const last = rows[rows.length - 1];
  return ok({
    customerId: customer.value.id,
    opening: page.opening,
    entries,
    balance: customer.value.balance,
    nextCursor: page.rows.length > limit && last ? `${last.date}.${last.entryId}` : null,
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const instant = z
  .string()
  .regex(INSTANT, 'must be an ISO 8601 UTC instant such as 2026-11-22T09:00:00Z')
  .refine((text) => parseInstant(text) !== undefined, 'must be a real instant')
  .transform((text) => (parseInstant(text) as Date).toISOString())
  .optional();

const auditSchema = z
  .object({
    limit: pageLimit,
    after: cursor,
    objectType: z.string().trim().min(1).max(50).optional(),
    objectId,
    actor: z.string().trim().min(1).max(100).optional(),
    from: instant,
    to: instant,
  })
  .strict();

export type AuditView = Omit<AuditRecord, 'businessId'>;

/** The audit log of the business, oldest first, filtered by object, actor and time. */
export async function auditLog(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof auditSchema> = {},
): Promise<Result<{ records: AuditView[]; nextCursor: string | null }>> {
  const parsed = parseInput(auditSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, ...filter } = parsed.value;
  if (filter.from && filter.to && filter.from >= filter.to) return invalid({ to: t('period.to_after_from') });
  const rows = await findAudit(ctx.store.db, business.id, filter, { limit: limit + 1, afterId: after });
  const pageRows = rows.slice(0, limit);
  return ok({
    records: pageRows.map(({ businessId: _businessId, ...record }) => record),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}
